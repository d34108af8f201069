from django.conf import settings


def layout(request):
    user = getattr(request, "user", None)
    organisation = getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    return {
        "organisation_name": organisation.name if organisation else "",
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "csp_nonce": str(getattr(request, "csp_nonce", "")),
        "signed_in": bool(user is not None and user.is_authenticated),
    }
