"""The kind error pages shown instead of any traceback. (The public privacy notice and accessibility statement are
the trust's, in withus.organisations.)"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


def _error(request, status: int, heading: str, body: list[str]):
    return render(request, "core/error.jinja", {"heading": heading, "body": body}, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error(
        request,
        400,
        "Sorry, there is a problem with your request",
        ["Go back and try again. If you typed the web address, check it is correct."],
    )


@login_not_required
def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        "You cannot see this page",
        [
            "Your account does not give you access to this page.",
            "If you think you should have access, contact your People Participation team.",
        ],
    )


@login_not_required
def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    )


@login_not_required
def server_error(request):
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        [
            "Nothing you entered has been saved. Please try again later.",
            "If the problem continues, contact your People Participation team.",
        ],
    )


@login_not_required
def too_many_requests(request, exception=None):
    """Shown when a sign-in or code limit is reached (allauth calls ROOT_URLCONF.handler429)."""
    return _error(
        request,
        429,
        "You have tried too many times",
        ["To keep accounts safe, WithUs has paused this for a few minutes. Wait 5 minutes, then try again."],
    )


@login_not_required
def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        "Sorry, this page timed out",
        [
            "To keep your information safe, forms expire if they are left for a while or you have "
            "signed out. Go back, refresh the page and try again."
        ],
    )
