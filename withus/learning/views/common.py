"""What the learning pages share: the signed-in person, the courses a user may see, and places left."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from withus.learning.models import Course, CourseKind, Enrolment, EnrolmentStatus
from withus.people.models import MembershipStatus, Person

WAITING_SHOWN = 200
BOOKABLE_STATUSES = (MembershipStatus.ENQUIRY, MembershipStatus.WELCOME, MembershipStatus.ACTIVE)


def _my_person(request) -> Person | None:
    return Person.objects.filter(user=request.user, organisation_id=request.user.organisation_id).first()


def _courses(request):
    return Course.objects.filter(organisation_id=request.user.organisation_id)


def _with_places(cohorts):
    enrolled = (
        Enrolment.objects.filter(cohort=OuterRef("pk"), status=EnrolmentStatus.ENROLLED)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = (
        Enrolment.objects.filter(cohort=OuterRef("pk"), status=EnrolmentStatus.WAITING)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cohorts.annotate(
        enrolled_count=Coalesce(Subquery(enrolled, output_field=IntegerField()), 0),
        waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
        session_count=Count("sessions"),
    )


def _could_manage(user, course: Course) -> bool:
    """Whether the user may run cohorts of this course (even before it has any)."""
    if not user.has_perm("learning.manage_cohorts"):
        return False
    if user.has_perm("learning.change_course"):
        return True
    return course.kind == CourseKind.PATHWAY
