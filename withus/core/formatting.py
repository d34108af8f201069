"""Dates and times the NHS.UK way: "26 November 2026", "2:30pm", "9am", "midday"."""

from datetime import date, datetime

from django.utils import formats, timezone


def date_long(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def date_in_language(value: date | datetime | None) -> str:
    """For pages: the date with its month in the reader's language where Django has the month names ("13 kwietnia
    2025", "13 اپریل 2025"); in English exactly `date_long`. Python code that stores or sends text keeps `date_long`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "j E Y")


def time_short(value: datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.minute == 0 and value.hour == 12:
        return "midday"
    if value.minute == 0 and value.hour == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def datetime_long(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{date_long(value)} at {time_short(value)}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {word}"
