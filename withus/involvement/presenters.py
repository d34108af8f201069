"""Display helpers for involvement records: hours in words and a person's totals. They only format."""

from decimal import Decimal


def hours_text(hours) -> str:
    """'1 hour', '2.5 hours', '0 hours'."""
    value = Decimal(hours or 0).normalize()
    text = f"{value:f}"
    return f"{text} hour" if value == 1 else f"{text} hours"


def totals(summary: dict, last_year: dict) -> dict:
    return {
        "hours": hours_text(summary.get("hours")),
        "count": summary.get("count") or 0,
        "first": summary.get("first"),
        "hours_last_year": hours_text(last_year.get("hours")),
    }
