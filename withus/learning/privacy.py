"""Learning's part of the subject access export (courses booked and completed). Registered with
withus.people.registry in LearningConfig.ready()."""

from withus.learning.models import Completion, Enrolment
from withus.people.models import Person
from withus.people.registry import AccessSection


def access_sections(person: Person) -> list[AccessSection]:
    completions = Completion.objects.filter(organisation_id=person.organisation_id, person=person)
    enrolments = Enrolment.objects.filter(organisation_id=person.organisation_id, person=person)
    return [
        AccessSection(
            "Training completed",
            [
                {
                    "Course": completion.course.name,
                    "Completed on": completion.completed_on.isoformat(),
                    "In date until": completion.valid_until.isoformat() if completion.valid_until else "",
                    "How": completion.get_how_display(),
                }
                for completion in completions.select_related("course").order_by("completed_on")
            ],
        ),
        AccessSection(
            "Course places",
            [
                {"Course date": enrolment.cohort.name, "Status": enrolment.get_status_display()}
                for enrolment in enrolments.select_related("cohort").order_by("created_at")
            ],
        ),
    ]
