"""Text people type: one cleaning for services, and one rule for single-line fields (issue 12 item 8).

A single-line field (a name, a title, a reference) never holds a control character: a carriage return or line
feed in an opportunity's title once reached an e-mail's subject line and broke the sending after the commit. Forms
refuse them with a message (`single_line`, used by `withus.core.forms.text_field` and every text box), and
services clean what they are given with `clean_text`, which refuses them too, so no other path saves one.
Multi-line fields (text areas) keep their line breaks and tabs but lose the other control characters.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

SINGLE_LINE_MESSAGE = "Enter this on one line, without line breaks, tabs or other control characters"
# Line and paragraph separators (U+2028, U+2029) are not control characters but end a line all the same.
_LINE_ENDS = frozenset({"\u2028", "\u2029"})
_KEPT_IN_MULTI_LINE = frozenset({"\n", "\r", "\t"})


def has_control_characters(value: str, *, multi_line: bool = False) -> bool:
    """True if `value` holds a control character (for multi-line text: other than a line break or tab)."""
    for character in value:
        if multi_line and character in _KEPT_IN_MULTI_LINE:
            continue
        if character in _LINE_ENDS or unicodedata.category(character) == "Cc":
            return True
    return False


def single_line(value) -> None:
    """Django validator: refuse control characters (CR, LF, tab, NUL ...) in a single-line field."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")


_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value, *, single_line: bool = False, collapse: bool = False, field: str = ""):
    """Text as a service stores it, stripped of surrounding spaces. Anything that is not text is returned as it is.

    - `single_line`: a control character (CR, LF, tab, NUL ...) raises ValidationError, on `field` when given;
    - `collapse`: every run of spaces, tabs and line breaks becomes one space (a name typed over two lines);
    - otherwise (text areas) line breaks and tabs stay, and any other control character (such as NUL, which
      PostgreSQL cannot store) is removed.
    """
    if not isinstance(value, str):
        return value
    if collapse:
        return _OTHER_CONTROLS.sub("", " ".join(value.split()))
    value = value.strip()
    if single_line and has_control_characters(value):
        error = ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")
        raise ValidationError({field: error}) if field else error
    return _OTHER_CONTROLS.sub("", value)


def subject_line(text: str) -> str:
    """Text for an e-mail's subject: one line, whatever was stored (a line break in a subject makes sending fail)."""
    return clean_text(text or "", collapse=True)


def clean_values(values: dict, *, single_line: frozenset[str] | set[str] | tuple[str, ...] = ()) -> dict:
    """`clean_text` over a form's cleaned data: the fields named in `single_line` must be on one line."""
    return {key: clean_text(value, single_line=key in single_line, field=key) for key, value in values.items()}
