"""Cohort pages for staff: adding and cancelling a cohort, enrolling people, attendance and completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_record
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.learning.forms import AttendanceForm, CohortCancelForm, CohortForm, EnrolForm, MarkCompleteForm
from withus.learning.models import (
    Cohort,
    Completion,
    CourseCode,
    Enrolment,
    EnrolmentStatus,
    LearningSession,
    SessionAttendance,
)
from withus.learning.services import attendance as attendance_services
from withus.learning.services import cohorts as cohort_services
from withus.learning.services import enrolment as enrolment_services
from withus.learning.views.common import BOOKABLE_STATUSES, _could_manage, _courses
from withus.notifications.services.outbox import told_summary
from withus.people.models import Person, PersonKind

# Service users and carers who may co-facilitate: trained to co-deliver, or QI coaches and ILP graduates.
CO_FACILITATOR_COURSES = (CourseCode.CO_DELIVERING, CourseCode.QI_COACH, CourseCode.IMPROVEMENT_LEADERS)


def _facilitator_choices(organisation_id):
    """Staff, and the service users and carers trained to co-facilitate (in date): not the whole register."""
    trained = (
        Completion.objects.for_organisation(organisation_id)
        .in_date(timezone.localdate())
        .filter(course__code__in=CO_FACILITATOR_COURSES)
        .values("person_id")
    )
    return (
        Person.objects.for_organisation(organisation_id)
        .filter(status__in=BOOKABLE_STATUSES)
        .filter(Q(kind=PersonKind.STAFF) | Q(pk__in=trained))
        .order_by("kind", "full_name")
    )


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_add(request, course_id):
    course = get_object_or_404(_courses(request), pk=course_id)
    if not _could_manage(request.user, course):
        raise Http404
    form = CohortForm(request.POST or None, facilitators=_facilitator_choices(request.user.organisation_id))
    planned = submit(
        request,
        form,
        lambda data: cohort_services.cohort_create(
            course=course,
            values=form.values(),
            sessions=form.sessions(),
            facilitators=form.chosen_facilitators(),
            actor=request.user,
            request=request,
        ),
        lambda cohort: f"{cohort.name} is planned. People can now book it.",
        _to_cohort,
    )
    return planned or render(request, "learning/cohort_add.jinja", {"form": form, "course": course})


def _to_cohort(cohort: Cohort) -> str:
    return reverse("learning:cohort", kwargs={"cohort_id": cohort.pk})


def _managed_cohort(request, cohort_id) -> Cohort:
    return get_object_or_404(Cohort.objects.managed_by(request.user).select_related("course"), pk=cohort_id)


@permission_required("learning.manage_cohorts", deny=404)
def cohort_detail(request, cohort_id):
    cohort = _managed_cohort(request, cohort_id)
    enrolments = list(
        cohort.enrolments.booked().select_related("person").order_by("status", "waiting_since", "person__full_name")
    )
    sessions = list(cohort.sessions.all())
    attended = {}
    for person_id, count in (
        SessionAttendance.objects.for_cohort(cohort)
        .attended()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    ):
        attended[person_id] = count
    completed = {completion.person_id: completion for completion in cohort.completions.order_by()}
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        obj=cohort,
        object_type="cohort",
        object_label=f"Enrolments on {cohort.name}",
    )
    return render(
        request,
        "learning/cohort_detail.jinja",
        {
            "cohort": cohort,
            "course": cohort.course,
            "sessions": sessions,
            "facilitators": list(cohort.facilitators.select_related("person")),
            "enrolled": [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED],
            "waiting": [e for e in enrolments if e.status == EnrolmentStatus.WAITING],
            "attended": attended,
            "completed": completed,
            "needed": min(cohort.required_sessions or len(sessions), len(sessions)),
            "now": timezone.now(),
        },
    )


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_cancel(request, cohort_id):
    cohort = _managed_cohort(request, cohort_id)
    if cohort.is_cancelled:
        return redirect("learning:cohort", cohort_id=cohort.pk)
    form = CohortCancelForm(request.POST or None)
    booked = cohort.enrolments.booked().count()
    told = []
    cancelled = submit(
        request,
        form,
        lambda data: cohort_services.cohort_cancel(
            cohort=cohort, reason=data["reason"], actor=request.user, request=request, told=told
        ),
        lambda withdrawn: f"{cohort.name} is cancelled. {told_summary(told)}",
        reverse("learning:course", kwargs={"course_id": cohort.course_id}),
    )
    context = {"form": form, "cohort": cohort, "booked": booked}
    return cancelled or render(request, "learning/cohort_cancel.jinja", context)


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_enrol(request, cohort_id):
    cohort = _managed_cohort(request, cohort_id)
    taken = cohort.enrolments.booked().values("person_id")
    people = (
        Person.objects.visible_to(request.user)
        .filter(status__in=BOOKABLE_STATUSES)
        .exclude(pk__in=taken)
        .order_by("full_name")
    )
    form = EnrolForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        person = form.chosen_person()
        try:
            enrolment = enrolment_services.enrolment_request(
                cohort=cohort,
                person=person,
                actor=request.user,
                override_reason=form.cleaned_data["override_reason"],
                waiting_list=form.cleaned_data["waiting_list"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            where = "enrolled" if enrolment.status == EnrolmentStatus.ENROLLED else "on the waiting list"
            messages.success(request, f"{person.full_name} is {where}.")
            return redirect("learning:cohort", cohort_id=cohort.pk)
    return render(request, "learning/cohort_enrol.jinja", {"form": form, "cohort": cohort})


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def enrolment_remove(request, enrolment_id):
    """Withdraw someone from a cohort, after asking the lead to confirm (a page, not a button that acts at once)."""
    enrolment = get_object_or_404(
        Enrolment.objects.managed_by(request.user).select_related("person", "cohort__course"), pk=enrolment_id
    )
    if request.method == "GET":
        return render(request, "learning/enrolment_remove.jinja", {"enrolment": enrolment, "cohort": enrolment.cohort})
    try:
        offered = enrolment_services.enrolment_withdraw(
            enrolment=enrolment, actor=request.user, reason="Withdrawn by a lead", request=request
        )
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        text = f"{enrolment.person.full_name} has been withdrawn."
        if offered:
            text += f" The place has been offered to {offered.person.full_name}, who was next on the waiting list."
        messages.success(request, text)
    return redirect("learning:cohort", cohort_id=enrolment.cohort_id)


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def completion_mark(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.managed_by(request.user).select_related("person", "cohort__course"), pk=enrolment_id
    )
    form = MarkCompleteForm(request.POST or None)
    marked = submit(
        request,
        form,
        lambda data: attendance_services.completion_mark(
            enrolment=enrolment, reason=data["reason"], actor=request.user, request=request
        ),
        f"{enrolment.person.full_name} has completed {enrolment.cohort.course.name}.",
        reverse("learning:cohort", kwargs={"cohort_id": enrolment.cohort_id}),
    )
    return marked or render(request, "learning/completion_mark.jinja", {"form": form, "enrolment": enrolment})


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def session_attendance(request, session_id):
    session = get_object_or_404(
        LearningSession.objects.managed_by(request.user).select_related("cohort__course"), pk=session_id
    )
    people = [
        enrolment.person
        for enrolment in session.cohort.enrolments.enrolled().select_related("person").order_by("person__full_name")
    ]
    recorded = [str(pk) for pk in session.attendances.attended().values_list("person_id", flat=True)]
    form = AttendanceForm(request.POST or None, people=people, initial={"attended": recorded})
    if request.method == "POST" and form.is_valid():
        came = set(form.cleaned_data["attended"])
        try:
            completions = attendance_services.attendance_record(
                session=session,
                attended={str(person.pk): str(person.pk) in came for person in people},
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = f"Attendance saved: {len(came)} of {len(people)} came."
            if completions:
                text += f" {len(completions)} completed the course."
            messages.success(request, text)
            return redirect("learning:cohort", cohort_id=session.cohort_id)
    return render(
        request,
        "learning/attendance.jinja",
        {"form": form, "session": session, "cohort": session.cohort, "people": people, "now": timezone.now()},
    )
