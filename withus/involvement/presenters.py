"""Display helpers for involvement records: hours in words and a person's totals. They only format."""

from decimal import Decimal

from django.utils.translation import gettext, ngettext


def hours_text(hours) -> str:
    """'1 hour', '2.5 hours', '0 hours', in the reader's language."""
    value = Decimal(hours or 0).normalize()
    text = f"{value:f}"
    if value != value.to_integral_value():
        # Translators: a number of hours with a fraction, like 2.5 or 0.25.
        return gettext("%(hours)s hours") % {"hours": text}
    return ngettext("%(hours)s hour", "%(hours)s hours", int(value)) % {"hours": text}


def totals(summary: dict, last_year: dict) -> dict:
    return {
        "hours": hours_text(summary.get("hours")),
        "count": summary.get("count") or 0,
        "first": summary.get("first"),
        "hours_last_year": hours_text(last_year.get("hours")),
    }
