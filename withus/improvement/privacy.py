"""Improvement's part of the subject access export (QI project teams). Registered with withus.people.registry in
ImprovementConfig.ready()."""

from withus.improvement.models import TeamMember
from withus.people.models import Person
from withus.people.registry import AccessSection


def access_sections(person: Person) -> list[AccessSection]:
    memberships = TeamMember.objects.filter(organisation_id=person.organisation_id, person=person)
    return [
        AccessSection(
            "Quality improvement (QI) project teams",
            [
                {
                    "Project": member.project.title,
                    "Role": member.get_role_display(),
                    "Joined": member.joined_on.isoformat(),
                    "Left": member.left_on.isoformat() if member.left_on else "",
                }
                for member in memberships.select_related("project").order_by("joined_on")
            ],
        )
    ]
