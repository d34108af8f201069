"""A participant's own learning: booking and withdrawing, my learning, certificates and the evaluation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_record, audit_view
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.learning.certificates import certificate_filename, certificate_pdf
from withus.learning.forms import EvaluationForm
from withus.learning.models import (
    Cohort,
    Completion,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    LearningSession,
)
from withus.learning.presenters import my_learning as my_learning_context
from withus.learning.selectors import my_learning_facts
from withus.learning.services import attendance as attendance_services
from withus.learning.services import enrolment as enrolment_services
from withus.learning.views.common import _courses
from withus.people.models import Person, PersonKind
from withus.people.selectors import signed_in_person, signed_in_person_or_404


def _cohort_for_booking(request, cohort_id) -> Cohort:
    return get_object_or_404(
        Cohort.objects.for_organisation(request.user.organisation_id).select_related("course"), pk=cohort_id
    )


@permission_required("learning.book", deny=404)
@require_http_methods(["GET", "POST"])
def cohort_book(request, cohort_id):
    cohort = _cohort_for_booking(request, cohort_id)
    person = signed_in_person_or_404(request.user)
    existing = cohort.enrolments.filter(person=person).booked().first()
    problem = "" if existing else enrolment_services.booking_problem(cohort, person)
    errors = []
    if request.method == "POST" and not existing:
        try:
            enrolment = enrolment_services.enrolment_request(
                cohort=cohort, person=person, actor=request.user, request=request
            )
        except ValidationError as error:
            errors = [{"text": message} for message in error.messages]
        else:
            if enrolment.status == EnrolmentStatus.ENROLLED:
                messages.success(
                    request,
                    gettext("You have a place on %(course)s: %(cohort)s.")
                    % {"course": cohort.course.name, "cohort": cohort.name},
                )
            else:
                waiting = gettext(
                    "%(cohort)s is full, so you are on the waiting list. We will tell you if a place comes free."
                )
                messages.success(request, waiting % {"cohort": cohort.name})
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
    person = signed_in_person_or_404(request.user)
    enrolment = get_object_or_404(
        Enrolment.objects.for_person(person).booked().select_related("cohort"),
        cohort_id=cohort_id,
    )
    if request.method == "POST":
        try:
            enrolment_services.enrolment_withdraw(enrolment=enrolment, actor=request.user, request=request)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("You have withdrawn. Thank you for letting us know."))
        return redirect("learning:mine")
    return render(request, "learning/withdraw.jinja", {"enrolment": enrolment, "cohort": enrolment.cohort})


@permission_required("learning.view_own_learning")
def my_learning(request):
    person = signed_in_person_or_404(request.user)
    audit_view(request, person, object_type="learning")
    context = my_learning_context(person, my_learning_facts(person))
    context["person"] = person
    context["to_evaluate"] = (
        list(
            LearningSession.objects.attended_by(person)
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
    person = signed_in_person(request.user)
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
    person = signed_in_person_or_404(request.user)
    session = get_object_or_404(
        LearningSession.objects.attended_by(person).select_related("cohort__course"),
        pk=session_id,
    )
    form = EvaluationForm(request.POST or None)
    sent = submit(
        request,
        form,
        lambda data: attendance_services.evaluation_submit(
            session=session,
            person=person,
            rating=data["rating"],
            comment=data["comment"],
            actor=request.user,
            request=request,
        ),
        "Thank you for your feedback.",
        "learning:mine",
    )
    if sent:
        return sent
    facilitators = list(session.cohort.facilitators.select_related("person"))
    return render(
        request, "learning/evaluation.jinja", {"form": form, "session": session, "facilitators": facilitators}
    )
