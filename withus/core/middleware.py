from django.db import connection
from django.utils.cache import add_never_cache_headers

from withus.core.row_security import OrganisationSetter


class SignedInPagesNotCachedMiddleware:
    """Pages shown to a signed-in person hold personal data: never let a browser or proxy keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0, private"
        return response


class OrganisationRowSecurityMiddleware:
    """On PostgreSQL, sets the signed-in person's organisation (SET LOCAL) at the start of the request's
    transaction (ATOMIC_REQUESTS), so row-level security shows only that trust's rows when the application
    connects as its own role (ADR 32). Elsewhere, and for superusers, it changes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        with connection.execute_wrapper(OrganisationSetter(lambda: _organisation_of(request))):
            return self.get_response(request)


def _organisation_of(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user.organisation_id
