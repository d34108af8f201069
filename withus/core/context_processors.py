from django.conf import settings
from django.utils import translation

from withus.core.languages import BY_CODE, language


def layout(request):
    user = getattr(request, "user", None)
    organisation = getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    return {
        "organisation_name": organisation.name if organisation else "",
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "csp_nonce": str(getattr(request, "csp_nonce", "")),
        "signed_in": bool(user is not None and user.is_authenticated),
        # <html lang dir>: the page's language, right to left for Urdu (issue 26).
        "page_language": language(translation.get_language() or ""),
        # The languages the person's trust offers besides English, for the footer's language link (issue 26).
        "languages_offered": [
            BY_CODE[code] for code in BY_CODE if organisation and code in organisation.languages_offered
        ],
    }
