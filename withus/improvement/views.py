"""Views for co-produced QI projects."""
