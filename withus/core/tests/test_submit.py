"""core.submit: a valid form goes to the service; its errors come back on the form, else a message and a redirect."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from withus.core.submit import submit


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)
    nickname = forms.CharField(max_length=20, required=False)


def _request(method: str, data=None):
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_a_valid_form_calls_the_service_once_then_says_so_and_redirects():
    calls = []
    request = _request("POST", {"name": "Amara"})
    form = NameForm(request.POST)
    response = submit(
        request,
        form,
        lambda data: calls.append(data["name"]) or data["name"].upper(),
        lambda result: f"{result} has been saved.",
        lambda result: f"/people/{result}/",
    )
    assert calls == ["Amara"]
    assert response.status_code == 302
    assert response.url == "/people/AMARA/"
    assert _messages(request) == [("success", "AMARA has been saved.")]


def test_plain_message_and_address_are_used_as_they_are():
    request = _request("POST", {"name": "Ben"})
    response = submit(request, NameForm(request.POST), lambda data: None, "Saved.", "/done/")
    assert response.url == "/done/"
    assert _messages(request) == [("success", "Saved.")]


def test_a_get_or_an_invalid_form_never_calls_the_service():
    def service(data):
        raise AssertionError("the service must not be called")

    get = _request("GET")
    assert submit(get, NameForm(None), service, "Saved.", "/done/") is None
    post = _request("POST", {"name": ""})
    form = NameForm(post.POST)
    assert submit(post, form, service, "Saved.", "/done/") is None
    assert form.errors["name"] == ["This field is required."]
    assert _messages(get) == []
    assert _messages(post) == []


def test_service_errors_go_on_their_field_or_above_the_form_and_nothing_is_said():
    request = _request("POST", {"name": "Chen"})
    form = NameForm(request.POST)

    def refuse(data):
        raise ValidationError({"nickname": "Enter a nickname", "when": "Not a field of this form"})

    assert submit(request, form, refuse, "Saved.", "/done/") is None
    assert form.errors["nickname"] == ["Enter a nickname"]
    assert form.non_field_errors() == ["Not a field of this form"]
    assert _messages(request) == []

    request = _request("POST", {"name": "Chen"})
    form = NameForm(request.POST)

    def refuse_plainly(data):
        raise ValidationError("No.")

    assert submit(request, form, refuse_plainly, "Saved.", "/") is None
    assert form.non_field_errors() == ["No."]
