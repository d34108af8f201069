"""Views for involvement opportunities and records."""
