"""Staff must set up two-step verification before anything else, where the trust requires it."""

import time

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from withus.accounts.two_step import has_authenticator_app, offers_two_step, staff_must_use_two_step
from withus.core.client_address import client_ip
from withus.core.languages import DEFAULT_LANGUAGE

TWO_STEP_PREFIX = "/accounts/two-step/"
# Reachable before two-step verification is set up: setting it up, signing out, and the public pages.
OPEN_PREFIXES = ("/accounts/", "/static/", "/accessibility/", "/privacy/", "/feedback/", "/session/keep-alive/")
# ... except managing other people's accounts, which is not about your own sign-in.
NOT_OPEN_PREFIXES = ("/accounts/users/",)


class StaffTwoStepVerificationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            path = request.path
            if (
                path.startswith(TWO_STEP_PREFIX)
                and not offers_two_step(user)
                and not path.startswith(f"{TWO_STEP_PREFIX}authenticate/")
            ):
                raise Http404
            is_open = path.startswith(OPEN_PREFIXES) and not path.startswith(NOT_OPEN_PREFIXES)
            if staff_must_use_two_step(user) and not is_open and not has_authenticator_app(user):
                messages.info(request, "Set up two-step verification to continue. The trust requires it for staff.")
                return redirect(f"{TWO_STEP_PREFIX}totp/activate/")
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Pages in the language the signed-in person chose (issue 26), if their trust has confirmed it; English
    otherwise, and for everyone not signed in. Never the browser's language: a translation awaiting review by its
    community is not shown to anyone until an administrator confirms it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = chosen_language(getattr(request, "user", None))
        request.LANGUAGE_CODE = code
        # Only for this request: the thread goes back to what it had, so nothing run after it (a test, a task in
        # the same process) inherits the person's language.
        with translation.override(code):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response


def chosen_language(user) -> str:
    if user is None or not user.is_authenticated or not user.language:
        return DEFAULT_LANGUAGE
    organisation = user.organisation
    offered = organisation.languages_offered if organisation is not None else []
    return user.language if user.language in offered else DEFAULT_LANGUAGE


SEEN_KEY = "withus_seen_at"


class SessionLastSeenMiddleware:
    """Notes when and from where each signed-in session was last used, for the sessions page (issue 24 item 4).

    At most one write per session every WITHUS_SESSION_SEEN_EVERY_SECONDS: the time of the last note rides in the
    session (saved on every request anyway), and a session's first request only starts the clock, because signing
    in has just recorded it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None and session.session_key:
            now = time.time()
            seen = session.get(SEEN_KEY)
            if seen is None:
                session[SEEN_KEY] = now
            elif now - seen >= settings.WITHUS_SESSION_SEEN_EVERY_SECONDS:
                session[SEEN_KEY] = now
                UserSession.objects.filter(session_key=session.session_key, user_id=user.pk).update(
                    last_seen_at=timezone.now(), ip=client_ip(request) or request.META.get("REMOTE_ADDR", "")
                )
        return self.get_response(request)
