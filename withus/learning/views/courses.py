"""Course pages: the list, a course (with its evaluation results) and editing it."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.learning.forms import CourseForm
from withus.learning.models import Cohort, CourseKind, Enrolment
from withus.learning.presenters import course_names
from withus.learning.selectors import evaluation_results
from withus.learning.services import courses as course_services
from withus.learning.services import enrolment as enrolment_services
from withus.learning.views.common import _could_manage, _courses
from withus.people.selectors import signed_in_person


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
        {"groups": [(label, items) for label, items in groups if items], "course_names": course_names},
    )


@permission_required("learning.view_courses")
def course_detail(request, course_id):
    course = get_object_or_404(_courses(request).prefetch_related("prerequisites"), pk=course_id)
    can_manage = _could_manage(request.user, course)
    cohorts = course.cohorts.with_places().order_by("starts_at", "name")
    if not can_manage:
        cohorts = cohorts.running().filter(starts_at__gt=timezone.now())
    cohorts = list(cohorts)
    person = signed_in_person(request.user)
    mine = {}
    if person is not None:
        mine = dict(
            Enrolment.objects.for_person(person)
            .filter(cohort__course=course)
            .booked()
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
        context.update(evaluation_results(course))
    return render(request, "learning/course_detail.jinja", context)


@permission_required("learning.change_course", deny=404)
@require_http_methods(["GET", "POST"])
def course_edit(request, course_id):
    course = get_object_or_404(_courses(request), pk=course_id)
    others = list(_courses(request).exclude(pk=course.pk))
    initial = {name: getattr(course, name) for name in course_services.COURSE_FIELDS}
    initial["prerequisites"] = [str(pk) for pk in course.prerequisites.values_list("pk", flat=True)]
    form = CourseForm(request.POST or None, courses=others, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: course_services.course_update(
            course=course,
            values={name: data[name] for name in course_services.COURSE_FIELDS},
            prerequisites=form.chosen_prerequisites(),
            actor=request.user,
            request=request,
        ),
        lambda _: f"{form.cleaned_data['name']} has been saved.",
        reverse("learning:course", kwargs={"course_id": course.pk}),
    )
    return saved or render(request, "learning/course_edit.jinja", {"form": form, "course": course})
