"""The one way a page sends a valid form to a service: errors back on the form, or a message and a redirect."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from withus.core.forms import add_service_errors

T = TypeVar("T")


def submit(
    request: HttpRequest,
    form: Form,
    service_call: Callable[[dict[str, Any]], T],
    success_message: str | Callable[[T], str],
    redirect_to: str | Callable[[T], str],
) -> HttpResponse | None:
    """Run `service_call(form.cleaned_data)` when a POSTed form is valid.

    The service's ValidationError goes on the form (on its field where it names one) and None comes back, so the
    view shows the form again with NHS.UK error messages and nothing saved. When the service succeeds, the success
    message (text, or built from the service's result) is shown and the redirect is returned. A GET, or a form
    that is not valid, also gives None. Use it as `return submit(...) or render(...)`.

    `redirect_to` is a URL or a URL name without arguments, or a function of the result that gives one.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service_call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success_message(result) if callable(success_message) else success_message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
