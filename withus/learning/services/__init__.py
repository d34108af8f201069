"""Writes for the learning pathway, one module per workflow; each validates, saves and audits in one transaction."""
