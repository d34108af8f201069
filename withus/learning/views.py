"""Learning pages: courses, cohorts, enrolment, attendance, certificates, my learning, funnel.

Thin: permission, scope, service, render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.learning import services
from withus.learning.certificates import certificate_filename, certificate_pdf
from withus.learning.forms import (
    AttendanceForm,
    CohortCancelForm,
    CohortForm,
    CourseForm,
    EnrolForm,
    EvaluationForm,
    MarkCompleteForm,
)
from withus.learning.funnel import funnel, waiting_too_long
from withus.learning.models import (
    Cohort,
    Completion,
    Course,
    CourseCode,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    Facilitator,
    LearningSession,
    SessionAttendance,
)
from withus.learning.presenters import my_learning as my_learning_context
from withus.people.models import MembershipStatus, Person, PersonKind

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


# --- Courses ------------------------------------------------------------------------------------------


@permission_required("learning.view_courses")
def course_list(request):
    if not _courses(request).exists():
        services.courses_ensure_defaults(organisation=request.user.organisation)
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
        problem = services.booking_problem(upcoming, person) if upcoming else services.course_problem(course, person)
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
    initial = {name: getattr(course, name) for name in services.COURSE_FIELDS}
    initial["prerequisites"] = [str(pk) for pk in course.prerequisites.values_list("pk", flat=True)]
    form = CourseForm(request.POST or None, courses=others, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            values = {name: form.cleaned_data[name] for name in services.COURSE_FIELDS}
            services.course_update(
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


# --- Cohorts ------------------------------------------------------------------------------------------


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
        Person.objects.filter(organisation_id=organisation_id, status__in=BOOKABLE_STATUSES)
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
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                course=course,
                values=form.values(),
                sessions=form.sessions(),
                facilitators=form.chosen_facilitators(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{cohort.name} is planned. People can now book it.")
            return redirect("learning:cohort", cohort_id=cohort.pk)
    return render(request, "learning/cohort_add.jinja", {"form": form, "course": course})


def _managed_cohort(request, cohort_id) -> Cohort:
    return get_object_or_404(Cohort.objects.managed_by(request.user).select_related("course"), pk=cohort_id)


@permission_required("learning.manage_cohorts", deny=404)
def cohort_detail(request, cohort_id):
    cohort = _managed_cohort(request, cohort_id)
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("person")
        .order_by("status", "waiting_since", "person__full_name")
    )
    sessions = list(cohort.sessions.all())
    attended = {}
    for person_id, count in (
        SessionAttendance.objects.filter(session__cohort=cohort, attended=True)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    ):
        attended[person_id] = count
    completed = {completion.person_id: completion for completion in Completion.objects.filter(cohort=cohort).order_by()}
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
    booked = Enrolment.objects.filter(cohort=cohort).exclude(status=EnrolmentStatus.WITHDRAWN).count()
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = services.cohort_cancel(
                cohort=cohort, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            told = len(withdrawn)
            messages.success(
                request,
                f"{cohort.name} is cancelled. We have e-mailed the {told} {'person' if told == 1 else 'people'} "
                "who were booked or waiting.",
            )
            return redirect("learning:course", course_id=cohort.course_id)
    return render(request, "learning/cohort_cancel.jinja", {"form": form, "cohort": cohort, "booked": booked})


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_enrol(request, cohort_id):
    cohort = _managed_cohort(request, cohort_id)
    taken = Enrolment.objects.filter(cohort=cohort).exclude(status=EnrolmentStatus.WITHDRAWN).values("person_id")
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
            enrolment = services.enrolment_request(
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
@require_POST
def enrolment_remove(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.filter(cohort__in=Cohort.objects.managed_by(request.user)).select_related("person"),
        pk=enrolment_id,
    )
    try:
        offered = services.enrolment_withdraw(
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
        Enrolment.objects.filter(cohort__in=Cohort.objects.managed_by(request.user)).select_related(
            "person", "cohort__course"
        ),
        pk=enrolment_id,
    )
    form = MarkCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_mark(
                enrolment=enrolment, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{enrolment.person.full_name} has completed {enrolment.cohort.course.name}.")
            return redirect("learning:cohort", cohort_id=enrolment.cohort_id)
    return render(request, "learning/completion_mark.jinja", {"form": form, "enrolment": enrolment})


@permission_required("learning.manage_cohorts", deny=404)
@require_http_methods(["GET", "POST"])
def session_attendance(request, session_id):
    session = get_object_or_404(
        LearningSession.objects.filter(cohort__in=Cohort.objects.managed_by(request.user)).select_related(
            "cohort__course"
        ),
        pk=session_id,
    )
    people = [
        enrolment.person
        for enrolment in Enrolment.objects.filter(cohort=session.cohort, status=EnrolmentStatus.ENROLLED)
        .select_related("person")
        .order_by("person__full_name")
    ]
    recorded = [
        str(pk)
        for pk in SessionAttendance.objects.filter(session=session, attended=True).values_list("person_id", flat=True)
    ]
    form = AttendanceForm(request.POST or None, people=people, initial={"attended": recorded})
    if request.method == "POST" and form.is_valid():
        came = set(form.cleaned_data["attended"])
        try:
            completions = services.attendance_record(
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


# --- Booking (participants and staff) -----------------------------------------------------------------


def _cohort_for_booking(request, cohort_id) -> Cohort:
    return get_object_or_404(
        Cohort.objects.for_organisation(request.user.organisation_id).select_related("course"), pk=cohort_id
    )


@permission_required("learning.book", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_book(request, cohort_id):
    cohort = _cohort_for_booking(request, cohort_id)
    person = _my_person(request)
    if person is None:
        raise Http404
    existing = Enrolment.objects.filter(cohort=cohort, person=person).exclude(status=EnrolmentStatus.WITHDRAWN).first()
    problem = "" if existing else services.booking_problem(cohort, person)
    errors = []
    if request.method == "POST" and not existing:
        try:
            enrolment = services.enrolment_request(cohort=cohort, person=person, actor=request.user, request=request)
        except ValidationError as error:
            errors = [{"text": message} for message in error.messages]
        else:
            if enrolment.status == EnrolmentStatus.ENROLLED:
                messages.success(request, f"You have a place on {cohort.course.name}: {cohort.name}.")
            else:
                messages.success(
                    request,
                    f"{cohort.name} is full, so you are on the waiting list. We will tell you if a place comes free.",
                )
            return redirect("learning:mine")
    return render(
        request,
        "learning/book.jinja",
        {
            "cohort": cohort,
            "course": cohort.course,
            "sessions": list(cohort.sessions.all()),
            "existing": existing,
            "problem": problem,
            "errors": errors,
        },
    )


@permission_required("learning.book", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_withdraw(request, cohort_id):
    person = _my_person(request)
    if person is None:
        raise Http404
    enrolment = get_object_or_404(
        Enrolment.objects.filter(person=person).exclude(status=EnrolmentStatus.WITHDRAWN).select_related("cohort"),
        cohort_id=cohort_id,
    )
    if request.method == "POST":
        try:
            services.enrolment_withdraw(enrolment=enrolment, actor=request.user, request=request)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(request, "You have withdrawn. Thank you for letting us know.")
        return redirect("learning:mine")
    return render(request, "learning/withdraw.jinja", {"enrolment": enrolment, "cohort": enrolment.cohort})


# --- My learning, certificates and feedback -----------------------------------------------------------


@permission_required("learning.view_own_learning")
def my_learning(request):
    person = _my_person(request)
    if person is None:
        raise Http404("You are not in the involvement register yet.")
    audit_view(request, person, object_type="learning")
    context = my_learning_context(person)
    context["person"] = person
    context["to_evaluate"] = (
        list(
            LearningSession.objects.filter(attendances__person=person, attendances__attended=True)
            .exclude(evaluations__person=person)
            .select_related("cohort__course")
            .order_by("-starts_at")[:10]
        )
        if person.kind == PersonKind.STAFF
        else []
    )
    return render(request, "learning/my_learning.jinja", context)


def _completion_for(request, completion_id) -> Completion:
    """Your own certificates; a lead's (or the QI team's) for people and courses they manage. Else 404."""
    completions = Completion.objects.for_organisation(request.user.organisation_id).select_related("person", "course")
    person = _my_person(request)
    own = Q(person=person) if person is not None else Q(pk__in=[])
    managed = Q(pk__in=[])
    if request.user.has_perm("learning.manage_cohorts"):
        courses = _courses(request)
        if not request.user.has_perm("learning.change_course"):
            courses = courses.filter(kind=CourseKind.PATHWAY)
        managed = Q(course__in=courses, person__in=Person.objects.visible_to(request.user))
    return get_object_or_404(completions.filter(own | managed), pk=completion_id)


@permission_required("learning.download_certificate", deny=404)
def certificate(request, completion_id):
    completion = _completion_for(request, completion_id)
    pdf = certificate_pdf(completion, trust_name=request.user.organisation.name)
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=completion,
        object_type="certificate",
        object_label=f"Certificate: {completion.course.name} for {completion.person.full_name}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(completion)}"'
    return response


@permission_required("learning.give_evaluation", deny=404)
@require_http_methods(["GET", "POST"])
def evaluation(request, session_id):
    person = _my_person(request)
    if person is None:
        raise Http404
    session = get_object_or_404(
        LearningSession.objects.filter(attendances__person=person, attendances__attended=True).select_related(
            "cohort__course"
        ),
        pk=session_id,
    )
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(
                session=session,
                person=person,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("learning:mine")
    facilitators = list(Facilitator.objects.filter(cohort=session.cohort).select_related("person"))
    return render(
        request, "learning/evaluation.jinja", {"form": form, "session": session, "facilitators": facilitators}
    )


# --- Funnel -------------------------------------------------------------------------------------------


@permission_required("learning.view_funnel", deny=404)
def funnel_view(request):
    organisation_id = request.user.organisation_id
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        organisation_id=organisation_id,
        object_type="learning-funnel",
        object_label="Learning pathway funnel",
    )
    waiting = waiting_too_long(
        organisation_id=organisation_id, people=Person.objects.visible_to(request.user).values("pk")
    )
    return render(
        request,
        "learning/funnel.jinja",
        {**funnel(organisation_id=organisation_id), "waiting": waiting[:WAITING_SHOWN], "waiting_total": len(waiting)},
    )
