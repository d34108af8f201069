"""Django forms rendered through NHS.UK design-system components.

Templates call the `form_field` macro (core/forms.jinja), which asks `nhsuk_field_params` which NHS.UK
component fits the field's widget and with what parameters. No raw Django widget reaches a page.
"""

import datetime
import re
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from markupsafe import Markup

from withus.core.text import single_line


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where there is one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes, as the NHS.UK date input asks for dates people know."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        super().__init__({"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with NHS.UK-style messages that say how to fix it."""

    widget = DateInputWidget

    def __init__(self, *, min_year: int = 1900, max_year: int = 2100, **kwargs):
        self.min_year = min_year
        self.max_year = max_year
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=parts, **kwargs)

    def compress(self, data_list):
        return data_list

    def clean(self, value):
        label = str(self.label or gettext("Date")).strip()
        day, month, year = ([(part or "").strip() for part in value] + ["", "", ""])[:3] if value else ("", "", "")
        if not (day or month or year):
            if self.required:
                raise ValidationError(gettext("Enter %(label)s") % {"label": label.lower()}, code="required")
            return None
        missing = tuple(name for name, part in (("day", day), ("month", month), ("year", year)) if not part)
        if missing:
            raise ValidationError(self._missing_message(missing) % {"label": label}, code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                gettext("%(label)s must be a real date, in numbers, like 27 3 2007") % {"label": label}, code="invalid"
            )
        if len(year) != 4:
            raise ValidationError(gettext("Year must include 4 numbers, like 2007"), code="invalid")
        try:
            result = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(
                gettext("%(label)s must be a real date") % {"label": label}, code="invalid"
            ) from error
        if not (self.min_year <= result.year <= self.max_year):
            raise ValidationError(
                gettext("%(label)s must be between %(first)s and %(last)s")
                % {"label": label, "first": self.min_year, "last": self.max_year},
                code="out_of_range",
            )
        self.run_validators(result)
        self.validate(result)
        return result

    @staticmethod
    def _missing_message(missing: tuple[str, ...]) -> str:
        """What is missing, as a whole sentence in the reader's language (never built from pieces)."""
        messages = {
            ("day",): gettext("%(label)s must include a day"),
            ("month",): gettext("%(label)s must include a month"),
            ("year",): gettext("%(label)s must include a year"),
            ("day", "month"): gettext("%(label)s must include a day and month"),
            ("day", "year"): gettext("%(label)s must include a day and year"),
            ("month", "year"): gettext("%(label)s must include a month and year"),
        }
        return messages[missing]

    def validate(self, value):
        # The parts are validated in clean(); MultiValueField's own validation would repeat it.
        return


class SubmissionKeyField(forms.UUIDField):
    """A hidden one-time key so a form sent twice (double click, back and resend) saves once."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", uuid.uuid4)
        kwargs.setdefault("required", True)
        super().__init__(**kwargs)


def _label(bound) -> dict[str, Any]:
    return {"text": str(bound.label)}


def _first_error(bound) -> dict[str, str] | None:
    return {"text": str(bound.errors[0]), "visuallyHiddenText": gettext("Error")} if bound.errors else None


def _attributes(widget: forms.Widget) -> dict[str, str]:
    skip = {
        "class",
        "id",
        "name",
        "type",
        "value",
        "maxlength",
        "autocomplete",
        "spellcheck",
        "inputmode",
        "placeholder",
        "autofocus",
        "required",
    }
    return {key: str(value) for key, value in widget.attrs.items() if key not in skip and value is not False}


def _choice_items(bound, *, multiple: bool) -> list[dict[str, Any]]:
    value = bound.value()
    if multiple:
        selected = {str(item) for item in (value or [])}
    elif value in (None, ""):
        selected = set()
    else:
        selected = {str(value)}
    skip_blank = not multiple and isinstance(bound.field.widget, forms.RadioSelect)
    items = []
    for choice_value, choice_label in bound.field.choices:
        if skip_blank and choice_value in ("", None):
            continue
        key = str(getattr(choice_value, "value", choice_value))
        items.append({"value": key, "text": str(choice_label), "checked": key in selected, "selected": key in selected})
    return items


def _fieldset(bound, overrides: dict[str, Any]) -> dict[str, Any]:
    legend_classes = overrides.pop("legend_classes", "nhsuk-fieldset__legend--s")
    return {"legend": {"text": str(bound.label), "classes": legend_classes, "isPageHeading": False}}


def _hidden(bound, params, overrides):
    value = bound.value()
    params["value"] = "" if value is None else str(value)
    return "hidden"


def _date(bound, params, overrides):
    day, month, year = _date_parts(bound)
    field_id, name = params["id"], bound.html_name
    params["fieldset"] = _fieldset(bound, overrides)
    labels = {"day": gettext("Day"), "month": gettext("Month"), "year": gettext("Year")}
    params["items"] = [
        {"id": f"{field_id}_{part}", "name": f"{name}_{part}", "label": labels[part], "value": value, "width": width}
        for part, value, width in (("day", day, 2), ("month", month, 2), ("year", year, 4))
    ]
    if bound.errors:
        for item in params["items"]:
            item["classes"] = "nhsuk-input--error"
    return "date"


def _choices(kind: str, *, multiple: bool):
    def build(bound, params, overrides):
        params["idPrefix"] = params.pop("id")
        params.update({"fieldset": _fieldset(bound, overrides), "items": _choice_items(bound, multiple=multiple)})
        return kind

    return build


def _single_checkbox(bound, params, overrides):
    params["idPrefix"] = params.pop("id")
    item = {"value": "on", "text": str(bound.label), "checked": bool(bound.value())}
    if "hint" in params:
        item["hint"] = params.pop("hint")
    params["items"] = [item]
    return "checkboxes"


def _select(bound, params, overrides):
    params.update({"label": _label(bound), "items": _choice_items(bound, multiple=False)})
    return "select"


def _textarea(bound, params, overrides):
    rows = bound.field.widget.attrs.get("rows", 5)
    params.update({"label": _label(bound), "value": bound.value() or "", "rows": rows})
    max_length = getattr(bound.field, "max_length", None)
    if max_length:
        params["maxlength"] = max_length
        params.update(_character_count_texts())
        return "character_count"
    return "textarea"


def _in_each_plural(message) -> dict[str, str]:
    """One message in each plural category the NHS.UK script asks for (Intl.PluralRules: one, few, many, other),
    in the reader's language. `%{count}` is the script's own placeholder."""
    return {"one": message(1), "few": message(2), "many": message(5), "other": message(5)}


def _character_count_texts() -> dict[str, Any]:
    """The character count's messages, translated (the component's own are English only)."""
    return {
        "textareaDescriptionText": gettext("You can enter up to %{count} characters"),
        "charactersUnderLimitText": _in_each_plural(
            lambda n: ngettext("You have %{count} character remaining", "You have %{count} characters remaining", n)
        ),
        "charactersAtLimitText": gettext("You have 0 characters remaining"),
        "charactersOverLimitText": _in_each_plural(
            lambda n: ngettext("You have %{count} character too many", "You have %{count} characters too many", n)
        ),
    }


def _input(bound, params, overrides):
    widget = bound.field.widget
    input_type = getattr(widget, "input_type", "text")
    if input_type == "password":
        params["label"] = _label(bound)
        return "password"
    value = bound.value()
    params.update({"label": _label(bound), "value": "" if value is None else str(value)})
    params["type"] = "text" if input_type == "number" else input_type
    if input_type == "number":
        params["inputmode"] = "numeric"
    if input_type == "email" or widget.attrs.get("spellcheck") == "false":
        params["spellcheck"] = False
    for attribute in ("autocomplete", "inputmode"):
        if widget.attrs.get(attribute):
            params[attribute] = widget.attrs[attribute]
    return "input"


# Order matters: subclasses before their bases (RadioSelect and CheckboxSelectMultiple are Selects).
_BUILDERS = (
    (forms.HiddenInput, _hidden),
    (DateInputWidget, _date),
    (forms.CheckboxSelectMultiple, _choices("checkboxes", multiple=True)),
    (forms.RadioSelect, _choices("radios", multiple=False)),
    (forms.CheckboxInput, _single_checkbox),
    (forms.Select, _select),
    (forms.Textarea, _textarea),
)


def nhsuk_field_params(bound, overrides: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """Return (component, params) for one bound field: which NHS.UK macro to call, with what."""
    overrides = dict(overrides or {})
    widget = bound.field.widget
    params: dict[str, Any] = {"id": bound.auto_id or f"id_{bound.html_name}", "name": bound.html_name}
    if bound.help_text:
        # Help text is written by developers, never typed by a person, and Django draws it as markup: allauth's
        # "Forgot your password?" hint is a link. Shown as text, it would put the tags on screen.
        params["hint"] = {"html": Markup(str(bound.help_text))}  # noqa: S704 # nosec B704 - developer-written, as in Django
    if error := _first_error(bound):
        params["errorMessage"] = error
    builder = next((build for widget_class, build in _BUILDERS if isinstance(widget, widget_class)), _input)
    kind = builder(bound, params, overrides)
    attributes = _attributes(widget)
    if attributes and kind in {"input", "textarea", "character_count", "select", "password"}:
        params["attributes"] = attributes
    params.update(overrides)
    return kind, params


def _date_parts(bound) -> tuple[str, str, str]:
    if bound.form.is_bound:
        data = bound.form.data
        return tuple(str(data.get(f"{bound.html_name}_{part}", "")) for part in ("day", "month", "year"))
    value = bound.value()
    if isinstance(value, datetime.date):
        return str(value.day), str(value.month), str(value.year)
    return "", "", ""


def _error_anchor(bound) -> str:
    widget = bound.field.widget
    field_id = bound.auto_id or f"id_{bound.html_name}"
    if isinstance(widget, DateInputWidget):
        return f"#{field_id}_day"
    return f"#{field_id}"


def nhsuk_error_summary_items(form: forms.Form) -> list[dict[str, str]]:
    """Each error once, in field order, linked to the field to fix (NHS.UK error summary)."""
    items = [{"text": str(error), "href": "#maincontent"} for error in form.non_field_errors()]
    for bound in form:
        if bound.errors:
            # Indexing (not slicing) an ErrorList gives the message text, not the ValidationError.
            items.append({"text": str(bound.errors[0]), "href": _error_anchor(bound)})
    return items


def text_field(
    label: str, *, max_length: int, required: bool = True, help_text: str = "", rows: int | None = None
) -> forms.CharField:
    """A text box (or a text area with `rows`) whose errors say what to enter, in the NHS.UK style."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        validators=[] if rows else [single_line],
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "max_length": f"{label.removesuffix(' (optional)')} must be {max_length:,} characters or fewer",
        },
    )


TIME_PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(value: str) -> datetime.time | None:
    """'2pm', '2:30pm', '14:30', '9.15am' or 'midday'."""
    text = value.strip().lower()
    if text in {"midday", "noon"}:
        return datetime.time(12, 0)
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class TimeField(forms.CharField):
    """A time typed the way people write it: 10am, 2:30pm or 14:30."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "For example, 10am, 2:30pm or 14:30")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        parsed = parse_time(value)
        if parsed is None:
            raise forms.ValidationError(f"{self.label} must be a real time, like 10am, 2:30pm or 14:30")
        return parsed
