"""Support pages. A person's own pages (/me/...) reach only their own records; the participation team's pages
reach only the people of their units (selectors.people_supported_by), 404 otherwise. Every view of a support
plan, agreement or debrief is audited."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.dates import add_months, month_start
from withus.core.easy_read import render_readable
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.involvement.presenters import hours_text
from withus.people.models import MembershipStatus
from withus.people.selectors import signed_in_person_or_404
from withus.support import presenters, selectors, services
from withus.support.forms import (
    AgreeForm,
    AgreementForm,
    BuddyCheckInForm,
    BuddyForm,
    DebriefAnswerForm,
    DebriefHeldForm,
    PaperSurveyForm,
    PauseForm,
    ProfileForm,
    SupportPlanForm,
    SurveyForm,
    SurveyForSomeoneForm,
)
from withus.support.models import CUBE_QUESTIONS, Debrief, InvolvementAgreement

refused = logging.getLogger("withus.security.support")


def _posted(request):
    """The form's data on POST (even an empty one, so every field is checked), nothing on GET."""
    return request.POST if request.method == "POST" else None


def _supported_person_or_404(request, person_id):
    person = selectors.supported_person_or_none(request.user, person_id)
    if person is None:
        # Someone outside the person's participation team asked: the page does not exist for them, and the attempt
        # goes to the security log (not the audit table: a refusal writes nothing, ADR 10 and ADR 28).
        refused.warning(
            "Support records refused: user %s asked for person %s at %s", request.user.pk, person_id, request.path
        )
        raise Http404
    return person


# --- Agreements ----------------------------------------------------------------------------------------------


@permission_required("support.view_own", deny=404)
def my_agreement(request):
    person = signed_in_person_or_404(request.user)
    agreements = selectors.latest_agreements(person)
    for agreement in agreements:
        audit_view(request, agreement)
    return render(
        request,
        "support/my_agreement.jinja",
        {"agreements": agreements, "form": AgreeForm(), "history": selectors.agreement_history(person)},
    )


@permission_required("support.view_own", deny=404)
@require_POST
def my_agreement_agree(request, agreement_id):
    person = signed_in_person_or_404(request.user)
    agreement = get_object_or_404(InvolvementAgreement.objects.for_person(person), pk=agreement_id)
    form = AgreeForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_agree(agreement=agreement, person=person, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("You have agreed your agreement for %(role)s. Thank you.") % {"role": agreement.role}
            )
            return redirect("support:my_agreement")
    agreements = selectors.latest_agreements(person)
    context = {"agreements": agreements, "form": form, "history": selectors.agreement_history(person)}
    return render(request, "support/my_agreement.jinja", context)


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def agreement_new(request, person_id):
    person = _supported_person_or_404(request, person_id)
    latest = selectors.latest_agreements(person)
    initial = {name: getattr(latest[0], name) for name in ("role", *services.AGREEMENT_FIELDS)} if latest else {}
    form = AgreementForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                person=person,
                role=data["role"],
                details={name: data[name] for name in services.AGREEMENT_FIELDS},
                paper_signed_on=data["paper_signed_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            told = "" if agreement.is_agreed else " A message asking them to read and agree it is in the outbox."
            messages.success(
                request, f"Version {agreement.version} of the agreement for {agreement.role} is saved.{told}"
            )
            return redirect("support:person", person_id=person.pk)
    return render(request, "support/agreement_new.jinja", {"person": person, "form": form})


# --- Support plans -------------------------------------------------------------------------------------------


def _plan_initial(plan) -> dict:
    if plan is None:
        return {}
    return {name: getattr(plan, name) for name in services.PLAN_FIELDS}


@permission_required("support.view_own", deny=404)
@require_http_methods(["GET", "POST"])
def my_support(request):
    person = signed_in_person_or_404(request.user)
    plan = selectors.plan_of(person)
    form = SupportPlanForm(_posted(request), initial=_plan_initial(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(person=person, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your support plan is saved."))
            return redirect("support:my_support")
    if plan is not None:
        audit_view(request, plan)
    context = {
        "person": person,
        "plan": plan,
        "form": form,
        "debriefs": list(Debrief.objects.for_person(person).waiting()),
        "pause": selectors.open_pause(person),
        "buddies": selectors.buddies_of(person),
    }
    return render(request, "support/my_support.jinja", context)


@permission_required("support.support_people", deny=404)
def person_support(request, person_id):
    person = _supported_person_or_404(request, person_id)
    plan = selectors.plan_of(person)
    audit_view(request, plan or person, object_type="supportplan")
    context = {
        "person": person,
        "plan": plan,
        "agreements": selectors.latest_agreements(person),
        "profile": selectors.profile_of(person),
        "debriefs": list(Debrief.objects.for_person(person)),
        "pause": selectors.open_pause(person),
        "buddies": selectors.buddies_of(person),
    }
    return render(request, "support/person.jinja", context)


# --- One-page profile ----------------------------------------------------------------------------------------


def _profile_form_and_save(request, person, *, own: bool):
    """The profile form, and on a valid POST the saved profile (None otherwise)."""
    profile = selectors.profile_of(person)
    initial = {"good_at": profile.good_at, "want_to_learn": profile.want_to_learn} if profile else {}
    form = ProfileForm(_posted(request), own=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.profile_save(person=person, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return form, profile, saved
    if profile is not None:
        audit_view(request, profile)
    return form, profile, None


@permission_required("support.view_own", deny=404)
@require_http_methods(["GET", "POST"])
def my_profile(request):
    person = signed_in_person_or_404(request.user)
    form, profile, saved = _profile_form_and_save(request, person, own=True)
    if saved is not None:
        messages.success(request, _("Your profile is saved."))
        return redirect("support:my_profile")
    return render(request, "support/my_profile.jinja", {"person": person, "profile": profile, "form": form})


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def person_profile(request, person_id):
    person = _supported_person_or_404(request, person_id)
    form, profile, saved = _profile_form_and_save(request, person, own=False)
    if saved is not None:
        messages.success(request, f"{person.full_name}'s profile is saved.")
        return redirect("support:person", person_id=person.pk)
    return render(request, "support/person_profile.jinja", {"person": person, "profile": profile, "form": form})


# --- Debriefs ------------------------------------------------------------------------------------------------


@permission_required("support.view_own", deny=404)
@require_http_methods(["GET", "POST"])
def my_debrief(request, debrief_id):
    person = signed_in_person_or_404(request.user)
    debrief = get_object_or_404(Debrief.objects.for_person(person), pk=debrief_id)
    form = DebriefAnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.debrief_answer(
                debrief=debrief,
                person=person,
                accept=form.cleaned_data["answer"] == "yes",
                with_whom=form.cleaned_data["with_whom"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["answer"] == "yes":
                messages.success(request, _("Thank you. Your lead will get in touch to arrange your debrief."))
            else:
                messages.success(request, _("Thank you for letting us know. You can ask for a debrief at any time."))
            return redirect("support:my_support")
    audit_view(request, debrief)
    return render(request, "support/my_debrief.jinja", {"debrief": debrief, "form": form})


@permission_required("support.support_people", deny=404)
def debriefs(request):
    overview = selectors.debrief_overview(request.user, timezone.localdate())
    audit_record(action=AuditAction.VIEW, request=request, object_type="debriefs", object_label="Debriefs")
    return render(request, "support/debriefs.jinja", {"overview": overview, "today": timezone.localdate()})


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def debrief_held(request, debrief_id):
    debrief = get_object_or_404(selectors.debriefs_supported_by(request.user), pk=debrief_id)
    form = DebriefHeldForm(_posted(request), initial={"with_whom": debrief.with_whom})
    if request.method == "POST" and form.is_valid():
        try:
            services.debrief_record_held(debrief=debrief, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The debrief with {debrief.person.full_name} is recorded as taken.")
            return redirect("support:debriefs")
    audit_view(request, debrief)
    return render(request, "support/debrief_held.jinja", {"debrief": debrief, "form": form})


# --- Buddies -------------------------------------------------------------------------------------------------


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def buddies(request):
    people = selectors.people_supported_by(request.user)
    form = BuddyForm(_posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            pair = services.buddy_add(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{pair.buddy.full_name} is now {pair.person.full_name}'s buddy.")
            return redirect("support:buddies")
    pairs = selectors.buddies_for(people)
    audit_record(action=AuditAction.VIEW, request=request, object_type="buddies", object_label="Buddies")
    return render(request, "support/buddies.jinja", {"pairs": list(pairs[:500]), "form": form})


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def buddy_check_ins(request, buddy_id):
    """A pair's check-ins, and recording one (paid involvement of the buddy)."""
    pair = get_object_or_404(selectors.buddies_for(selectors.people_supported_by(request.user)), pk=buddy_id)
    form = BuddyCheckInForm(_posted(request), initial={"hours": "1"})
    if request.method == "POST" and form.is_valid():
        try:
            check_in = services.buddy_check_in_record(
                pair=pair, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The check-in on {check_in.held_on:%-d %B %Y} is recorded. It is on {pair.buddy.full_name}'s "
                "involvement, ready to claim.",
            )
            return redirect("support:buddy_check_ins", buddy_id=pair.pk)
    audit_view(request, pair)
    context = {"pair": pair, "form": form, "check_ins": selectors.check_ins_of(pair), "hours_text": hours_text}
    return render(request, "support/buddy_check_ins.jinja", context)


# --- Pause and return ----------------------------------------------------------------------------------------


@permission_required("support.view_own", deny=404)
@require_http_methods(["GET", "POST"])
def my_pause(request):
    person = signed_in_person_or_404(request.user)
    pause = selectors.open_pause(person)
    form = PauseForm(_posted(request))
    if request.method == "POST":
        try:
            if pause is not None:
                services.pause_end(person=person, actor=request.user, request=request)
                messages.success(request, _("Welcome back. Your involvement is no longer paused."))
                return redirect("support:my_support")
            if form.is_valid():
                services.pause_start(
                    person=person,
                    return_on=form.cleaned_data["return_on"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    request=request,
                )
                messages.success(request, _("Your involvement is paused. Your place, training and payments are kept."))
                return redirect("support:my_support")
        except ValidationError as error:
            add_service_errors(form, error)
    can_pause = person.status in (MembershipStatus.ACTIVE, MembershipStatus.WELCOME)
    context = {"person": person, "pause": pause, "form": form, "can_pause": can_pause}
    return render(request, "support/my_pause.jinja", context)


# --- The experience survey and check-ins ---------------------------------------------------------------------


@permission_required("support.view_own", deny=404)
@require_http_methods(["GET", "POST"])
def my_survey(request):
    person = signed_in_person_or_404(request.user)
    month = month_start(timezone.localdate())
    answered = selectors.answer_for_month(person, month)
    initial = {name: getattr(answered, name) for name, _t, _q in CUBE_QUESTIONS} if answered else {}
    form = SurveyForm(_posted(request), initial={**initial, "words": answered.words if answered else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.experience_answer(
                person=person,
                month=month,
                answers=form.answers(),
                words=form.cleaned_data["words"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = (
                _("Thank you. Your answers for %(month)s are changed.")
                if answered
                else _("Thank you. Your answers for %(month)s are saved.")
            )
            messages.success(request, done % {"month": f"{month:%B %Y}"})
            return redirect("support:my_survey")
    context = {"form": form, "month": month, "answered": answered}
    return render_readable(request, "support/my_survey.jinja", context)


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def survey_for(request, person_id):
    """This month's survey answered for someone who tells a lead the answers, beside them or on the phone (issue 26
    item 5): recorded as done by the lead for them, with how they agreed."""
    person = _supported_person_or_404(request, person_id)
    month = month_start(timezone.localdate())
    name = person.preferred_name or person.full_name
    form = SurveyForSomeoneForm(_posted(request), name=name)
    if request.method == "POST" and form.is_valid():
        try:
            services.experience_answer_for(
                person=person,
                month=month,
                answers=form.answers(),
                words=form.cleaned_data["words"],
                actor=request.user,
                person_agreed=form.cleaned_data["person_agreed"],
                how_agreed=form.cleaned_data["how_agreed"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{name}'s answers for {month:%B %Y} are saved. They show on their own pages as done by you for them.",
            )
            return redirect("people:detail", person_id=person.pk)
    return render(request, "support/survey_for.jinja", {"form": form, "person": person, "month": month, "name": name})


@permission_required("support.support_people", deny=404)
@require_http_methods(["GET", "POST"])
def paper_survey(request, person_id):
    """A lead enters the answers a person gave on a paper survey form (on their behalf, recorded as paper)."""
    person = _supported_person_or_404(request, person_id)
    this_month = month_start(timezone.localdate())
    months = [add_months(this_month, -back) for back in range(services.PAPER_MONTHS_BACK)]
    form = PaperSurveyForm(_posted(request), months=months, initial={"month": this_month.isoformat()})
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        replacing = selectors.answer_for_month(person, month) is not None
        try:
            services.experience_answer_on_paper(
                person=person,
                month=month,
                answers=form.answers(),
                words=form.cleaned_data["words"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "replace their earlier answers for that month" if replacing else "are saved"
            messages.success(request, f"{person.full_name}'s paper answers for {month:%B %Y} {done}.")
            return redirect("support:person", person_id=person.pk)
    return render(request, "support/paper_survey.jinja", {"person": person, "form": form})


@permission_required("support.view_experience", deny=404)
def experience(request):
    group_by = "kind" if request.GET.get("by") == "kind" else "directorate"
    question = request.GET.get("question", "voice")
    if question not in {name for name, _t, _q in CUBE_QUESTIONS}:
        question = "voice"
    today = timezone.localdate()
    facts = selectors.experience_facts(
        request.user.organisation_id, first_month=add_months(month_start(today), -35), group_by=group_by
    )
    names = selectors.group_names(request.user.organisation_id, group_by)
    figures = presenters.experience_figures(
        facts, names=names, group_by=group_by, question=question, shown=request.GET.get("chart", "")
    )
    audit_record(action=AuditAction.VIEW, request=request, object_type="experience", object_label="Experience survey")
    return render(
        request,
        "support/experience.jinja",
        {**figures, "group_by": group_by, "question": question, "questions": CUBE_QUESTIONS},
    )


@permission_required("support.support_people", deny=404)
def check_ins(request):
    page = selectors.check_ins(request.user, timezone.localdate(), page_number=request.GET.get("page"))
    audit_record(action=AuditAction.VIEW, request=request, object_type="check_ins", object_label="Check-in list")
    return render(request, "support/check_ins.jinja", {"page": page, "rows": page.rows})
