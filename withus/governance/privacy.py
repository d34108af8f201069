"""Governance's part of the subject access export (committee seats, meetings, interview panels). Registered with
withus.people.registry in GovernanceConfig.ready()."""

from withus.governance.models import MeetingAttendance, PanelMember, SeatTerm
from withus.people.models import Person
from withus.people.registry import AccessSection


def access_sections(person: Person) -> list[AccessSection]:
    organisation_id = person.organisation_id
    terms = SeatTerm.objects.filter(organisation_id=organisation_id, person=person).select_related("seat__committee")
    meetings = MeetingAttendance.objects.filter(organisation_id=organisation_id, person=person)
    panels = PanelMember.objects.filter(organisation_id=organisation_id, person=person).select_related("vacancy")
    return [
        AccessSection(
            "Committee seats",
            [
                {
                    "Committee": term.seat.committee.name,
                    "Seat": term.seat.title,
                    "From": term.starts_on.isoformat(),
                    "To": term.ends_on.isoformat(),
                }
                for term in terms.order_by("starts_on")
            ],
        ),
        AccessSection(
            "Committee meetings",
            [
                {"Meeting": str(attendance.meeting), "Attended": "Yes" if attendance.attended else "No"}
                for attendance in meetings.select_related("meeting").order_by("created_at")
            ],
        ),
        AccessSection(
            "Interview panels",
            [
                {"Vacancy": member.vacancy.job_title, "Chair": "Yes" if member.is_chair else "No"}
                for member in panels.order_by("created_at")
            ],
        ),
    ]
