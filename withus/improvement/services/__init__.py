"""Writes to QI projects, one module per workflow; each validates, saves and audits in one transaction."""
