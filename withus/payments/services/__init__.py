"""Writes for payments, one module per workflow; each validates, saves and audits in one transaction."""
