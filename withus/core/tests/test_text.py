"""One rule for single-line text (no control characters) and one cleaning for services (issue 12 item 8)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from withus.core.forms import text_field
from withus.core.text import SINGLE_LINE_MESSAGE, clean_text, clean_values, has_control_characters, single_line

CONTROLS = ["a\rb", "a\nb", "a\r\nb", "a\tb", "a\x00b", "a\x1bb", "a\x7fb", "a\x85b", "a\u2028b", "a\u2029b"]


@pytest.mark.parametrize("value", CONTROLS)
def test_single_line_text_refuses_control_characters(value):
    assert has_control_characters(value)
    with pytest.raises(ValidationError, match="one line"):
        single_line(value)
    with pytest.raises(ValidationError) as refused:
        clean_text(value, single_line=True, field="title")
    assert refused.value.message_dict == {"title": [SINGLE_LINE_MESSAGE]}


@pytest.mark.parametrize("value", ["Interview panel", "Café – ward 3", "O’Brien", "ünïcødé 🙂", ""])
def test_ordinary_text_is_accepted(value):
    single_line(value)
    assert clean_text(f"  {value}  ", single_line=True) == value


def test_multi_line_text_keeps_line_breaks_and_tabs_and_loses_other_control_characters():
    assert clean_text("  one\r\ntwo\tthree\x00\x1b  ") == "one\r\ntwo\tthree"
    assert not has_control_characters("one\r\ntwo\tthree", multi_line=True)


def test_collapse_joins_a_name_typed_over_lines():
    assert clean_text("  People\r\n  Participation\tGroup\x00 ", collapse=True) == "People Participation Group"


def test_clean_values_checks_only_the_single_line_fields_and_leaves_other_values():
    values = clean_values({"title": " Panel ", "notes": "a\nb ", "places": 3}, single_line={"title"})
    assert values == {"title": "Panel", "notes": "a\nb", "places": 3}
    with pytest.raises(ValidationError) as refused:
        clean_values({"title": "Pa\nnel", "notes": "ok"}, single_line={"title"})
    assert list(refused.value.message_dict) == ["title"]


class _Form(forms.Form):
    title = text_field("Title", max_length=100)
    story = text_field("Story", max_length=1000, rows=3)


def test_a_text_box_refuses_a_line_break_and_a_text_area_keeps_it():
    form = _Form({"title": "Panel\r\nBcc: x@example.com", "story": "line one\r\nline two"})
    assert not form.is_valid()
    assert form.errors == {"title": [SINGLE_LINE_MESSAGE]}
    form = _Form({"title": "Panel", "story": "line one\r\nline two"})
    assert form.is_valid()
    assert form.cleaned_data["story"] == "line one\r\nline two"
