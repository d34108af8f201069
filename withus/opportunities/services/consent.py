"""What opportunities does when someone withdraws an agreement, is erased, or asks what is held about them.

Registered with withus.people.registry in OpportunitiesConfig.ready() (people cannot import this app).
"""

from django.utils import timezone

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.opportunities.models import ExpressionOfInterest, ResponseStatus
from withus.people.models import ConsentTopic, Person
from withus.people.registry import AccessSection


def contact_withdrawn_note(day) -> str:
    return f"Ended on {day.day} {day:%B %Y}: they withdrew their agreement to be contacted about opportunities."


def end_open_interests(*, person: Person, topic: str, actor, request=None) -> int:
    """After someone withdraws "being contacted about opportunities", their open interests (interested, or not
    selected yet but still waiting) end, with a note.
    Places already offered or confirmed stay: the lead sees the flag and talks to them. Returns how many ended."""
    if topic != ConsentTopic.CONTACT:
        return 0
    now = timezone.now()
    note = contact_withdrawn_note(timezone.localdate())
    open_interests = ExpressionOfInterest.objects.select_for_update().filter(
        organisation_id=person.organisation_id,
        person=person,
        status__in=(ResponseStatus.INTERESTED, ResponseStatus.NOT_SELECTED),
    )
    ended = 0
    for response in open_interests:
        response.status = ResponseStatus.WITHDRAWN
        response.withdrawn_at = now
        response.decision_reason = note
        response.save(update_fields=["status", "withdrawn_at", "decision_reason", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=response,
            changed_fields=["status", "decision_reason"],
        )
        ended += 1
    return ended


def access_sections(person: Person) -> list[AccessSection]:
    responses = ExpressionOfInterest.objects.for_person(person).select_related("opportunity").order_by("created_at")
    return [
        AccessSection(
            "Opportunities you responded to",
            [
                {
                    "Opportunity": response.opportunity.title,
                    "On": response.created_at.date().isoformat(),
                    "Status": response.get_status_display(),
                    "Your message": response.message,
                    "Access needs you told us": response.access_needs,
                    "Note": response.decision_reason,
                }
                for response in responses
            ],
        )
    ]


def erase(*, person: Person) -> None:
    """What the person wrote is erased; that they responded (and any place they held) is kept for the records."""
    ExpressionOfInterest.objects.filter(organisation_id=person.organisation_id, person=person).update(
        message="", access_needs="", updated_at=timezone.now()
    )
