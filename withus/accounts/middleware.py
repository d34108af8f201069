"""Staff must set up two-step verification before anything else, where the trust requires it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from withus.accounts.two_step import has_authenticator_app, offers_two_step, staff_must_use_two_step

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
