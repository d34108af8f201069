from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from withus.accounts import views as account_views
from withus.core import views as core_views
from withus.organisations import views as organisation_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/signup/", login_not_required(RedirectView.as_view(pattern_name="account_login"))),
    # Ours in front of allauth's at the same addresses (allauth's names still reverse to them).
    path("accounts/email/", account_views.sign_in_email),
    path("accounts/reauthenticate/code/", account_views.request_code_to_confirm),
    path("accounts/login/", account_views.sign_in),
    path("accounts/login/code/", account_views.request_sign_in_code),
    path("accounts/login/code/confirm/", account_views.confirm_sign_in_code),
    path("accounts/", include("allauth.account.urls")),
    path("accounts/two-step/", include("allauth.mfa.urls")),
    # Public pages filled from the trust's published information (issue 14 item 8).
    path("accessibility/", organisation_views.accessibility, name="accessibility"),
    path("privacy/", organisation_views.privacy, name="privacy"),
    path("health/", core_views.health, name="health"),
    path("feedback/", organisation_views.feedback, name="feedback"),
    path("", include("withus.accounts.urls")),
    path("", include("withus.organisations.urls")),
    path("", include("withus.people.urls")),
    path("", include("withus.involvement.urls")),
    path("", include("withus.notifications.urls")),
    path("", include("withus.improvement.urls")),
    path("", include("withus.opportunities.urls")),
    path("", include("withus.learning.urls")),
    path("", include("withus.accreditation.urls")),
    path("", include("withus.payments.urls")),
    path("", include("withus.governance.urls")),
    path("", include("withus.voice.urls_stories")),
    path("", include("withus.voice.urls_ideas")),
    path("", include("withus.support.urls")),
    path("", include("withus.reports.urls")),
    path("", include("withus.api.urls")),
]

handler400 = "withus.core.views.bad_request"
handler403 = "withus.core.views.permission_denied"
handler404 = "withus.core.views.page_not_found"
handler500 = "withus.core.views.server_error"
# allauth answers a rate-limited request with this (429).
handler429 = "withus.core.views.too_many_requests"
