"""Standards pages (issue 18 item 1, ADR 35): the trust's standard sets and editions; drafting a new edition as a
copy of the current one, changing its themes and standards, sending it for review, publishing it (after which it
never changes), and what changed from the edition before. Everyone who sees the programme reads them; leads and
administrators draft (`accreditation.draft_standards`). Every look and every change is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from withus.accreditation import editions as reads
from withus.accreditation.forms import PublishForm, StandardForm, ThemeForm
from withus.accreditation.models import EditionStatus, EvidencedBy, StandardSet, StandardType
from withus.accreditation.presenters import named
from withus.accreditation.services import standards as services
from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.voice.models.ideas import Idea

LABELS = {
    "type": dict(StandardType.choices),
    "evidenced_by": dict(EvidencedBy.choices),
    "status": dict(EditionStatus.choices),
    "named": named,
}


def _edition_or_404(request, edition_id):
    edition = reads.edition_for(request.user.organisation_id, edition_id)
    if edition is None:
        raise Http404
    return edition


def _refuse_if_published(request, edition):
    """A published edition never changes: say so kindly and go back to it (None when it may change)."""
    if edition.is_published:
        messages.error(request, services.PUBLISHED_REFUSAL)
        return redirect("accreditation:edition", edition_id=edition.pk)
    return None


def _visible_idea_ids(user, themes) -> set:
    """Which of the ideas the standards came from this person may open (the rest are named only as "an idea")."""
    ids = {standard.source_idea_id for theme in themes for standard in theme.standards.all() if standard.source_idea_id}
    if not ids:
        return set()
    return set(Idea.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@permission_required("accreditation.view_standards", deny=404)
def standard_sets(request):
    sets = reads.standard_sets(request.user.organisation_id)
    rows = [
        {"set": standard_set, "current": reads.current(standard_set), "drafting": reads.drafting(standard_set)}
        for standard_set in sets
    ]
    audit_record(action=AuditAction.VIEW, request=request, object_type="accreditation_standards")
    context = {"rows": rows, "can_draft": request.user.has_perm("accreditation.draft_standards"), "labels": LABELS}
    return render(request, "accreditation/standards.jinja", context)


@permission_required("accreditation.draft_standards", deny=404)
@require_POST
def edition_new(request, set_id):
    standard_set = get_object_or_404(StandardSet.objects.for_organisation(request.user.organisation_id), pk=set_id)
    try:
        edition = services.edition_draft_next(standard_set=standard_set, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accreditation:standards")
    copied = f" as a copy of edition {edition.based_on.number}" if edition.based_on_id else ""
    messages.success(request, f"Edition {edition.number} of {standard_set.name} is started{copied}. It is a draft.")
    return redirect("accreditation:edition", edition_id=edition.pk)


@permission_required("accreditation.view_standards", deny=404)
def edition_detail(request, edition_id):
    edition = _edition_or_404(request, edition_id)
    themes = reads.edition_themes(edition)
    audit_view(request, edition)
    context = {
        "edition": edition,
        "themes": themes,
        "standard_count": sum(len(theme.standards.all()) for theme in themes),
        "can_draft": request.user.has_perm("accreditation.draft_standards") and not edition.is_published,
        "visible_ideas": _visible_idea_ids(request.user, themes),
        "labels": LABELS,
    }
    return render(request, "accreditation/edition.jinja", context)


@permission_required("accreditation.view_standards", deny=404)
def edition_changes(request, edition_id):
    edition = _edition_or_404(request, edition_id)
    changes = reads.edition_changes(edition)
    audit_view(request, edition)
    context = {"edition": edition, "changes": changes, "compared": dict(reads.COMPARED), "labels": LABELS}
    return render(request, "accreditation/edition_changes.jinja", context)


@permission_required("accreditation.draft_standards", deny=404)
@require_http_methods(["GET", "POST"])
def theme_new(request, edition_id):
    edition = _edition_or_404(request, edition_id)
    if refused := _refuse_if_published(request, edition):
        return refused
    next_number = max((theme.number for theme in edition.themes.all()), default=0) + 1
    form = ThemeForm(request.POST or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_add(edition=edition, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Theme {theme.number}, {theme.title}, is added.")
            return redirect("accreditation:edition", edition_id=edition.pk)
    return render(request, "accreditation/theme_form.jinja", {"edition": edition, "form": form, "theme": None})


@permission_required("accreditation.draft_standards", deny=404)
@require_http_methods(["GET", "POST"])
def theme_edit(request, edition_id, theme_id):
    edition = _edition_or_404(request, edition_id)
    theme = get_object_or_404(edition.themes, pk=theme_id)
    if refused := _refuse_if_published(request, edition):
        return refused
    form = ThemeForm(request.POST or None, initial={"number": theme.number, "title": theme.title})
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_update(theme=theme, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Theme {theme.number}, {theme.title}, is saved.")
            return redirect("accreditation:edition", edition_id=edition.pk)
    return render(request, "accreditation/theme_form.jinja", {"edition": edition, "form": form, "theme": theme})


@permission_required("accreditation.draft_standards", deny=404)
@require_http_methods(["GET", "POST"])
def standard_new(request, edition_id):
    edition = _edition_or_404(request, edition_id)
    if refused := _refuse_if_published(request, edition):
        return refused
    initial = {"theme": request.GET.get("theme")} if request.GET.get("theme") else None
    form = StandardForm(request.POST or None, edition=edition, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.standard_add(actor=request.user, request=request, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Standard {standard.code} is added.")
            return redirect("accreditation:edition", edition_id=edition.pk)
    context = {"edition": edition, "form": form, "standard": None}
    return render(request, "accreditation/standard_form.jinja", context)


@permission_required("accreditation.draft_standards", deny=404)
@require_http_methods(["GET", "POST"])
def standard_edit(request, edition_id, standard_id):
    edition = _edition_or_404(request, edition_id)
    standard = get_object_or_404(reads.edition_standards(edition), pk=standard_id)
    if refused := _refuse_if_published(request, edition):
        return refused
    form = StandardForm(request.POST or None, edition=edition, user=request.user, current=standard)
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.standard_change(standard=standard, actor=request.user, request=request, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Standard {standard.code} is saved.")
            return redirect("accreditation:edition", edition_id=edition.pk)
    audit_view(request, standard)
    context = {"edition": edition, "form": form, "standard": standard}
    return render(request, "accreditation/standard_form.jinja", context)


@permission_required("accreditation.draft_standards", deny=404)
@require_POST
def standard_remove(request, edition_id, standard_id):
    edition = _edition_or_404(request, edition_id)
    standard = get_object_or_404(reads.edition_standards(edition), pk=standard_id)
    if refused := _refuse_if_published(request, edition):
        return refused
    code = standard.code
    services.standard_remove(standard=standard, actor=request.user, request=request)
    messages.success(request, f"Standard {code} is taken out of this edition.")
    return redirect("accreditation:edition", edition_id=edition.pk)


@permission_required("accreditation.draft_standards", deny=404)
@require_POST
def edition_send_for_review(request, edition_id):
    edition = _edition_or_404(request, edition_id)
    try:
        services.edition_send_for_review(edition=edition, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Edition {edition.number} is sent for review. It can still be changed until it is published."
        )
    return redirect("accreditation:edition", edition_id=edition.pk)


@permission_required("accreditation.draft_standards", deny=404)
@require_http_methods(["GET", "POST"])
def edition_publish(request, edition_id):
    edition = _edition_or_404(request, edition_id)
    if refused := _refuse_if_published(request, edition):
        return refused
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_publish(
                edition=edition,
                effective_from=form.cleaned_data["effective_from"],
                reviewed=True,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            if reads.edition_for(request.user.organisation_id, edition.pk).is_published:
                # Someone else published it while this person was on the page: theirs stands, nothing changed.
                messages.error(request, services.PUBLISHED_MEANWHILE)
                return redirect("accreditation:edition", edition_id=edition.pk)
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Edition {edition.number} of {edition.standard_set.name} is published. It can no longer change.",
            )
            return redirect("accreditation:edition", edition_id=edition.pk)
    changes = reads.edition_changes(edition)
    audit_view(request, edition)
    context = {"edition": edition, "form": form, "changes": changes, "labels": LABELS}
    return render(request, "accreditation/edition_publish.jinja", context)
