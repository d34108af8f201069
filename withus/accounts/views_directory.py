"""Sign in with Microsoft, administrators' invitation links and role table, and each person's signed-in devices
(issue 24)."""

import logging

import requests
from allauth.account.adapter import get_adapter as get_account_adapter
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from joserfc.errors import JoseError

from withus.accounts import services_directory, services_sessions
from withus.accounts.directory import directory_client, directory_config
from withus.accounts.forms import DeactivateForm
from withus.accounts.forms_directory import DirectoryRoleMappingForm, EndSessionForm
from withus.accounts.presenters_sessions import DevicePresenter
from withus.accounts.selectors import managed_account
from withus.accounts.selectors_directory import directory_role_mappings
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submit import submit

logger = logging.getLogger(__name__)

NEXT_KEY = "withus_directory_next"
INVITATION_KEY = "withus_directory_invitation"
SIGNED_IN_WITH_KEY = "withus_signed_in_with"
BACKEND = "withus.accounts.backends.AuthenticationBackend"


def _config_or_404():
    config = directory_config()
    if config is None:
        raise Http404
    return config


def _problem(request, kind: str, *, status: int, reason: str = ""):
    """A kind page that says what happened and what to do; the reason goes in the audit log."""
    if reason:
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            request=request,
            object_type="user",
            object_label=f"Microsoft sign-in failed: {reason}"[:200],
        )
    return render(request, "accounts/microsoft_problem.jinja", {"kind": kind}, status=status)


@login_not_required
@require_GET
def microsoft_start(request):
    config = _config_or_404()
    if request.user.is_authenticated:
        return redirect("home")
    wanted = request.GET.get("next", "")
    # Only an address on this site: a `next` pointing elsewhere is ignored, not followed.
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session[NEXT_KEY] = wanted if wanted and safe else ""
    client = directory_client(config)
    try:
        return client.authorize_redirect(request, request.build_absolute_uri(reverse("accounts:microsoft_callback")))
    except (requests.RequestException, ValueError) as error:
        logger.warning("The Microsoft directory did not answer: %s", type(error).__name__)
        return _problem(request, "unavailable", status=503, reason="the directory did not answer")


def _validated_claims(request, config):
    """The ID token's claims once Authlib has checked the state, exchanged the code (with the PKCE verifier) and
    validated the token; or the page to show instead."""
    client = directory_client(config)
    claims = None
    try:
        claims = client.authorize_access_token(request).get("userinfo")
        failure = None if claims else ("refused", 403, "no ID token in the directory's answer")
    except MismatchingStateError:
        # A state WithUs did not issue, or one already used: the back button, two tabs, or a replay.
        failure = ("expired", 400, "a sign-in reply WithUs was not waiting for")
    except OAuthError as error:
        cancelled = error.error == "access_denied"
        failure = ("cancelled", 400, "cancelled at Microsoft") if cancelled else ("refused", 400, f"{error.error}")
    except JoseError as error:
        # The ID token failed validation: signature, issuer, audience, expiry or nonce.
        failure = ("refused", 403, f"ID token not valid ({type(error).__name__})")
    except (requests.RequestException, ValueError) as error:
        logger.warning("The Microsoft directory did not answer: %s", type(error).__name__)
        failure = ("unavailable", 503, "the directory did not answer")
    if failure is not None:
        kind, status, reason = failure
        return None, _problem(request, kind, status=status, reason=reason)
    return dict(claims), None


@login_not_required
@require_GET
def microsoft_callback(request):
    config = _config_or_404()
    if request.user.is_authenticated:
        return redirect("home")
    claims, problem = _validated_claims(request, config)
    if problem is not None:
        return problem
    try:
        outcome = services_directory.directory_sign_in(
            claims=claims,
            config=config,
            invitation_digest=request.session.get(INVITATION_KEY, ""),
            request=request,
        )
    except services_directory.SignInRefused as refusal:
        context = {"kind": refusal.kind, "account": refusal.user}
        return render(request, "accounts/microsoft_problem.jinja", context, status=403)
    wanted = request.session.pop(NEXT_KEY, "")
    request.session.pop(INVITATION_KEY, None)
    login(request, outcome.user, backend=BACKEND)
    request.session[SIGNED_IN_WITH_KEY] = "microsoft"
    services_directory.directory_session_record(user=outcome.user, request=request)
    return redirect(wanted or "home")


@login_not_required
@require_GET
def microsoft_invitation(request, key):
    """The link in an administrator's invitation: the next Microsoft sign-in from this browser connects to it."""
    config = _config_or_404()
    if request.user.is_authenticated:
        return render(request, "accounts/microsoft_invitation.jinja", {"invitation": None, "signed_in": True})
    invitation = services_directory.directory_invitation_find(key)
    if invitation is not None:
        request.session[INVITATION_KEY] = services_directory.token_digest(key)
    context = {"invitation": invitation, "signed_in": False, "config": config}
    return render(request, "accounts/microsoft_invitation.jinja", context, status=200 if invitation else 404)


# Administrators: the table of app roles, and invitation links.


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def directory_roles(request):
    organisation = request.user.organisation
    form = DirectoryRoleMappingForm(request.POST or None, organisation=organisation)
    mappings = directory_role_mappings(organisation.pk)
    return submit(
        request,
        form,
        lambda data: services_directory.directory_role_mapping_add(
            organisation=organisation,
            app_role=data["app_role"],
            role=data["role"],
            unit=data["unit"],
            actor=request.user,
            request=request,
        ),
        lambda mapping: (
            f"{mapping.app_role} now gives {mapping.get_role_display()}. It applies from each person's next sign-in."
        ),
        "accounts:directory_roles",
    ) or render(
        request,
        "accounts/directory_roles.jinja",
        {"form": form, "mappings": mappings, "configured": directory_config() is not None},
    )


@permission_required("accounts.manage_users")
@require_POST
def directory_role_remove(request, mapping_id):
    mapping = directory_role_mappings(request.user.organisation_id).filter(pk=mapping_id).first()
    if mapping is None:
        raise Http404
    return submit(
        request,
        DeactivateForm(request.POST),
        lambda data: services_directory.directory_role_mapping_remove(
            mapping=mapping, actor=request.user, request=request
        ),
        f"{mapping.app_role} no longer gives {mapping.get_role_display()}. People lose it at their next sign-in.",
        "accounts:directory_roles",
    ) or redirect("accounts:directory_roles")


def _managed(request, user_id):
    account = managed_account(request.user.organisation_id, user_id)
    if account is None:
        raise Http404
    return account


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_directory_invite(request, user_id):
    account = _managed(request, user_id)
    config = directory_config()
    form = DeactivateForm(request.POST if request.method == "POST" else None)
    days = config.invitation_days if config else 0
    return submit(
        request,
        form,
        lambda data: services_directory.directory_invitation_create(
            user=account, actor=request.user, days=days, request=request
        ),
        f"An e-mail to {account.email} with a link to connect their Microsoft account is in the messages to send "
        "(Messages sent shows when it has gone).",
        reverse("accounts:user", args=[account.pk]),
    ) or render(request, "accounts/user_directory_invite.jinja", {"form": form, "account": account, "config": config})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_end_sessions(request, user_id):
    account = _managed(request, user_id)
    form = DeactivateForm(request.POST if request.method == "POST" else None)
    return submit(
        request,
        form,
        lambda data: services_sessions.user_end_sessions(user=account, actor=request.user, request=request),
        lambda ended: f"{account.full_name} has been signed out of {ended} device{'s' if ended != 1 else ''}.",
        reverse("accounts:user", args=[account.pk]),
    ) or render(request, "accounts/user_end_sessions.jinja", {"form": form, "account": account})


# Everyone: their own signed-in devices.


@permission_required("accounts.view_own_sessions")
@require_http_methods(["GET", "POST"])
def sessions(request):
    current = request.session.session_key
    form = EndSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        try:
            ended, this_one = services_sessions.session_end(
                user=request.user,
                session_id=chosen["session"],
                everywhere_else=chosen["everywhere_else"],
                current_key=current,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if this_one:
                get_account_adapter(request).logout(request)  # audited, and the session ended properly
                return redirect("account_login")
            messages.success(request, f"Signed out of {ended} device{'s' if ended != 1 else ''}.")
            return redirect("accounts:sessions")
    mine = services_sessions.sessions_of(request.user, current_key=current)
    listed = [DevicePresenter(session, current) for session in mine]
    context = {
        "form": form,
        "sessions": listed,
        "idle_minutes": settings.WITHUS_SESSION_IDLE_MINUTES,
        "signed_in_with_microsoft": request.session.get(SIGNED_IN_WITH_KEY) == "microsoft",
    }
    return render(
        request,
        "accounts/sessions.jinja",
        context,
    )
