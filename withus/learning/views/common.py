"""What the learning pages share: the courses a user may see, and who may run cohorts of a course."""

from withus.learning.models import Course, CourseKind
from withus.people.models import MembershipStatus

WAITING_SHOWN = 200
BOOKABLE_STATUSES = (MembershipStatus.ENQUIRY, MembershipStatus.WELCOME, MembershipStatus.ACTIVE)


def _courses(request):
    return Course.objects.for_organisation(request.user.organisation_id)


def _could_manage(user, course: Course) -> bool:
    """Whether the user may run cohorts of this course (even before it has any)."""
    if not user.has_perm("learning.manage_cohorts"):
        return False
    if user.has_perm("learning.change_course"):
        return True
    return course.kind == CourseKind.PATHWAY
