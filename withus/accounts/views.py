"""Home, staying signed in, changing your own sign-in address, and the audit log."""

from allauth.account.decorators import reauthentication_required
from allauth.account.views import RequestReauthenticationCodeView
from allauth.account.views import email as allauth_email
from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from withus.accounts.forms import AuditFilterForm, RequestCodeToConfirmForm
from withus.core.models import AuditEntry
from withus.core.permissions import permission_required
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
