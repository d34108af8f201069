"""Writes for committees and recruitment panels, one module per workflow; each validates, saves and audits."""
