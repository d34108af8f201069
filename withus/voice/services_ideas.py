"""Writes for ideas (issue 20): raising one, moving it between the trust's states, the QI forum's decision, what was
done and its milestones, and telling the teller (through the notifications outbox, in their chosen way; messages
about their own idea are of the kind people cannot switch off).

Every write validates, saves and audits inside one transaction; nothing is half-saved.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _l

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.improvement.models import PARTICIPANT_KINDS, Project, Stage, StageChange, TeamMember, TeamRole
from withus.improvement.services.projects import project_create, team_member_add
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person, notify_user
from withus.people.models import Person
from withus.voice.models.ideas import (
    ANSWER_LIMIT,
    BankHoliday,
    ForumDecision,
    ForumDecisionKind,
    Idea,
    IdeaSettings,
    IdeaState,
    IdeaStateChange,
    IdeaUnit,
    Milestone,
    Outcome,
    OutcomeKind,
    ProjectMoveTold,
    SourceKind,
    StateKind,
)

# The demo's (and a new trust's) states: name, kind, public meaning, answer required.
DEFAULT_STATES = [
    ("Received", StateKind.RECEIVED, "We have your idea and a person will read it.", False),
    ("Being looked at", StateKind.LOOKING, "Someone is finding out what could be done.", True),
    ("Going to the QI forum", StateKind.FORUM, "It goes to the next monthly meeting that decides on projects.", True),
    ("Became a QI project", StateKind.PROJECT, "A team is working on it as a project, and measuring it.", True),
    ("Became a quick change", StateKind.QUICK_CHANGE, "We made a change without needing a project.", True),
    ("Not now", StateKind.NOT_NOW, "We cannot do it yet. We say why, and when we will look again.", True),
    ("Passed to another team", StateKind.PASSED, "Another team is better placed to act on it. We say which.", True),
]
FIRST_STATE_KINDS = (StateKind.RECEIVED,)
RAISE_FIELDS = ("title", "detail", "public_summary", "theme", "risk_disclosed", "complaint", "wants_to_help")
FORUM_DECIDERS = (Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)
logger = logging.getLogger(__name__)
STALE = "Someone else changed this idea a moment ago. Check what they did, then try again if it is still needed."


def states_ensure_defaults(*, organisation) -> dict[str, IdeaState]:
    """The trust's states, creating the default list when it has none. Returns the first active state of each kind."""
    states = IdeaState.objects.for_organisation(organisation.pk)
    if not states.exists():
        IdeaState.objects.bulk_create(
            IdeaState(
                organisation=organisation,
                name=name,
                kind=kind,
                public_meaning=meaning,
                answer_required=required,
                position=position,
            )
            for position, (name, kind, meaning, required) in enumerate(DEFAULT_STATES)
        )
    found: dict[str, IdeaState] = {}
    for state in states.active().order_by("position", "name"):
        found.setdefault(state.kind, state)
    return found


def settings_for(organisation_id) -> IdeaSettings:
    found = IdeaSettings.objects.filter(organisation_id=organisation_id).first()
    return found or IdeaSettings(organisation_id=organisation_id)


def working_days_after(*, organisation_id, start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start`: Monday to Friday, not the trust's listed bank holidays."""
    holidays = set(
        BankHoliday.objects.filter(
            organisation_id=organisation_id, day__gt=start, day__lte=start + datetime.timedelta(days=days * 2 + 30)
        ).values_list("day", flat=True)
    )
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    return day


def _tell(idea: Idea, *, key: str, subject: str, body: str, actor: User | None):
    """Tell the person who raised the idea. Always sent (they cannot switch these off for their own idea)."""
    return notify_person(
        person=idea.person,
        template=f"ideas.{key.split(':', maxsplit=1)[0]}",
        kind=MessageKind.OUTCOMES,
        subject=subject,
        body=body,
        idempotency_key=f"ideas.{key}",
        actor=actor,
    )


def _tell_safeguarding(idea: Idea, actor: User) -> list:
    """A disclosure of risk goes to the trust's safeguarding lead (or, until one is named, its trust-wide leads)."""
    lead = settings_for(idea.organisation_id).safeguarding_lead
    if lead is not None:
        recipients = [lead]
    else:
        recipients = list(
            User.objects.filter(
                organisation_id=idea.organisation_id,
                is_active=True,
                roles__role=Role.PARTICIPATION_LEAD,
                roles__unit__isnull=True,
            ).distinct()
        )
    return [
        notify_user(
            user=user,
            template="ideas.risk_disclosed",
            subject="Someone may be at risk: an idea or concern needs a safeguarding check",
            body=(
                f"An idea or concern raised on {timezone.localdate():%-d %B %Y} says someone may be at risk of harm: "
                f'"{idea.title}". Open it in WithUs to read it and act today.'
            ),
            idempotency_key=f"ideas.risk:{idea.pk}:{user.pk}",
            actor=actor,
        )
        for user in recipients
    ]


@transaction.atomic
def idea_raise(
    *,
    organisation,
    person: Person,
    values: dict,
    units,
    actor: User,
    source: tuple[str, str, str] = (SourceKind.DIRECT, "", ""),
    request=None,
    at: datetime.datetime | None = None,
) -> Idea:
    """Record an idea or concern for `person` (themselves, or on their behalf when the actor is someone else)."""
    if person.organisation_id != organisation.pk:
        raise ValidationError({"person": "Choose someone from your own trust's register."})
    units = list(units)
    if not units:
        raise ValidationError({"units": _l("Select the ward, team or service it is about")})
    if any(unit.organisation_id != organisation.pk for unit in units):
        raise ValidationError({"units": _l("Choose only from your own trust's list.")})
    source_kind, source_id, source_label = source
    if source_kind not in SourceKind.values:
        raise ValidationError("Choose where the idea came from.")
    values = clean_values(
        {key: value for key, value in values.items() if key in RAISE_FIELDS}, single_line={"title", "public_summary"}
    )
    first = states_ensure_defaults(organisation=organisation).get(StateKind.RECEIVED)
    if first is None:
        raise ValidationError("The trust has no active 'received' state for ideas. Ask an administrator to add one.")
    now = at or timezone.now()
    idea = Idea(
        organisation=organisation,
        person=person,
        raised_by=actor,
        on_behalf=person.user_id != actor.pk,
        source_kind=source_kind,
        source_id=str(source_id)[:64],
        source_label=str(source_label)[:200],
        state=first,
        state_changed_at=now,
        first_answer_due=working_days_after(
            organisation_id=organisation.pk,
            start=timezone.localtime(now).date(),
            days=settings_for(organisation.pk).first_answer_days,
        ),
        **values,
    )
    idea.full_clean(exclude=["units"])
    idea.save()
    if at is not None:  # an idea recorded later than it was raised (the demo's history, a paper form typed in)
        Idea.objects.filter(pk=idea.pk).update(created_at=at)
    IdeaUnit.objects.bulk_create(IdeaUnit(idea=idea, unit=unit) for unit in {unit.pk: unit for unit in units}.values())
    _history(idea, first, actor=actor, at=now, answer="")
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=idea, changed_fields=[*values, "units"])
    with in_persons_language(idea.person):
        values = {"title": idea.title, "meaning": first.public_meaning, "date": f"{idea.first_answer_due:%-d %B %Y}"}
        _tell(
            idea,
            key=f"received:{idea.pk}",
            subject=gettext("We have your idea: %(title)s") % values,
            body=gettext(
                'Thank you for telling us "%(title)s". %(meaning)s '
                "You will hear from us by %(date)s, and every time something happens to it."
            )
            % values,
            actor=actor,
        )
    if idea.risk_disclosed:
        _tell_safeguarding(idea, actor)
    return idea


def _history(idea: Idea, state: IdeaState, *, actor, at, answer: str, **extra) -> IdeaStateChange:
    return IdeaStateChange.objects.create(
        organisation_id=idea.organisation_id,
        idea=idea,
        state=state,
        state_name=state.name,
        state_kind=state.kind,
        public_meaning=state.public_meaning,
        answer=answer,
        changed_by=actor if getattr(actor, "pk", None) else None,
        changed_at=at,
        **extra,
    )


def _locked(idea: Idea, expected_version: int | None) -> Idea:
    idea = Idea.objects.select_for_update().select_related("person", "state").get(pk=idea.pk)
    if expected_version is not None and idea.version != expected_version:
        raise ValidationError(STALE, code="stale")
    return idea


def _check_move(state: IdeaState, *, answer, reason, revisit_on, passed_to, forum_on) -> None:
    errors = {}
    if state.answer_required and not answer:
        errors["answer"] = f"Write the answer the person will get: '{state.name}' needs one"
    if len(answer) > ANSWER_LIMIT:
        errors["answer"] = f"The answer must be {ANSWER_LIMIT:,} characters or fewer"
    if state.kind == StateKind.NOT_NOW:
        if not reason:
            errors["reason"] = "Say why not now: the person and the public poster will see the reason"
        if revisit_on is None:
            errors["revisit_on"] = "Enter the date you will look at it again"
        elif revisit_on <= timezone.localdate():
            errors["revisit_on"] = "The date to look again must be in the future"
    if state.kind == StateKind.PASSED and not passed_to:
        errors["passed_to"] = "Say which team it was passed to"
    if state.kind == StateKind.FORUM and forum_on is None:
        errors["forum_on"] = "Enter the date of the QI forum it goes to"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def idea_move(
    *,
    idea: Idea,
    state: IdeaState,
    answer: str = "",
    reason: str = "",
    revisit_on: datetime.date | None = None,
    passed_to: str = "",
    forum_on: datetime.date | None = None,
    public_summary: str | None = None,
    expected_version: int | None = None,
    actor: User,
    request=None,
    at: datetime.datetime | None = None,
) -> IdeaStateChange:
    """Move an idea to another of the trust's states, with the answer the teller gets. Immutable history."""
    idea = _locked(idea, expected_version)
    if state.organisation_id != idea.organisation_id or not state.is_active:
        raise ValidationError({"state": "Choose one of the states in the list"})
    if state.kind == StateKind.PROJECT and idea.project_id is None:
        raise ValidationError({"state": "An idea becomes a QI project when the QI forum approves it (the forum page)"})
    cleaned = clean_values(
        {"answer": answer, "reason": reason, "passed_to": passed_to, "public_summary": public_summary or ""},
        single_line={"passed_to", "public_summary"},
    )
    _check_move(
        state,
        answer=cleaned["answer"],
        reason=cleaned["reason"],
        revisit_on=revisit_on,
        passed_to=cleaned["passed_to"],
        forum_on=forum_on,
    )
    at = at or timezone.now()
    not_now = state.kind == StateKind.NOT_NOW
    change = _history(
        idea,
        state,
        actor=actor,
        at=at,
        answer=cleaned["answer"],
        reason=cleaned["reason"] if not_now else "",
        revisit_on=revisit_on if not_now else None,
        passed_to=cleaned["passed_to"] if state.kind == StateKind.PASSED else "",
    )
    changed = ["state"]
    idea.state, idea.state_changed_at, idea.version = state, at, idea.version + 1
    idea.revisit_on = revisit_on if not_now else None
    idea.passed_to = cleaned["passed_to"] if state.kind == StateKind.PASSED else ""
    if state.kind == StateKind.FORUM:
        idea.forum_on = forum_on
    if public_summary is not None and cleaned["public_summary"] != idea.public_summary:
        if len(cleaned["public_summary"]) > 300:
            raise ValidationError({"public_summary": "The public summary must be 300 characters or fewer"})
        idea.public_summary = cleaned["public_summary"]
        changed.append("public_summary")
    if idea.first_answered_at is None and state.kind not in FIRST_STATE_KINDS:
        idea.first_answered_at = at
    idea.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=idea, changed_fields=changed)
    with in_persons_language(idea.person):
        _tell(
            idea,
            key=f"moved:{change.pk}",
            subject=gettext("News about your idea: %(state)s") % {"state": state.name},
            body=_move_words(change),
            actor=actor,
        )
    return change


def _move_words(change: IdeaStateChange) -> str:
    """The message's paragraphs, in the active language; what the trust and its staff wrote stays as written."""
    words = [
        gettext('Your idea "%(title)s" is now: %(state)s. %(meaning)s')
        % {"title": change.idea.title, "state": change.state_name, "meaning": change.public_meaning}
    ]
    if change.answer:
        words.append(change.answer)
    if change.reason:
        words.append(gettext("Why not now: %(reason)s") % {"reason": change.reason})
    if change.revisit_on:
        words.append(gettext("We will look at it again by %(date)s.") % {"date": f"{change.revisit_on:%-d %B %Y}"})
    if change.passed_to:
        words.append(gettext("It has gone to: %(team)s.") % {"team": change.passed_to})
    return "\n\n".join(words)


@transaction.atomic
def forum_decide(
    *,
    idea: Idea,
    expected_version: int,
    forum_on: datetime.date,
    chaired_by: str,
    decision: str,
    note: str,
    aim: str = "",
    revisit_on: datetime.date | None = None,
    project: Project | None = None,
    actor: User,
    request=None,
    at: datetime.datetime | None = None,
) -> ForumDecision:
    """Record the QI forum's decision. Approving makes the QI project (the idea's text as its problem, started by the
    teller when they are a service user or carer, approved on the forum's date), links it, and puts the teller on its
    team when they said they would like to help. Two people deciding at once: the first wins, the second is told."""
    if not actor.has_role(*FORUM_DECIDERS):
        raise PermissionDenied("Only QI advisors and administrators record the QI forum's decisions.")
    idea = _locked(idea, expected_version)
    if idea.state.kind != StateKind.FORUM:
        raise ValidationError("This idea is not waiting for the QI forum any more: someone has already decided.")
    values = _check_forum(chaired_by=chaired_by, note=note, aim=aim, decision=decision, forum_on=forum_on)
    states = states_ensure_defaults(organisation=idea.organisation)
    if decision != ForumDecisionKind.PROJECT:
        project = None
    elif project is not None:  # an existing project the forum adopts the idea into
        if project.organisation_id != idea.organisation_id:
            raise ValidationError("Choose a project of your own trust.")
    else:
        project = _project_from(idea, aim=values["aim"], forum_on=forum_on, actor=actor, request=request)
    record = ForumDecision.objects.create(
        organisation_id=idea.organisation_id,
        idea=idea,
        forum_on=forum_on,
        chaired_by=values["chaired_by"],
        decision=decision,
        note=values["note"],
        project=project,
        recorded_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=record,
        object_label=f"QI forum decision on {idea.title}"[:200],
        changed_fields=["decision", "note"],
    )
    if decision == ForumDecisionKind.NEXT_FORUM:
        idea.version += 1
        idea.forum_on = None
        idea.save(update_fields=["version", "forum_on", "updated_at"])
        with in_persons_language(idea.person):
            said = gettext(
                "The QI forum on %(date)s talked about your idea and will come back to it at its next meeting."
            ) % {"date": f"{forum_on:%-d %B %Y}"}
            _tell(
                idea,
                key=f"forum:{record.pk}",
                subject=gettext("News about your idea: %(state)s") % {"state": idea.title},
                body=f"{said}\n\n{record.note}",
                actor=actor,
            )
        return record
    next_kind = {
        ForumDecisionKind.PROJECT: StateKind.PROJECT,
        ForumDecisionKind.QUICK_CHANGE: StateKind.QUICK_CHANGE,
        ForumDecisionKind.NOT_NOW: StateKind.NOT_NOW,
    }[decision]
    if next_kind not in states:
        raise ValidationError("The trust's list of states has no active state for this decision.")
    if project is not None:
        idea.project = project
        idea.save(update_fields=["project", "updated_at"])
        steps_already_known(idea)
        Outcome.objects.create(
            organisation_id=idea.organisation_id,
            idea=idea,
            kind=OutcomeKind.PROJECT,
            project=project,
            what_changed=f"A QI project: {project.title}",
            where=", ".join(unit.name for unit in idea.units.all())[:200],
            changed_on=forum_on,
            created_by=actor,
        )
    idea_move(
        idea=idea,
        state=states[next_kind],
        answer=values["note"],
        reason=values["note"] if next_kind == StateKind.NOT_NOW else "",
        revisit_on=revisit_on,
        actor=actor,
        request=request,
        at=at,
    )
    return record


def _check_forum(*, chaired_by: str, note: str, aim: str, decision: str, forum_on: datetime.date) -> dict:
    values = clean_values({"chaired_by": chaired_by, "note": note, "aim": aim}, single_line={"chaired_by"})
    errors = {}
    if not values["chaired_by"]:
        errors["chaired_by"] = "Enter who chaired the forum"
    if decision not in ForumDecisionKind.values:
        errors["decision"] = "Choose what the forum decided"
    if not values["note"]:
        errors["note"] = "Write what the forum said: the person who raised the idea gets this answer"
    if decision == ForumDecisionKind.PROJECT and not values["aim"]:
        errors["aim"] = "Write the project's aim: what it will improve, by how much, by when"
    if forum_on > timezone.localdate():
        errors["forum_on"] = "The forum's date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    return values


def _project_from(idea: Idea, *, aim: str, forum_on: datetime.date, actor: User, request) -> Project:
    teller_is_participant = idea.person.kind in PARTICIPANT_KINDS
    project = project_create(
        organisation=idea.organisation,
        values={
            "title": idea.title,
            "problem": idea.detail[:2000],
            "aim": aim[:1000],
            "start_date": forum_on,
            "approved_on": forum_on,
            "initiated_by": idea.person if teller_is_participant else None,
        },
        units=list(idea.units.all()),
        stage=Stage.S05,
        actor=actor,
        request=request,
    )
    if idea.wants_to_help and teller_is_participant:
        team_member_add(
            project=project,
            person=idea.person,
            role=TeamRole.MEMBER,
            joined_on=timezone.localdate(),
            actor=actor,
            request=request,
        )
        with in_persons_language(idea.person):
            _tell(
                idea,
                key=f"joined:{project.pk}",
                subject=gettext("You are on the team of %(project)s") % {"project": project.title},
                body=gettext(
                    "You said you would like to help if your idea became a project. You are now a member of its "
                    "team. Your lead will tell you when the team first meets. You can say no at any time."
                ),
                actor=actor,
            )
    return project


@transaction.atomic
def outcome_add(*, idea: Idea, values: dict, actor: User, request=None) -> Outcome:
    """Record what was done about an idea ("we did"): a change, an accreditation action, or a QI project."""
    idea = Idea.objects.select_related("person").get(pk=idea.pk)
    values = clean_values(values, single_line={"where", "reference_label", "reference_id"})
    outcome = Outcome(organisation_id=idea.organisation_id, idea=idea, created_by=actor, **values)
    if outcome.kind == OutcomeKind.PROJECT and outcome.project_id is None:
        raise ValidationError({"kind": "A QI project is linked by the QI forum's approval"})
    if outcome.kind == OutcomeKind.ACCREDITATION_ACTION and not outcome.reference_label:
        raise ValidationError({"reference_label": "Name the accreditation action"})
    outcome.full_clean()
    outcome.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=outcome, changed_fields=list(values))
    with in_persons_language(idea.person):
        _tell(
            idea,
            key=f"outcome:{outcome.pk}",
            subject=gettext("Something changed because of your idea: %(title)s") % {"title": idea.title},
            body=gettext("What changed: %(what)s\nWhere: %(where)s\nWhen: %(date)s\nHow far along: %(progress)s%%")
            % {
                "what": outcome.what_changed,
                "where": outcome.where or gettext("not given"),
                "date": f"{outcome.changed_on:%-d %B %Y}",
                "progress": outcome.progress,
            },
            actor=actor,
        )
    return outcome


@transaction.atomic
def milestone_add(*, outcome: Outcome, values: dict, actor: User, request=None) -> Milestone:
    """A dated step of what was done, moving its progress on. The teller is told."""
    outcome = Outcome.objects.select_for_update().select_related("idea__person").get(pk=outcome.pk)
    values = clean_values(values, single_line={"title"})
    milestone = Milestone(organisation_id=outcome.organisation_id, outcome=outcome, recorded_by=actor, **values)
    milestone.full_clean()
    if milestone.reached_on > timezone.localdate():
        raise ValidationError({"reached_on": "The date must be today or in the past"})
    milestone.save()
    outcome.progress = milestone.progress
    outcome.save(update_fields=["progress", "updated_at"])
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=milestone,
        object_label=f"Milestone of idea {outcome.idea_id}",
        changed_fields=list(values),
    )
    with in_persons_language(outcome.idea.person):
        _tell(
            outcome.idea,
            key=f"milestone:{milestone.pk}",
            subject=gettext("Progress on your idea: %(title)s") % {"title": outcome.idea.title},
            body=gettext("%(step)s (%(date)s). %(description)s\nHow far along: %(progress)s%%")
            % {
                "step": milestone.title,
                "date": f"{milestone.reached_on:%-d %B %Y}",
                "description": milestone.description,
                "progress": milestone.progress,
            },
            actor=actor,
        )
    return milestone


@transaction.atomic
def state_add(*, organisation, values: dict, actor: User, request=None) -> IdeaState:
    values = clean_values(values, single_line={"name", "public_meaning"})
    if IdeaState.objects.for_organisation(organisation.pk).filter(name__iexact=values.get("name", "")).exists():
        raise ValidationError({"name": "There is already a state with this name"})
    state = IdeaState(organisation=organisation, **values)
    state.full_clean()
    state.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=state,
        object_label=f"Idea state {state.name}",
        changed_fields=list(values),
    )
    return state


@transaction.atomic
def state_retire(*, state: IdeaState, actor: User, request=None) -> IdeaState:
    """Take a state out of the list. Ideas' history keeps its name and meaning as they were."""
    state.is_active = False
    state.save(update_fields=["is_active", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=state,
        object_label=f"Idea state {state.name}",
        changed_fields=["is_active"],
    )
    return state


@transaction.atomic
def idea_settings_update(*, organisation, first_answer_days, actor: User, request=None) -> IdeaSettings:
    """Set the trust's service level: the working days to a first answer for ideas raised from now on (ideas
    already raised keep the date they were given)."""
    if isinstance(first_answer_days, bool) or not isinstance(first_answer_days, int):
        raise ValidationError({"first_answer_days": "Enter a whole number of working days, from 1 to 60"})
    if not 1 <= first_answer_days <= 60:
        raise ValidationError({"first_answer_days": "Enter a number of working days from 1 to 60"})
    found = IdeaSettings.objects.select_for_update().filter(organisation=organisation).first()
    found = found or IdeaSettings(organisation=organisation)
    before = found.first_answer_days if found.pk else None
    found.first_answer_days = first_answer_days
    found.full_clean()
    found.save()
    if before != first_answer_days:
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=found,
            object_label=f"Ideas service level: {first_answer_days} working days",
            changed_fields=["first_answer_days"],
        )
    return found


@transaction.atomic
def bank_holiday_add(*, organisation, day: datetime.date, name: str, actor: User, request=None) -> BankHoliday:
    """Add a day the service level's working days skip (for ideas raised from now on)."""
    values = clean_values({"name": name}, single_line={"name"})
    if not isinstance(day, datetime.date):
        raise ValidationError({"day": "Enter the date of the bank holiday"})
    if not values["name"]:
        raise ValidationError({"name": "Enter the name of the bank holiday"})
    if BankHoliday.objects.filter(organisation=organisation, day=day).exists():
        raise ValidationError({"day": f"{day:%-d %B %Y} is already in the list"})
    holiday = BankHoliday(organisation=organisation, day=day, name=values["name"])
    holiday.full_clean()
    holiday.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=holiday,
        object_label=f"Bank holiday {holiday.name} ({day:%-d %B %Y})"[:200],
        changed_fields=["day", "name"],
    )
    return holiday


@transaction.atomic
def bank_holiday_remove(*, holiday: BankHoliday, actor: User, request=None) -> None:
    """Take a day out of the list (the audit log has no "deleted" action: it records the change to the list)."""
    label = f"Removed bank holiday {holiday.name} ({holiday.day:%-d %B %Y})"[:200]
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        organisation_id=holiday.organisation_id,
        object_type="bank holiday",
        object_id=str(holiday.pk),
        object_label=label,
        changed_fields=["removed"],
    )
    holiday.delete()


def steps_already_known(idea: Idea) -> None:
    """Mark the linked project's steps so far as told: the teller heard of the link itself; later steps are news."""
    known = set(ProjectMoveTold.objects.filter(idea=idea).values_list("stage_change_id", flat=True))
    ProjectMoveTold.objects.bulk_create(
        ProjectMoveTold(organisation_id=idea.organisation_id, idea=idea, stage_change_id=pk)
        for pk in StageChange.objects.filter(project_id=idea.project_id).values_list("pk", flat=True)
        if pk not in known
    )


def ideas_tell_project_moves(*, organisation_id=None) -> int:
    """Tell each teller when their idea's QI project moves on the progress scale (once per step; idempotent).
    Run daily by cron (`tell_idea_project_moves`)."""
    told = 0
    ideas = Idea.objects.filter(project__isnull=False).select_related("person", "project")
    if organisation_id is not None:
        ideas = ideas.filter(organisation_id=organisation_id)
    for idea in ideas.iterator(chunk_size=500):
        already = ProjectMoveTold.objects.filter(idea=idea).values("stage_change_id")
        steps = StageChange.objects.filter(project_id=idea.project_id).exclude(pk__in=already)
        for step in steps.order_by("changed_on"):
            with transaction.atomic():
                ProjectMoveTold.objects.create(organisation_id=idea.organisation_id, idea=idea, stage_change=step)
                with in_persons_language(idea.person):
                    _tell(
                        idea,
                        key=f"project:{idea.pk}:{step.pk}",
                        subject=gettext("The project from your idea moved on: %(project)s")
                        % {"project": idea.project.title},
                        body=(
                            gettext("On %(date)s the project reached: %(stage)s. %(note)s")
                            % {
                                "date": f"{step.changed_on:%-d %B %Y}",
                                "stage": step.get_stage_display(),
                                "note": step.note,
                            }
                        ).strip(),
                        actor=None,
                    )
            told += 1
    return told


def _revisit_leads(idea: Idea) -> list[User]:
    """Who looks at a "not now" idea again: whoever said "not now" (while they can still answer ideas), otherwise the
    trust's trust-wide People Participation leads."""
    change = (
        IdeaStateChange.objects.filter(idea=idea, state_kind=StateKind.NOT_NOW)
        .select_related("changed_by")
        .order_by("-changed_at", "-created_at")
        .first()
    )
    answerers = (Role.PARTICIPATION_LEAD, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)
    who = change.changed_by if change else None
    if who is not None and who.is_active and who.organisation_id == idea.organisation_id and who.has_role(*answerers):
        return [who]
    return list(
        User.objects.filter(
            organisation_id=idea.organisation_id,
            is_active=True,
            roles__role=Role.PARTICIPATION_LEAD,
            roles__unit__isnull=True,
        ).distinct()
    )


def ideas_remind_revisits(*, today: datetime.date | None = None, organisation_id=None) -> int:
    """On (or after) a "not now" idea's revisit date: tell the lead it is due to be looked at again, move it to the
    trust's "being looked at" state, and tell the person who raised it that it is being looked at again.

    Idempotent and safe to run twice (or twice at once): each idea is handled in its own transaction under a row
    lock and only while it is still "not now" with the same revisit date; every message has an idempotency key
    naming the idea and the date. Run daily by cron (`remind_idea_revisits`). Returns how many ideas it handled."""
    today = today or timezone.localdate()
    due = Idea.objects.filter(state__kind=StateKind.NOT_NOW, revisit_on__lte=today).order_by("revisit_on")
    if organisation_id is not None:
        due = due.filter(organisation_id=organisation_id)
    handled = 0
    for idea_id, revisit_on in list(due.values_list("pk", "revisit_on")):
        try:
            handled += _remind_revisit(idea_id, revisit_on)
        except ValidationError:  # changed under us (a lead moved it a moment ago): nothing was half-saved
            logger.info("Idea %s changed while its revisit reminder was written; left for the lead", idea_id)
    return handled


@transaction.atomic
def _remind_revisit(idea_id, revisit_on: datetime.date) -> int:
    idea = Idea.objects.select_for_update().select_related("person", "state", "organisation").get(pk=idea_id)
    if idea.state.kind != StateKind.NOT_NOW or idea.revisit_on != revisit_on:
        return 0  # another run (or a lead) got there first
    key = f"{idea.pk}:{revisit_on.isoformat()}"
    looking = states_ensure_defaults(organisation=idea.organisation).get(StateKind.LOOKING)
    now_words = f"It is now '{looking.name}' again: open it" if looking else "Open it"
    for lead in _revisit_leads(idea):
        notify_user(
            user=lead,
            template="ideas.revisit_due",
            subject=f"Time to look again at an idea: {idea.title}",
            body=(
                f"On {timezone.localtime(idea.state_changed_at):%-d %B %Y} the idea "
                f'"{idea.title}" was "not now", and we said we would look at it again by '
                f"{revisit_on:%-d %B %Y}. That day has come. {now_words} in WithUs and give the person "
                "an answer."
            ),
            idempotency_key=f"ideas.revisit_due:{key}:{lead.pk}",
            actor=None,
        )
    answer = (
        f"We said we would look at your idea again by {revisit_on:%-d %B %Y}. "
        "We are looking at it again now, and will tell you what we decide."
    )
    if looking is not None:
        idea_move(idea=idea, state=looking, answer=answer, expected_version=idea.version, actor=None)
    else:  # the trust retired every "being looked at" state: still tell them, once
        with in_persons_language(idea.person):
            _tell(
                idea,
                key=f"revisit:{key}",
                subject=gettext("We are looking at your idea again: %(title)s") % {"title": idea.title},
                body=gettext(
                    "We said we would look at your idea again by %(date)s. "
                    "We are looking at it again now, and will tell you what we decide."
                )
                % {"date": f"{revisit_on:%-d %B %Y}"},
                actor=None,
            )
        Idea.objects.filter(pk=idea.pk).update(revisit_on=None, updated_at=timezone.now())
    return 1


def is_on_team(idea: Idea) -> bool:
    return bool(idea.project_id) and TeamMember.objects.filter(project_id=idea.project_id, person=idea.person).exists()
