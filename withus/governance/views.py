"""Committee and recruitment panel pages."""
