"""Data protection pages for the register's keepers: the to-do after someone withdraws their agreement to WithUs
keeping their information, and the subject access export (everything held about a person, PDF and JSON)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.pdf import render_pdf
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.people import privacy
from withus.people.forms import DataDecisionForm
from withus.people.models import DataDecisionStatus, Person

EXPORT_FORMATS = {"pdf", "json"}


def _visible_person(request, person_id) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).select_related("organisation"), pk=person_id)


@permission_required("people.record_data_decision", deny=404)
@require_http_methods(["GET", "POST"])
def data_decision(request, person_id):
    person = _visible_person(request, person_id)
    decision = person.data_decisions.filter(status=DataDecisionStatus.OPEN).first()
    if decision is None:
        raise Http404("There is nothing to agree for this person.")
    form = DataDecisionForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda data: privacy.data_decision_record(
            decision=decision, outcome=data["outcome"], note=data["note"], actor=request.user, request=request
        ),
        "What you agreed has been recorded.",
        reverse("people:detail", kwargs={"person_id": person.pk}),
    )
    return saved or render(
        request,
        "people/data_decision.jinja",
        {
            "form": form,
            "person": person,
            "decision": decision,
            "retention_years": person.organisation.data_retention_years,
        },
    )


@permission_required("people.export_person", deny=404)
@require_http_methods(["GET"])
def export(request, person_id):
    person = _visible_person(request, person_id)
    wanted = request.GET.get("format", "")
    if not wanted:
        return render(request, "people/export.jinja", {"person": person})
    if wanted not in EXPORT_FORMATS:
        raise Http404("Choose the PDF or the JSON file.")
    held = privacy.subject_access(person)
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=person,
        object_label=f"{person.audit_label}: everything held ({wanted.upper()})",
        changed_fields=["subject_access"],
    )
    stem = f"withus-subject-access-{timezone.localdate().isoformat()}"
    if wanted == "json":
        response = HttpResponse(
            json.dumps(held, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    title = f"Everything WithUs holds about {person.full_name}"
    pdf = render_pdf("people/subject_access.html.jinja", {"held": held, "title": title}, title=title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response
