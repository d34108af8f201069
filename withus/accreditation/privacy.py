"""What accreditation holds about a person, for a subject access request: the visits they were on, the ratings
they gave, the standards they proposed and the panels they chaired."""

from withus.accreditation.models import Decision, Rating, Standard, TeamMember
from withus.people.models import Person
from withus.people.registry import AccessSection


def access_sections(person: Person) -> list[AccessSection]:
    visits = TeamMember.objects.filter(person=person, review__organisation_id=person.organisation_id)
    ratings = Rating.objects.filter(assessor=person, review__organisation_id=person.organisation_id)
    proposed = Standard.objects.filter(proposed_by=person, theme__edition__organisation_id=person.organisation_id)
    chaired = Decision.objects.filter(chair=person, review__organisation_id=person.organisation_id)
    return [
        AccessSection(
            "Accreditation visits",
            [
                {
                    "Ward, team or service": member.review.unit.name,
                    "Role": "Lead assessor" if member.is_lead else "Assessor",
                    "Visit date": member.review.visit_date.isoformat() if member.review.visit_date else "",
                }
                for member in visits.select_related("review__unit").order_by("created_at")
            ],
        ),
        AccessSection(
            "Accreditation ratings you gave",
            [
                {
                    "Ward, team or service": rating.review.unit.name,
                    "Standard": rating.standard.code,
                    "Rating": rating.get_value_display(),
                    "Notes": rating.notes,
                }
                for rating in ratings.select_related("review__unit", "standard").order_by("created_at")
            ],
        ),
        AccessSection(
            "Accreditation standards you proposed",
            [{"Standard": f"{standard.code} {standard.text}"} for standard in proposed.order_by("created_at")],
        ),
        AccessSection(
            "Accreditation panels you chaired",
            [
                {"Ward, team or service": decision.review.unit.name, "Decided on": decision.decided_on.isoformat()}
                for decision in chaired.select_related("review__unit").order_by("decided_on")
            ],
        ),
    ]
