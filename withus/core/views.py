"""The kind error pages shown instead of any traceback. (The public privacy notice and accessibility statement are
the trust's, in withus.organisations.)"""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


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


@login_not_required
def health(request):
    """For the load balancer: 200 when the database and the cache both answer, 503 when either does not. Says only
    which of the two failed (no versions, no hosts, no errors), and never from a cache."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    status = 200 if all(checks.values()) else 503
    response = JsonResponse({name: "ok" if ok else "failing" for name, ok in checks.items()}, status=status)
    add_never_cache_headers(response)
    return response


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_answers() -> bool:
    try:
        cache.set("withus:health", "ok", timeout=10)
        return cache.get("withus:health") == "ok"
    except Exception:
        return False
