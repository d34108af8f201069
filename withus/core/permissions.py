"""Every view names the permission it needs; `rules` predicates decide it."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


def permission_required(permission: str, *, deny: int = 403) -> Callable:
    """Refuse the view unless the signed-in user has `permission`.

    deny=404 hides that the page exists at all (used where a participant might guess another person's URL).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.has_perm(permission):
                if deny == 404:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.permission_required = permission
        return wrapped

    return decorator
