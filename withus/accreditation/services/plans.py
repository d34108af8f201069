"""Action plans (issue 18 item 5): every standard a decided review did not meet becomes an action with an owner,
a due date, a status and evidence; an action becomes a QI project in one step, carrying the standard and the unit
across. The project cannot name the review (improvement sits below accreditation, ADR 18), so the link is kept
on the action and the project's problem statement says where it came from in words."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.accreditation.models import Action, ActionStatus, ActionStatusChange, RatingValue, Review
from withus.accreditation.selectors import agreed_values
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.improvement.models import Stage
from withus.improvement.services.projects import project_create

# "Not met" and "partly met" both fall short of the standard, so both get an action.
SHORT_OF_STANDARD = (RatingValue.NOT_MET, RatingValue.PARTLY)


def _audit(action, obj, actor, request, fields, organisation_id):
    audit_record(
        action=action, request=request, actor=actor, obj=obj, changed_fields=fields, organisation_id=organisation_id
    )


@transaction.atomic
def actions_create(*, review: Review, actor: User | None, request=None) -> list[Action]:
    """One action for each standard whose agreed rating falls short (run at the decision; a second run adds
    none that exist)."""
    existing = set(Action.objects.filter(review=review).values_list("standard_id", flat=True))
    created = []
    for standard, value in agreed_values(review):
        if value in SHORT_OF_STANDARD and standard.pk not in existing:
            action = Action.objects.create(organisation_id=review.organisation_id, review=review, standard=standard)
            ActionStatusChange.objects.create(action=action, to_status=ActionStatus.OPEN, changed_by=actor)
            _audit(AuditAction.CREATE, action, actor, request, ["standard", "status"], review.organisation_id)
            created.append(action)
    return created


@transaction.atomic
def action_update(
    *,
    action: Action,
    owner: str,
    due_on: datetime.date | None,
    status: str,
    evidence: str,
    actor: User | None,
    request=None,
) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    errors = {}
    if status not in ActionStatus.values:
        errors["status"] = "Choose not started, in progress or done"
    if status == ActionStatus.DONE and not evidence.strip():
        errors["evidence"] = "Say what shows the standard is now met before marking the action done"
    if status != ActionStatus.OPEN and not owner.strip():
        errors["owner"] = "Enter who owns this action"
    if errors:
        raise ValidationError(errors)
    changed = []
    for field, value in (("owner", owner.strip()[:200]), ("due_on", due_on), ("evidence", evidence.strip()[:2000])):
        if getattr(action, field) != value:
            setattr(action, field, value)
            changed.append(field)
    if action.status != status:
        ActionStatusChange.objects.create(action=action, from_status=action.status, to_status=status, changed_by=actor)
        action.status = status
        changed.append("status")
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
        _audit(AuditAction.UPDATE, action, actor, request, changed, action.organisation_id)
    return action


@transaction.atomic
def action_to_project(*, action: Action, actor: User, request=None):
    """Start a QI project from an action, carrying its standard and unit across; the action links to it."""
    action = (
        Action.objects.select_for_update().select_related("review__unit__organisation", "standard").get(pk=action.pk)
    )
    if action.project_id is not None:
        raise ValidationError("This action is already a QI project.")
    review, standard = action.review, action.standard
    due = f"By {action.due_on.day} {action.due_on:%B %Y}, " if action.due_on else ""
    project = project_create(
        organisation=review.unit.organisation,
        values={
            "title": f"{review.unit.name}: {standard.code} {standard.text}"[:200],
            "problem": (
                f"At its accreditation review ({review.programme.name}), {review.unit.name} did not meet standard "
                f"{standard.code}: “{standard.text}”. This project came from the review's action plan."
            ),
            "aim": f"{due}{review.unit.name} meets standard {standard.code}: “{standard.text}”.",
            "start_date": timezone.localdate(),
        },
        units=[review.unit],
        stage=Stage.S05,
        actor=actor,
        request=request,
    )
    action.project = project
    fields = ["project"]
    if action.status == ActionStatus.OPEN:
        ActionStatusChange.objects.create(
            action=action, from_status=action.status, to_status=ActionStatus.IN_PROGRESS, changed_by=actor
        )
        action.status = ActionStatus.IN_PROGRESS
        fields.append("status")
    action.save(update_fields=[*fields, "updated_at"])
    _audit(AuditAction.UPDATE, action, actor, request, fields, action.organisation_id)
    return project
