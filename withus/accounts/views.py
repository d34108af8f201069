"""Home, staying signed in, and the audit log."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from withus.accounts.forms import AuditFilterForm
from withus.core.models import AuditEntry
from withus.core.permissions import permission_required


@permission_required("accounts.view_home")
def home(request):
    if request.user.is_participant:
        return redirect("people:me")
    return render(request, "accounts/home.jinja", {"roles": request.user.role_assignments})


@require_POST
@permission_required("accounts.keep_session_alive")
def keep_alive(request):
    """Touching the session restarts the idle timer (SESSION_SAVE_EVERY_REQUEST)."""
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE})


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
