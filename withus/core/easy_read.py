"""Easy-read versions of the participant pages that matter most (issue 26 item 3, ADR 41).

A page with an easy-read version has a second template beside its own, named `<page>.easy.jinja`, with short
sentences, one idea per line and a picture on the left of each idea. A participant sees it when they ask for it
with the link on the page (remembered for the visit) or when their record says they need easy read (the
Accessible Information Standard). A page with no easy-read version is always shown as it is, whatever was asked:
there is never a link to an easy-read page that does not exist.
"""

import base64
from functools import cache
from pathlib import Path

from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

EASY = "easy"
STANDARD = "standard"
SESSION_KEY = "withus_read"
EASY_READ_NEED = "easy_read"  # the code of the need on the person's record (withus.people.models.CommunicationNeed)
# The pictures easy-read pages show on the left of each idea (core/easy_read.jinja), shipped as files.
PICTURES = Path(__file__).resolve().parent / "static" / "withus" / "easy-read"


@cache
def picture_data_url(name: str) -> str:
    """One of the easy-read pictures as a `data:` URL, for a PDF (which reads no files while it renders, core.pdf).
    Only the pictures that are shipped: any other name raises ValueError."""
    path = PICTURES / f"{name}.svg"
    if not name.isidentifier() or not path.is_file():
        raise ValueError(f"There is no easy-read picture called {name!r}")
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def easy_template_name(template_name: str) -> str:
    return template_name.removesuffix(".jinja") + ".easy.jinja"


@cache
def has_easy_read(template_name: str) -> bool:
    try:
        get_template(easy_template_name(template_name), using="jinja2")
    except TemplateDoesNotExist:
        return False
    return True


def _person_needs_easy_read(user, person=None) -> bool:
    # The person's record is the page's own when it has it (no query), or is reached through the user (core imports
    # no other app). A user with no record raises Django's RelatedObjectDoesNotExist, which is an AttributeError.
    if person is None or getattr(person, "user_id", None) != user.pk:
        try:
            person = user.person
        except AttributeError:
            return False
    return EASY_READ_NEED in (getattr(person, "communication_needs", None) or [])


def wants_easy_read(request, person=None) -> bool:
    """The link on the page (remembered for the visit) wins; otherwise the person's own record decides."""
    asked = request.GET.get("read")
    if asked in (EASY, STANDARD):
        request.session[SESSION_KEY] = asked
    chosen = request.session.get(SESSION_KEY)
    if chosen in (EASY, STANDARD):
        return chosen == EASY
    return _person_needs_easy_read(request.user, person)


def _switch_url(request, to: str) -> str:
    query = request.GET.copy()
    query["read"] = to
    return f"{request.path}?{query.urlencode()}"


def render_readable(request, template_name: str, context: dict, **kwargs):
    """Render the page, or its easy-read version for a participant who wants it and when there is one."""
    offered = bool(
        request.user.is_authenticated
        and getattr(request.user, "is_participant", False)
        and has_easy_read(template_name)
    )
    shown = offered and wants_easy_read(request, context.get("person"))
    context = {
        **context,
        "easy_read": {
            "offered": offered,
            "shown": shown,
            "switch_url": _switch_url(request, STANDARD if shown else EASY) if offered else "",
        },
    }
    return render(request, easy_template_name(template_name) if shown else template_name, context, **kwargs)
