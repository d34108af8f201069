"""Home, staying signed in, changing your own sign-in address, and the audit log."""

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.stagekit import clear_login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.account.views import (
    ConfirmLoginCodeView,
    LoginView,
    RequestLoginCodeView,
    RequestReauthenticationCodeView,
)
from allauth.account.views import email as allauth_email
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from withus.accounts import services
from withus.accounts.directory import is_configured
from withus.accounts.forms import (
    AccountForm,
    AuditFilterForm,
    DeactivateForm,
    RequestCodeToConfirmForm,
    RequestSignInTextCodeForm,
    ResetTwoStepForm,
)
from withus.accounts.models import User
from withus.accounts.selectors import managed_account, staff_accounts
from withus.accounts.selectors_directory import directory_identity_of
from withus.accounts.services import OWN_ROLES, RoleChoice
from withus.accounts.sign_in_by_text import TEXT_NOT_SENT
from withus.accounts.two_step import has_authenticator_app
from withus.core.models import AuditEntry
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.core.todo import todo_sections


@permission_required("accounts.view_home")
def home(request):
    if request.user.is_participant:
        return redirect("people:me")
    return render(
        request,
        "accounts/home.jinja",
        {"roles": request.user.role_assignments, "sections": todo_sections(request.user)},
    )


@require_POST
@permission_required("accounts.keep_session_alive")
def keep_alive(request):
    """Touching the session restarts the idle timer (SESSION_SAVE_EVERY_REQUEST)."""
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE})


@permission_required("accounts.change_own_sign_in_email")
@reauthentication_required(app="allauth.account")
def sign_in_email(request):
    """allauth's change of sign-in address, for the signed-in person only. They confirm it is them before
    they even see the form (allauth itself asks only when the form is sent), then type a code sent to the new
    address before it works."""
    return allauth_email(request)


class _StartSignInAfresh:
    """Opening the sign-in pages starts afresh. allauth sends anyone with a sign-in code on its way back to the
    page for that code, so a mistyped address held them there until three wrong codes and a wait; now the pages
    drop the pending code sign-in instead (a stage after a password, like two-step verification, still resumes)."""

    def _redirect_to_pending_stage(self, request, stage):
        if stage.key == LoginByCodeStage.key:
            clear_login(request)
            return None
        return super()._redirect_to_pending_stage(request, stage)


class SignInView(_StartSignInAfresh, LoginView):
    def get_context_data(self, **kwargs):
        # The Sign in with Microsoft button, only where the trust's directory is configured (issue 24).
        return {**super().get_context_data(**kwargs), "microsoft_sign_in": is_configured()}


class RequestSignInCodeView(_StartSignInAfresh, RequestLoginCodeView):
    def get_context_data(self, **kwargs):
        # How long a code works (WITHUS_SIGN_IN_CODE_MINUTES), for the page's wording.
        return {
            **super().get_context_data(**kwargs),
            "settings_code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
        }


class RequestSignInTextCodeView(RequestSignInCodeView):
    """Sign in with a code sent by text message to your mobile number (issue 17, ADR 34): allauth's login by code,
    with the number as the recipient; the same code page follows."""

    template_name = "account/request_login_text_code.html"

    def get_form_class(self):
        return RequestSignInTextCodeForm


def _pending_code_sign_in(request):
    """The sign-in waiting for a code, as allauth keeps it in the session (None when there is none)."""
    return LoginStageController.enter(request, LoginByCodeStage.key)


class ConfirmSignInCodeView(ConfirmLoginCodeView):
    """allauth's page for typing the code, which also knows when the code went by text message: its wording, where
    "too many tries" and "the code has expired" send the person, and a kind message when the text could not be
    sent (ADR 34)."""

    @method_decorator(login_not_required)
    def dispatch(self, request, *args, **kwargs):
        stage = _pending_code_sign_in(request)
        self.by_text = bool(stage is not None and stage.state.get("phone"))
        expired = stage is not None and "at" in stage.state and not LoginCodeVerificationProcess(stage).is_valid()
        response = super().dispatch(request, *args, **kwargs)
        if expired and response.status_code == 302:
            messages.error(request, "Your sign-in code has expired. Ask for a new code")
            if self.by_text:
                return redirect("accounts:sign_in_by_text")
        return response

    def _resend_form_valid(self, form):
        sent_before = self._process.state.get("resend_count", 0)
        response = super()._resend_form_valid(form)
        if self._process.state.get("resend_count", 0) > sent_before:  # not refused for asking too often
            where = "text message" if self.by_text else "e-mail"
            messages.success(self.request, f"We have sent you a new code by {where}. Use the newest code.")
        return response

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self._action != "resend":
            kwargs["by_text"] = self.by_text
        return kwargs

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if (
            self.by_text
            and response.status_code == 302
            and response["Location"] == reverse("account_request_login_code")
        ):
            return redirect("accounts:sign_in_by_text")  # no tries left: ask for a new code by text message
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["text_not_sent"] = self.by_text and self.request.session.get(TEXT_NOT_SENT, False)
        context["code_minutes"] = settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60
        return context


sign_in = SignInView.as_view()
request_sign_in_code = RequestSignInCodeView.as_view()
request_sign_in_text_code = RequestSignInTextCodeView.as_view()
confirm_sign_in_code = ConfirmSignInCodeView.as_view()


class RequestCodeToConfirmView(RequestReauthenticationCodeView):
    """allauth's "send me a code to confirm it is me", with the address to send it to on the page."""

    form_class = RequestCodeToConfirmForm


request_code_to_confirm = permission_required("accounts.confirm_it_is_you")(RequestCodeToConfirmView.as_view())


@permission_required("accounts.view_audit_log")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.for_organisation(request.user.organisation_id).select_related("actor")
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if chosen.get("action"):
        entries = entries.filter(action=chosen["action"])
    if chosen.get("who"):
        entries = entries.filter(actor_email__icontains=chosen["who"])
    if chosen.get("object_id"):
        entries = entries.filter(object_id=chosen["object_id"])
    if chosen.get("object_type"):
        entries = entries.filter(object_type=chosen["object_type"])
    if chosen.get("date_from"):
        entries = entries.filter(occurred_at__date__gte=chosen["date_from"])
    if chosen.get("date_to"):
        entries = entries.filter(occurred_at__date__lte=chosen["date_to"])
    page = Paginator(entries.order_by("-occurred_at"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/audit_log.jinja", {"form": form, "page": page, "query": query.urlencode()})


# People and roles: administrators manage staff accounts (issue 14 item 1).


def _managed(request, user_id) -> User:
    account = managed_account(request.user.organisation_id, user_id)
    if account is None:
        raise Http404
    return account


def _roles(data) -> list[RoleChoice]:
    return [RoleChoice(role, unit) for role, unit in data["roles"]]


@permission_required("accounts.manage_users")
def users(request):
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(staff_accounts(request.user.organisation_id, search=search), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.jinja", {"page": page, "search": search})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_invite(request):
    form = AccountForm(request.POST or None, organisation=request.user.organisation, inviting=True)
    return submit(
        request,
        form,
        lambda data: services.user_invite(
            organisation=request.user.organisation,
            email=data["email"],
            full_name=data["full_name"],
            roles=_roles(data),
            actor=request.user,
            request=request,
        ),
        lambda user: (
            f"{user.full_name} has been invited. An e-mail to {user.email} that tells them how to sign in is in the "
            "messages to send (Messages sent shows when it has gone)."
        ),
        lambda user: reverse("accounts:user", args=[user.pk]),
    ) or render(request, "accounts/user_form.jinja", {"form": form, "account": None})


@permission_required("accounts.manage_users")
def user_detail(request, user_id):
    account = _managed(request, user_id)
    context = {
        "account": account,
        "has_two_step": has_authenticator_app(account),
        "is_me": account.pk == request.user.pk,
        "microsoft_sign_in": is_configured(),
        "directory_identity": directory_identity_of(account),
    }
    return render(request, "accounts/user_detail.jinja", context)


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_roles(request, user_id):
    account = _managed(request, user_id)
    if account.pk == request.user.pk:
        return render(request, "accounts/user_not_allowed.jinja", {"account": account, "reason": OWN_ROLES})
    initial = AccountForm.initial_for(account)
    form = AccountForm(request.POST or None, initial=initial, organisation=account.organisation)
    return submit(
        request,
        form,
        lambda data: services.user_change_roles(
            user=account, full_name=data["full_name"], roles=_roles(data), actor=request.user, request=request
        ),
        lambda user: f"{user.full_name}'s roles have been saved.",
        reverse("accounts:user", args=[account.pk]),
    ) or render(request, "accounts/user_form.jinja", {"form": form, "account": account})


def _confirm(request, user_id, *, service, template_action: str, done: str):
    account = _managed(request, user_id)
    form = DeactivateForm(request.POST if request.method == "POST" else None)  # an empty POST is still a yes
    return submit(
        request,
        form,
        lambda data: service(user=account, actor=request.user, request=request),
        done.format(name=account.full_name),
        reverse("accounts:user", args=[account.pk]),
    ) or render(request, "accounts/user_confirm.jinja", {"form": form, "account": account, "action": template_action})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_deactivate(request, user_id):
    return _confirm(
        request,
        user_id,
        service=services.user_deactivate,
        template_action="deactivate",
        done="{name}'s account has been deactivated and they have been signed out everywhere.",
    )


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_reactivate(request, user_id):
    return _confirm(
        request,
        user_id,
        service=services.user_reactivate,
        template_action="reactivate",
        done="{name}'s account is active again. They can sign in with a code sent to their e-mail.",
    )


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_reset_two_step(request, user_id):
    account = _managed(request, user_id)
    form = ResetTwoStepForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: services.user_reset_two_step(
            user=account, reason=data["reason"], actor=request.user, request=request
        ),
        f"{account.full_name}'s two-step verification has been reset. They set it up again when they next sign in.",
        reverse("accounts:user", args=[account.pk]),
    ) or render(request, "accounts/user_reset_two_step.jinja", {"form": form, "account": account})
