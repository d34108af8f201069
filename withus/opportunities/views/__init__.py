"""Opportunity, selection, attendance and involvement pages, one module per workflow. Thin views."""
