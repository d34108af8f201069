"""/api/v1/ (token authentication, not sessions) and the administrators' token pages at /api-tokens/."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path

from withus.api import views
from withus.api.v1 import api


def _token_authenticated(view):
    """The API answers for itself (401 without a valid token, JSON always): the site's sign-in redirect and
    session CSRF check do not apply to it. Bearer tokens are not sent by browsers on their own, so there is no
    cross-site request to forge."""

    @wraps(view)
    def open_view(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    open_view.csrf_exempt = True
    return login_not_required(open_view)


def _api_patterns():
    patterns, app_name, namespace = api.urls
    wrapped = [
        URLPattern(pattern.pattern, _token_authenticated(pattern.callback), pattern.default_args, pattern.name)
        for pattern in patterns
    ]
    return include((wrapped, app_name), namespace=namespace)


app_name = "api"

urlpatterns = [
    path("api/v1/", _api_patterns()),
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/new/", views.token_create, name="token_create"),
    path("api-tokens/<uuid:token_id>/", views.token_detail, name="token"),
    path("api-tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
