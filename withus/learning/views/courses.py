"""Course pages: the list, a course (with its evaluation results) and editing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.learning.forms import CourseForm
from withus.learning.models import Cohort, Course, CourseKind, Enrolment, EnrolmentStatus, Evaluation, Facilitator
from withus.learning.services import courses as course_services
from withus.learning.services import enrolment as enrolment_services
from withus.learning.views.common import _could_manage, _courses, _my_person, _with_places


@permission_required("learning.view_courses")
def course_list(request):
    if not _courses(request).exists():
        course_services.courses_ensure_defaults(organisation=request.user.organisation)
    upcoming = (
        Cohort.objects.running()
        .filter(course=OuterRef("pk"), starts_at__gt=timezone.now())
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    courses = _courses(request)
    if request.user.is_participant:
        courses = courses.filter(is_active=True)
    courses = list(
        courses.annotate(upcoming=Coalesce(Subquery(upcoming, output_field=IntegerField()), 0)).prefetch_related(
            "prerequisites"
        )
    )
    groups = [(label, [c for c in courses if c.kind == kind]) for kind, label in CourseKind.choices]
    return render(
        request,
        "learning/course_list.jinja",
        {"groups": [(label, items) for label, items in groups if items]},
    )


@permission_required("learning.view_courses")
def course_detail(request, course_id):
    course = get_object_or_404(_courses(request).prefetch_related("prerequisites"), pk=course_id)
    can_manage = _could_manage(request.user, course)
    cohorts = _with_places(Cohort.objects.filter(course=course)).order_by("starts_at", "name")
    if not can_manage:
        cohorts = cohorts.running().filter(starts_at__gt=timezone.now())
    cohorts = list(cohorts)
    person = _my_person(request)
    mine = {}
    if person is not None:
        mine = dict(
            Enrolment.objects.filter(person=person, cohort__course=course)
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .values_list("cohort_id", "status")
        )
    problem = ""
    if request.user.has_perm("learning.book") and person is not None:
        upcoming = next(
            (c for c in cohorts if c.starts_at and c.starts_at > timezone.now() and not c.is_cancelled), None
        )
        problem = (
            enrolment_services.booking_problem(upcoming, person)
            if upcoming
            else enrolment_services.course_problem(course, person)
        )
    context = {
        "course": course,
        "cohorts": cohorts,
        "can_manage": can_manage,
        "can_edit": request.user.has_perm("learning.change_course"),
        "can_book": request.user.has_perm("learning.book") and person is not None,
        "problem": problem,
        "mine": mine,
        "now": timezone.now(),
    }
    if can_manage and request.user.has_perm("learning.view_evaluations"):
        context.update(_evaluation_results(course))
    return render(request, "learning/course_detail.jinja", context)


def _evaluation_results(course: Course) -> dict:
    """Feedback per course and per facilitator, as averages and counts (three queries)."""
    evaluations = Evaluation.objects.filter(session__cohort__course=course)
    overall = evaluations.aggregate(average=Avg("rating"), count=Count("pk"))
    by_facilitator = list(
        Facilitator.objects.filter(cohort__course=course)
        .values("person__full_name", "role")
        .annotate(
            average=Avg("cohort__sessions__evaluations__rating"),
            count=Count("cohort__sessions__evaluations", distinct=True),
        )
        .order_by("person__full_name")
    )
    comments = list(evaluations.exclude(comment="").select_related("session__cohort").order_by("-created_at")[:10])
    return {"overall": overall, "by_facilitator": by_facilitator, "comments": comments}


@permission_required("learning.change_course", deny=404)
@require_http_methods(["GET", "POST"])
def course_edit(request, course_id):
    course = get_object_or_404(_courses(request), pk=course_id)
    others = list(_courses(request).exclude(pk=course.pk))
    initial = {name: getattr(course, name) for name in course_services.COURSE_FIELDS}
    initial["prerequisites"] = [str(pk) for pk in course.prerequisites.values_list("pk", flat=True)]
    form = CourseForm(request.POST or None, courses=others, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            values = {name: form.cleaned_data[name] for name in course_services.COURSE_FIELDS}
            course_services.course_update(
                course=course,
                values=values,
                prerequisites=form.chosen_prerequisites(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("learning:course", course_id=course.pk)
    return render(request, "learning/course_edit.jinja", {"form": form, "course": course})
