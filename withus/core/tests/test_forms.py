import datetime

import pytest
from django import forms

from withus.core.forms import DateInputField, nhsuk_error_summary_items, nhsuk_field_params


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=20, help_text="As on your letters")
    email = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    story = forms.CharField(label="Your story", max_length=500, widget=forms.Textarea)
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        label="Days",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    unit = forms.ChoiceField(label="Unit", choices=[("", "Any"), ("w", "Willow")], required=False)
    agree = forms.BooleanField(label="I agree", required=False)
    born = DateInputField(label="Date of birth")


def _date(day, month, year):
    return {"born_day": day, "born_month": month, "born_year": year}


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter date of birth"),
        (("12", "", "2020"), "Date of birth must include a month"),
        (("", "", "2020"), "Date of birth must include a day and month"),
        (("31", "2", "2020"), "Date of birth must be a real date"),
        (("aa", "2", "2020"), "Date of birth must be a real date, in numbers, like 27 3 2007"),
        (("1", "2", "20"), "Year must include 4 numbers, like 2007"),
        (("1", "2", "1066"), "Date of birth must be between 1900 and 2100"),
    ],
)
def test_date_input_says_how_to_fix_a_bad_date(parts, message):
    form = ExampleForm(data=_date(*parts))
    assert not form.is_valid()
    assert form.errors["born"] == [message]


def test_date_input_accepts_a_real_date():
    form = ExampleForm(data=_date("27", "3", "2007"))
    form.is_valid()
    assert form.cleaned_data["born"] == datetime.date(2007, 3, 27)


def test_each_widget_renders_through_the_matching_nhs_uk_component():
    form = ExampleForm(data={"name": "A" * 30, "colour": "blue", "days": ["tue"], **_date("1", "2", "2000")})
    form.is_valid()
    kinds = {field.name: nhsuk_field_params(field)[0] for field in form}
    assert kinds == {
        "name": "input",
        "email": "input",
        "story": "character_count",
        "colour": "radios",
        "days": "checkboxes",
        "unit": "select",
        "agree": "checkboxes",
        "born": "date",
    }


def test_params_carry_value_hint_error_and_choices():
    form = ExampleForm(data={"name": "A" * 30, "colour": "blue", "days": ["tue"], **_date("1", "2", "2000")})
    form.is_valid()
    _, name = nhsuk_field_params(form["name"])
    assert name["value"] == "A" * 30
    assert name["hint"] == {"html": "As on your letters"}
    assert name["errorMessage"]["text"].startswith("Ensure this value has at most 20 characters")
    _, colour = nhsuk_field_params(form["colour"])
    assert [item["checked"] for item in colour["items"]] == [False, True]
    _, email = nhsuk_field_params(form["email"])
    assert email["type"] == "email"
    assert email["autocomplete"] == "email"
    assert email["spellcheck"] is False
    _, born = nhsuk_field_params(form["born"])
    assert [item["value"] for item in born["items"]] == ["1", "2", "2000"]
    assert [item["name"] for item in born["items"]] == ["born_day", "born_month", "born_year"]


def test_error_summary_links_each_error_to_its_field():
    form = ExampleForm(data={})
    form.is_valid()
    hrefs = {item["href"] for item in nhsuk_error_summary_items(form)}
    assert {"#id_name", "#id_email", "#id_story", "#id_colour", "#id_born_day"} <= hrefs


def test_a_hint_with_a_link_is_drawn_as_a_link_not_as_text():
    class Form(forms.Form):
        password = forms.CharField(help_text='<a href="/accounts/password/reset/">Forgot your password?</a>')

    _, params = nhsuk_field_params(Form()["password"])
    assert str(params["hint"]["html"]) == '<a href="/accounts/password/reset/">Forgot your password?</a>'
