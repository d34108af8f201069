"""Writes for opportunities, selection and attendance, one module per workflow; each validates, saves and audits."""
