"""Ideas pages (issue 20): raise one (/ideas/new/), the list and one idea for staff, moving it on, the QI forum board
and its decision, what was done and its milestones, the trust's states, a teller's "you were heard" (/me/heard/),
and the public "you said, we did" page and poster (no sign-in). Which ideas: Idea.objects.visible_to (404 otherwise).
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.accounts.models import Role
from withus.core.audit import audit_record, audit_view
from withus.core.dates import add_months, month_start
from withus.core.easy_read import render_readable
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.pdf import render_pdf
from withus.core.permissions import permission_required
from withus.notifications.services.outbox import told_summary
from withus.organisations.models import Unit
from withus.people.models import Person
from withus.people.selectors import signed_in_person, signed_in_person_or_404
from withus.voice import presenters_ideas as present
from withus.voice import selectors_ideas as selectors
from withus.voice import services_ideas as services
from withus.voice.forms_ideas import (
    BankHolidayForm,
    ForumForm,
    IdeaFilterForm,
    MilestoneForm,
    MoveForm,
    OutcomeForm,
    RaiseForm,
    ServiceLevelForm,
    StateForm,
)
from withus.voice.models.ideas import BankHoliday, Idea, IdeaState, Outcome, StateKind

HELPERS = {
    "state_tag": present.state_tag,
    "month_slug": present.month_slug,
    "month_words": present.month_words,
    "variation_icon": present.measure_icon,
}


def _idea_or_404(request, idea_id) -> Idea:
    ideas = Idea.objects.visible_to(request.user).select_related("state", "person", "project", "raised_by")
    return get_object_or_404(ideas, pk=idea_id)


def _staff_side(user) -> bool:
    return user.has_role(Role.STAFF, Role.PARTICIPATION_LEAD, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)


@permission_required("ideas.raise_idea", deny=404)
@require_http_methods(["GET", "POST"])
def idea_new(request):
    organisation_id = request.user.organisation_id
    on_behalf = _staff_side(request.user)
    me = signed_in_person(request.user)
    if me is None and not on_behalf:
        raise Http404
    units = Unit.objects.for_organisation(organisation_id).active().in_tree_order()
    people = Person.objects.visible_to(request.user).order_by("full_name")
    form = RaiseForm(request.POST or None, people=people, units=units, on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data.get("person") or me
        if person is None:
            form.add_error("person", "Choose whose idea it is: you are not in the register yourself")
        else:
            source = (form.cleaned_data.get("source_kind") or "direct", "", form.cleaned_data.get("source_label") or "")
            try:
                idea = services.idea_raise(
                    organisation=request.user.organisation,
                    person=person,
                    values=form.values(),
                    units=list(form.cleaned_data["units"]),
                    actor=request.user,
                    source=source,
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session["ideas_raised"] = {"complaint": idea.complaint, "risk": idea.risk_disclosed}
                return redirect("ideas:raised", idea_id=idea.pk)
    return render_readable(request, "voice/ideas/new.jinja", {"form": form, "on_behalf": on_behalf})


@permission_required("ideas.raise_idea", deny=404)
def idea_raised(request, idea_id):
    """What happens next, said honestly: what is queued, when the first answer is due, where to go for PALS."""
    idea = _idea_or_404(request, idea_id)
    if idea.raised_by_id != request.user.pk:
        raise Http404
    message = idea.person.messages.filter(idempotency_key=f"ideas.received:{idea.pk}").first()
    context = {
        "idea": idea,
        "told": told_summary([message]),
        "own": idea.person.user_id == request.user.pk,
        **HELPERS,
    }
    return render(request, "voice/ideas/raised.jinja", context)


@permission_required("ideas.view_ideas", deny=404)
def idea_list(request):
    states = IdeaState.objects.for_organisation(request.user.organisation_id)
    form = IdeaFilterForm(request.GET or None, states=states)
    filters = form.cleaned_data if form.is_valid() else {}
    ideas = selectors.ideas_for_list(
        request.user,
        state=filters.get("state"),
        theme=filters.get("theme") or "",
        overdue=bool(filters.get("overdue")),
    )
    filtered = bool(filters.get("state") or filters.get("theme") or filters.get("overdue"))
    paginator = selectors.CountedPaginator(
        ideas,
        settings.WITHUS_PAGE_SIZE,
        count=lambda: selectors.ideas_count(request.user, ideas, filtered=filtered),
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter_form": form,
        "page": page,
        "today": timezone.localdate(),
        "counts": selectors.waiting_counts(request.user),
        "due_words": present.due_words,
        "can_manage_states": request.user.has_perm("ideas.manage_states"),
        "can_see_charts": request.user.has_perm("ideas.view_charts"),
        **HELPERS,
    }
    return render(request, "voice/ideas/list.jinja", context)


def _idea_page(request, idea, *, form=None):
    audit_view(request, idea)
    can_answer = request.user.has_perm("ideas.answer_idea")
    states = IdeaState.objects.for_organisation(idea.organisation_id).active()
    if can_answer and form is None:
        form = MoveForm(initial={"version": idea.version, "public_summary": idea.public_summary}, states=states)
    context = {
        "idea": idea,
        "units": list(idea.units.all()),
        "events": selectors.idea_timeline(idea),
        "outcomes": list(idea.outcomes.prefetch_related("milestones")),
        "improving": selectors.improving_measures([idea.project_id]).get(idea.project_id, []),
        "form": form,
        "can_answer": can_answer,
        "can_decide": request.user.has_perm("ideas.decide_forum") and idea.state.kind == StateKind.FORUM,
        "today": timezone.localdate(),
        "due_words": present.due_words,
        "titles": present.EVENT_TITLES,
        **HELPERS,
    }
    return render(request, "voice/ideas/detail.jinja", context)


@permission_required("ideas.view_ideas", deny=404)
def idea_detail(request, idea_id):
    idea = _idea_or_404(request, idea_id)
    if not _staff_side(request.user):
        raise Http404
    return _idea_page(request, idea)


@permission_required("ideas.answer_idea", deny=404)
@require_http_methods(["POST"])
def idea_move(request, idea_id):
    idea = _idea_or_404(request, idea_id)
    states = IdeaState.objects.for_organisation(idea.organisation_id).active()
    form = MoveForm(request.POST, states=states)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = services.idea_move(
                idea=idea,
                state=data["state"],
                answer=data["answer"],
                reason=data["reason"],
                revisit_on=data["revisit_on"],
                passed_to=data["passed_to"],
                forum_on=data["forum_on"],
                public_summary=data["public_summary"],
                expected_version=data["version"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            told = idea.person.messages.filter(idempotency_key=f"ideas.moved:{change.pk}").first()
            messages.success(request, f"Moved to '{change.state_name}'. {told_summary([told])}")
            return redirect("ideas:detail", idea_id=idea.pk)
    return _idea_page(request, _idea_or_404(request, idea_id), form=form)


@permission_required("ideas.view_forum", deny=404)
def forum(request):
    context = {
        "groups": selectors.forum_board(request.user),
        "can_decide": request.user.has_perm("ideas.decide_forum"),
        **HELPERS,
    }
    return render(request, "voice/ideas/forum.jinja", context)


@permission_required("ideas.decide_forum", deny=404)
@require_http_methods(["GET", "POST"])
def forum_decide(request, idea_id):
    idea = _idea_or_404(request, idea_id)
    if idea.state.kind != StateKind.FORUM:
        messages.info(request, "This idea is not waiting for the QI forum.")
        return redirect("ideas:detail", idea_id=idea.pk)
    initial = {
        "version": idea.version,
        "forum_on": idea.forum_on if idea.forum_on and idea.forum_on <= timezone.localdate() else None,
    }
    form = ForumForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.forum_decide(
                idea=idea,
                expected_version=data["version"],
                forum_on=data["forum_on"],
                chaired_by=data["chaired_by"],
                decision=data["decision"],
                note=data["note"],
                aim=data["aim"],
                revisit_on=data["revisit_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            done = f"Recorded: {decision.get_decision_display().lower()}."
            if decision.project_id:
                done += " The QI project is made and linked."
            messages.success(request, done)
            return redirect("ideas:detail", idea_id=idea.pk)
    return render(request, "voice/ideas/forum_decide.jinja", {"idea": idea, "form": form, **HELPERS})


@permission_required("ideas.answer_idea", deny=404)
@require_http_methods(["GET", "POST"])
def outcome_new(request, idea_id):
    idea = _idea_or_404(request, idea_id)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_add(idea=idea, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Outcome recorded. The person who raised it is told in the way they chose.")
            return redirect("ideas:detail", idea_id=idea.pk)
    return render(request, "voice/ideas/outcome_new.jinja", {"idea": idea, "form": form})


@permission_required("ideas.answer_idea", deny=404)
@require_http_methods(["GET", "POST"])
def milestone_new(request, idea_id, outcome_id):
    idea = _idea_or_404(request, idea_id)
    outcome = get_object_or_404(Outcome.objects.filter(idea=idea), pk=outcome_id)
    form = MilestoneForm(request.POST or None, initial={"progress": outcome.progress})
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(outcome=outcome, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Progress recorded. The person who raised it is told in the way they chose.")
            return redirect("ideas:detail", idea_id=idea.pk)
    return render(request, "voice/ideas/milestone_new.jinja", {"idea": idea, "outcome": outcome, "form": form})


@permission_required("ideas.manage_states", deny=404)
@require_http_methods(["GET", "POST"])
def states(request):
    organisation = request.user.organisation
    services.states_ensure_defaults(organisation=organisation)
    form = StateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            state = services.state_add(
                organisation=organisation, values=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{state.name}' is added to the list.")
            return redirect("ideas:states")
    context = {"states": IdeaState.objects.for_organisation(organisation.pk), "form": form, **HELPERS}
    return render(request, "voice/ideas/states.jinja", context)


@permission_required("ideas.manage_settings", deny=404)
@require_http_methods(["GET", "POST"])
def idea_settings(request):
    """The service level (working days to a first answer) and the bank holidays those working days skip."""
    organisation = request.user.organisation
    current = services.settings_for(organisation.pk)
    action = request.POST.get("action", "level") if request.method == "POST" else ""
    level_form = ServiceLevelForm(
        request.POST if action == "level" else None,
        prefix="level",
        initial={"first_answer_days": current.first_answer_days},
    )
    holiday_form = BankHolidayForm(request.POST if action == "holiday" else None, prefix="holiday")
    if action == "level" and level_form.is_valid():
        try:
            services.idea_settings_update(
                organisation=organisation,
                first_answer_days=level_form.cleaned_data["first_answer_days"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(level_form, error)
        else:
            days = level_form.cleaned_data["first_answer_days"]
            messages.success(request, f"Ideas raised from now on get a first answer within {days} working days.")
            return redirect("ideas:settings")
    if action == "holiday" and holiday_form.is_valid():
        try:
            holiday = services.bank_holiday_add(
                organisation=organisation,
                day=holiday_form.cleaned_data["day"],
                name=holiday_form.cleaned_data["name"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(holiday_form, error)
        else:
            messages.success(request, f"{holiday.name} ({holiday.day:%-d %B %Y}) is added.")
            return redirect("ideas:settings")
    if action == "remove":
        holiday = BankHoliday.objects.filter(organisation=organisation, pk=_uuid_or_none(request.POST.get("holiday")))
        holiday = holiday.first()
        if holiday is None:
            messages.info(request, "That bank holiday is not in the list any more.")
        else:
            services.bank_holiday_remove(holiday=holiday, actor=request.user, request=request)
            messages.success(request, f"{holiday.name} ({holiday.day:%-d %B %Y}) is taken out of the list.")
        return redirect("ideas:settings")
    today = timezone.localdate()
    context = {
        "form": holiday_form if action == "holiday" else level_form,  # the error summary's
        "level_form": level_form,
        "holiday_form": holiday_form,
        "current": current,
        "holidays": BankHoliday.objects.filter(organisation=organisation, day__gte=today.replace(month=1, day=1)),
        "today": today,
    }
    return render(request, "voice/ideas/settings.jinja", context)


def _uuid_or_none(text):
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


CHART_MONTHS = 24


@permission_required("ideas.view_charts", deny=404)
def charts(request):
    """Run charts per directorate for leads and the board: days to a first answer, days to a change, and the
    percentage of QI projects that began as a service user's idea, each with its Making Data Count icon."""
    first_month = add_months(month_start(timezone.localdate()), -(CHART_MONTHS - 1))
    facts = selectors.idea_chart_facts(request.user, first_month=first_month)
    figures = present.idea_charts(facts, shown=request.GET.get("chart", ""))
    audit_record(action=AuditAction.VIEW, request=request, object_type="idea charts", object_label="Ideas: run charts")
    return render(request, "voice/ideas/charts.jinja", {**figures, "months": CHART_MONTHS, "first_month": first_month})


@permission_required("ideas.view_own", deny=404)
def heard(request):
    person = signed_in_person_or_404(request.user)
    audit_view(request, person, object_type="ideas you raised")
    context = {"items": selectors.heard(person), "titles": present.EVENT_TITLES, **HELPERS}
    return render(request, "voice/ideas/heard.jinja", context)


@permission_required("ideas.view_own", deny=404)
def my_idea(request, idea_id):
    person = signed_in_person_or_404(request.user)
    idea = get_object_or_404(Idea.objects.filter(person=person).select_related("state", "project"), pk=idea_id)
    audit_view(request, idea)
    context = {
        "idea": idea,
        "units": list(idea.units.all()),
        "events": selectors.idea_timeline(idea),
        "on_team": services.is_on_team(idea),
        "improving": selectors.improving_measures([idea.project_id]).get(idea.project_id, []),
        "titles": present.EVENT_TITLES,
        **HELPERS,
    }
    return render(request, "voice/ideas/my_idea.jinja", context)


def _public_unit(request, unit_id) -> Unit:
    """Any trust's active unit for the public; someone signed in reaches only their own trust's (as everywhere)."""
    units = Unit.objects.filter(is_active=True)
    if request.user.is_authenticated:
        units = units.filter(organisation_id=request.user.organisation_id)
    return get_object_or_404(units, pk=unit_id)


@login_not_required
def said_did(request, unit_id):
    unit = _public_unit(request, unit_id)
    months = selectors.said_did_months(unit)
    latest_answered = next((item["month"] for item in months if item["count"]), months[0]["month"])
    shown = present.parse_month(request.GET.get("month", "")) or latest_answered
    context = {"unit": unit, "months": months, "shown": shown, "lines": selectors.said_did(unit, shown), **HELPERS}
    return render(request, "voice/ideas/said_did.jinja", context)


@login_not_required
def said_did_poster(request, unit_id, month):
    unit = _public_unit(request, unit_id)
    first_day = present.parse_month(month)
    if first_day is None:
        raise Http404
    easy_read = request.GET.get("easy") == "1"
    title = f"You said, we did: {unit.name}, {present.month_words(first_day)}"
    context = {
        "unit": unit,
        "month": first_day,
        "lines": selectors.said_did(unit, first_day),
        "easy_read": easy_read,
        "title": title,
        **HELPERS,
    }
    pdf = render_pdf("voice/ideas/poster.html.jinja", context, title=title)
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        organisation_id=unit.organisation_id,
        object_type="you said we did poster",
        object_id=str(unit.pk),
        object_label=title,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="you-said-we-did-{unit.code}-{month}.pdf"'
    return response
