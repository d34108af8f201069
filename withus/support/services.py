"""Writes for support: each validates, saves and audits in one transaction, and tells people through the
notifications outbox (the message is written in the same transaction and sent after it commits)."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.dates import add_months, month_start
from withus.core.models import AuditAction
from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource, source_key
from withus.involvement.services import check_hours, involvement_record_create, kind_ensure
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person, notify_user
from withus.people.models import MembershipStatus, Person
from withus.people.on_behalf import acts_for_someone_else, agreement_error, on_behalf_record
from withus.people.services import person_change_status
from withus.support.models import (
    BUDDY_KIND_CODE,
    CUBE_FIELDS,
    LOW_ANSWER,
    PROFILE_ITEM_MAX,
    PROFILE_LIST_MAX,
    Adjustment,
    AgreementHow,
    AnswerHow,
    Buddy,
    BuddyCheckIn,
    CheckInEvery,
    Debrief,
    DebriefStatus,
    DifficultKind,
    ExperienceAnswer,
    ExperienceMonth,
    InvolvementAgreement,
    MeetingReadiness,
    Pause,
    Profile,
    SupportPlan,
    experience_bucket,
)
from withus.support.readiness import readiness_problems
from withus.support.selectors import directorate_of

AGREEMENT_FIELDS = (
    "what_the_role_involves",
    "time_commitment",
    "payment_terms",
    "own_limit",
    "support_contact",
    "if_unwell",
    "confidentiality",
    "review_on",
)
PLAN_FIELDS = (
    "what_helps",
    "early_signs",
    "contact_how_when",
    "crisis_contact",
    "adjustments",
    "adjustments_other",
    "topics_to_avoid",
    "review_on",
)
DEBRIEF_WITHIN_DAYS = 14


def _today() -> datetime.date:
    return timezone.localdate()


# --- Involvement agreements ----------------------------------------------------------------------------------


def _write_back_to_register(person: Person, agreed_on: datetime.date) -> None:
    """The register's "Involvement agreement signed" date follows the latest version agreed by both."""
    if person.agreement_signed_on is None or person.agreement_signed_on < agreed_on:
        Person.objects.filter(pk=person.pk).update(agreement_signed_on=agreed_on)
        person.agreement_signed_on = agreed_on


@transaction.atomic
def agreement_create(
    *,
    person: Person,
    role: str,
    details: dict,
    actor: User,
    paper_signed_on: datetime.date | None = None,
    request=None,
) -> InvolvementAgreement:
    """A new version of the person's agreement for a role, agreed by the lead who writes it. With
    `paper_signed_on` the person signed a paper copy; otherwise they are asked to read and agree it online."""
    role = role.strip()
    if not role:
        raise ValidationError({"role": "Enter the role this agreement is for, for example QI team member"})
    if paper_signed_on and paper_signed_on > _today():
        raise ValidationError({"paper_signed_on": "The date they signed must be today or in the past"})
    review_on = details.get("review_on")
    if review_on and review_on <= _today():
        raise ValidationError({"review_on": "The review date must be in the future"})
    person = Person.objects.select_for_update().get(pk=person.pk)
    latest = InvolvementAgreement.objects.filter(person=person, role=role).aggregate(latest=Max("version"))["latest"]
    agreement = InvolvementAgreement.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        role=role,
        version=(latest or 0) + 1,
        **{name: details.get(name) or ("" if name != "review_on" else None) for name in AGREEMENT_FIELDS},
        lead_agreed_on=_today(),
        lead_agreed_by=actor,
        person_agreed_on=paper_signed_on,
        person_agreed_how=AgreementHow.PAPER if paper_signed_on else "",
        recorded_by=actor,
    )
    if paper_signed_on:
        _write_back_to_register(person, paper_signed_on)
    else:
        with in_persons_language(person):  # issue 26
            notify_person(
                person=person,
                template="support/agreement_to_agree",
                kind=MessageKind.ESSENTIAL,
                subject=_("Your involvement agreement is ready to read"),
                body=_(
                    "Your involvement agreement for %(role)s is ready. Sign in to WithUs and go to "
                    "'Your involvement agreement' to read it and agree it, or ask your lead for a paper copy."
                )
                % {"role": role},
                idempotency_key=f"support-agreement:{agreement.pk}",
                actor=actor,
            )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=agreement)
    return agreement


@transaction.atomic
def agreement_agree(*, agreement: InvolvementAgreement, person: Person, actor: User, request=None):
    """The person agrees the latest version of their own agreement online."""
    agreement = InvolvementAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.person_id != person.pk:
        raise ValidationError(_("This is not your agreement."))
    if agreement.person_agreed_on:
        return agreement  # agreed already: a form sent twice changes nothing
    newer = InvolvementAgreement.objects.filter(person=person, role=agreement.role, version__gt=agreement.version)
    if newer.exists():
        raise ValidationError(_("There is a newer version of this agreement: read and agree that one."))
    agreement.person_agreed_on = _today()
    agreement.person_agreed_how = AgreementHow.ONLINE
    agreement.save(update_fields=["person_agreed_on", "person_agreed_how", "updated_at"])
    if agreement.lead_agreed_on:
        _write_back_to_register(person, agreement.person_agreed_on)
    audit_record(
        action=AuditAction.UPDATE, request=request, actor=actor, obj=agreement, changed_fields=["person_agreed_on"]
    )
    return agreement


# --- Support plans -------------------------------------------------------------------------------------------


@transaction.atomic
def plan_save(*, person: Person, values: dict, actor: User, request=None) -> SupportPlan:
    """Save the person's support plan (they own it; a lead may write it with them)."""
    unknown = set(values.get("adjustments") or []) - set(Adjustment.values)
    if unknown:
        raise ValidationError({"adjustments": _("Choose adjustments from the list")})
    review_on = values.get("review_on")
    if review_on and review_on < _today():
        raise ValidationError({"review_on": _("The review date must be today or in the future")})
    plan, _created = SupportPlan.objects.select_for_update().get_or_create(
        person=person, defaults={"organisation_id": person.organisation_id}
    )
    changed = [name for name in PLAN_FIELDS if name in values and getattr(plan, name) != values[name]]
    for name in changed:
        setattr(plan, name, values[name])
    plan.updated_by = actor
    plan.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=plan, changed_fields=changed)
    return plan


# --- One-page profile ----------------------------------------------------------------------------------------


def _short_list(items, field: str, what: str) -> list[str]:
    """Trimmed, without blanks or repeats (any case), at most PROFILE_LIST_MAX of at most PROFILE_ITEM_MAX."""
    cleaned: list[str] = []
    for item in items or []:
        text = " ".join(str(item).split())
        if text and text.lower() not in {known.lower() for known in cleaned}:
            cleaned.append(text)
    if len(cleaned) > PROFILE_LIST_MAX:
        raise ValidationError({field: f"List up to {PROFILE_LIST_MAX} things {what}, one on each line"})
    if any(len(text) > PROFILE_ITEM_MAX for text in cleaned):
        raise ValidationError({field: f"Keep each thing to {PROFILE_ITEM_MAX} characters or fewer"})
    return cleaned


@transaction.atomic
def profile_save(*, person: Person, good_at, want_to_learn, actor: User, request=None) -> Profile:
    """Save the person's one-page profile (theirs to keep; a lead may write it with them)."""
    good_at = _short_list(good_at, "good_at", "you are good at")
    want_to_learn = _short_list(want_to_learn, "want_to_learn", "you would like to learn")
    profile, _created = Profile.objects.select_for_update().get_or_create(
        person=person, defaults={"organisation_id": person.organisation_id}
    )
    changed = [
        name
        for name, value in (("good_at", good_at), ("want_to_learn", want_to_learn))
        if getattr(profile, name) != value
    ]
    profile.good_at = good_at
    profile.want_to_learn = want_to_learn
    profile.search_text = "\n".join(item.lower() for item in (*good_at, *want_to_learn))
    profile.updated_by = actor
    profile.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=profile, changed_fields=changed)
    return profile


# --- Debriefs ------------------------------------------------------------------------------------------------


@transaction.atomic
def difficult_kind_flag(*, kind: InvolvementKind, why: str, actor: User, request=None) -> DifficultKind:
    flag, _created = DifficultKind.objects.get_or_create(
        kind=kind, defaults={"organisation_id": kind.organisation_id, "why": why[:200]}
    )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=flag, object_label=f"{kind} may be hard")
    return flag


@transaction.atomic
def debrief_offer(
    *, person: Person, occasion_key: str, occasion_label: str, occasion_on: datetime.date, actor: User | None = None
) -> Debrief:
    """Offer a debrief after a difficult occasion: once per person and occasion, however often it is asked."""
    debrief, created = Debrief.objects.get_or_create(
        person=person,
        occasion_key=occasion_key,
        defaults={
            "organisation_id": person.organisation_id,
            "occasion_label": occasion_label[:200],
            "occasion_on": occasion_on,
            "due_by": occasion_on + datetime.timedelta(days=DEBRIEF_WITHIN_DAYS),
            "updated_by": actor,
        },
    )
    if created:
        with in_persons_language(person):  # issue 26
            notify_person(
                person=person,
                template="support/debrief_offered",
                kind=MessageKind.ESSENTIAL,
                subject=_("Would you like a debrief?"),
                body=_(
                    "Thank you for taking part in %(occasion)s. Some people find it helps to talk it over "
                    "afterwards. Sign in to WithUs and go to 'Your support' to say whether you would like a "
                    "debrief, and who with."
                )
                % {"occasion": occasion_label},
                idempotency_key=f"support-debrief:{debrief.pk}",
                actor=actor,
            )
        audit_record(action=AuditAction.CREATE, actor=actor, obj=debrief)
    return debrief


def debriefs_offer_after_difficult(*, organisation_id, since: datetime.date) -> list[Debrief]:
    """Offer a debrief to everyone with an involvement record of a kind flagged "may be difficult" since a day
    (a daily command; each occasion is offered once)."""
    kinds = DifficultKind.objects.for_organisation(organisation_id).values("kind_id")
    records = (
        InvolvementRecord.objects.for_organisation(organisation_id)
        .filter(kind_id__in=kinds, date__gte=since, date__lte=_today())
        .select_related("person")
    )
    return [
        debrief_offer(
            person=record.person,
            occasion_key=record.source_key or f"involvement-record:{record.pk}",
            occasion_label=record.source_label,
            occasion_on=record.date,
        )
        for record in records
    ]


@transaction.atomic
def debrief_answer(
    *, debrief: Debrief, person: Person, accept: bool, with_whom: str, actor: User, request=None
) -> Debrief:
    """The person accepts (with whom they would like) or declines the debrief they were offered."""
    debrief = Debrief.objects.select_for_update().get(pk=debrief.pk)
    if debrief.person_id != person.pk:
        raise ValidationError(_("This is not your debrief."))
    if debrief.status == DebriefStatus.DONE:
        raise ValidationError(_("This debrief has already taken place."))
    if accept and not with_whom.strip():
        raise ValidationError(
            {"with_whom": _("Say who you would like to talk to, for example your lead or your buddy")}
        )
    debrief.status = DebriefStatus.ACCEPTED if accept else DebriefStatus.DECLINED
    debrief.with_whom = with_whom.strip()[:200] if accept else ""
    debrief.updated_by = actor
    debrief.save()
    if accept and person.participation_lead_id:
        notify_user(
            user=person.participation_lead,
            template="support/debrief_accepted",
            subject="A debrief to arrange",
            body=f"{person.full_name} would like a debrief after {debrief.occasion_label}, with {debrief.with_whom}. "
            "See the debriefs page in WithUs.",
            idempotency_key=f"support-debrief-accepted:{debrief.pk}",
            actor=actor,
        )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=debrief, changed_fields=["status"])
    return debrief


@transaction.atomic
def debrief_record_held(
    *, debrief: Debrief, held_on: datetime.date, with_whom: str, note: str, actor: User, request=None
) -> Debrief:
    debrief = Debrief.objects.select_for_update().get(pk=debrief.pk)
    if held_on > _today():
        raise ValidationError({"held_on": "The date of the debrief must be today or in the past"})
    if held_on < debrief.occasion_on:
        raise ValidationError({"held_on": "The debrief cannot be before the activity it follows"})
    debrief.status = DebriefStatus.DONE
    debrief.held_on = held_on
    debrief.with_whom = (with_whom.strip() or debrief.with_whom)[:200]
    debrief.note = note.strip()
    debrief.updated_by = actor
    debrief.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=debrief, changed_fields=["status"])
    return debrief


# --- Buddies -------------------------------------------------------------------------------------------------


@transaction.atomic
def buddy_add(
    *,
    person: Person,
    buddy: Person,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    check_in_every: str,
    actor: User,
    request=None,
) -> Buddy:
    if buddy.pk == person.pk:
        raise ValidationError({"buddy": "Choose someone else as their buddy"})
    if buddy.organisation_id != person.organisation_id:
        raise ValidationError({"buddy": "Choose a buddy from your trust"})
    if buddy.status != MembershipStatus.ACTIVE:
        raise ValidationError({"buddy": f"{buddy.full_name} is not active just now: choose an active participant"})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    if check_in_every not in CheckInEvery.values:
        raise ValidationError({"check_in_every": "Choose how often they check in"})
    pair = Buddy.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        buddy=buddy,
        starts_on=starts_on,
        ends_on=ends_on,
        check_in_every=check_in_every,
        created_by=actor,
    )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=pair)
    return pair


BUDDY_KIND_NAME = "Peer buddying"
BUDDY_ACTIVITY_CODE = "INV-BUDDY"
BUDDY_HOURS_MAX = Decimal("4")


@transaction.atomic
def buddy_check_in_record(*, pair: Buddy, held_on: datetime.date, hours, actor: User, request=None) -> BuddyCheckIn:
    """Record a check-in a buddy held. Buddying is paid involvement: the check-in is also an involvement record of
    the buddy (kind "Peer buddying"), so it flows to their claims like any other involvement. Once a day per pair;
    within the pair's dates; never in the future; nothing saved if any of it is refused."""
    pair = Buddy.objects.select_related("person", "buddy").get(pk=pair.pk)
    if held_on > _today():
        raise ValidationError({"held_on": "The date of the check-in must be today or in the past"})
    if held_on < pair.starts_on or (pair.ends_on and held_on > pair.ends_on):
        raise ValidationError({"held_on": "The date must be while they were buddies"})
    hours = check_hours(hours)
    if hours > BUDDY_HOURS_MAX:
        raise ValidationError({"hours": f"A check-in is {BUDDY_HOURS_MAX:g} hours or fewer"})
    if BuddyCheckIn.objects.filter(pair=pair, held_on=held_on).exists():
        raise ValidationError({"held_on": f"A check-in on {held_on:%-d %B %Y} is already recorded for this pair"})
    check_in = BuddyCheckIn.objects.create(
        organisation_id=pair.organisation_id, pair=pair, held_on=held_on, hours=hours, recorded_by=actor
    )
    kind = kind_ensure(
        organisation=pair.buddy.organisation,
        code=BUDDY_KIND_CODE,
        name=BUDDY_KIND_NAME,
        activity_code=BUDDY_ACTIVITY_CODE,
        description="A check-in with someone they buddy",
    )
    # The label names no one: finance and reports see that a check-in was paid, not who was buddied.
    record = involvement_record_create(
        organisation=pair.buddy.organisation,
        person=pair.buddy,
        date=held_on,
        kind=kind,
        hours=hours,
        source_type=InvolvementSource.OTHER,
        source_label="Peer buddy check-in",
        source_id=str(check_in.pk),
        source_key=source_key("buddy-check-in", check_in.pk),
        actor=actor,
        request=request,
    )
    check_in.record_id = record.pk
    check_in.save(update_fields=["record_id", "updated_at"])
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=check_in)
    return check_in


# --- Pause and return ----------------------------------------------------------------------------------------

PAUSABLE = (MembershipStatus.ACTIVE, MembershipStatus.WELCOME)


@transaction.atomic
def pause_start(*, person: Person, return_on: datetime.date | None, reason: str, actor: User, request=None) -> Pause:
    """Step back without losing one's place: the register's status becomes Paused (so no opportunities are
    offered); history, training, payments and seats are untouched."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status == MembershipStatus.PAUSED:
        raise ValidationError(_("Your involvement is already paused."))
    if person.status not in PAUSABLE:
        raise ValidationError(_("Only active involvement can be paused."))
    if return_on and return_on <= _today():
        raise ValidationError({"return_on": _("The return date must be in the future, or leave it empty")})
    pause = Pause.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        starts_on=_today(),
        return_on=return_on,
        reason=reason.strip(),
        status_before=person.status,
        created_by=actor,
    )
    person_change_status(
        person=person,
        to_status=MembershipStatus.PAUSED,
        reason=f"Paused: {reason.strip()}" if reason.strip() else "Paused (no reason given)",
        actor=actor,
        request=request,
    )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=pause)
    return pause


@transaction.atomic
def pause_end(*, person: Person, actor: User, request=None) -> Pause:
    person = Person.objects.select_for_update().get(pk=person.pk)
    pause = Pause.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    if pause is None:
        raise ValidationError(_("Your involvement is not paused."))
    pause.ended_on = _today()
    pause.save(update_fields=["ended_on", "updated_at"])
    if person.status == MembershipStatus.PAUSED:
        person_change_status(
            person=person, to_status=pause.status_before, reason="Returned from a pause", actor=actor, request=request
        )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=pause, changed_fields=["ended_on"])
    return pause


# --- Meeting readiness ---------------------------------------------------------------------------------------


@transaction.atomic
def readiness_mark(
    *,
    organisation_id,
    occasion_key: str,
    occasion_label: str,
    held_on: datetime.date,
    papers_sent_on: datetime.date | None,
    adjustments: list,
    adjustments_planned: bool,
    actor: User,
    request=None,
) -> MeetingReadiness:
    problems = readiness_problems(
        held_on=held_on, papers_sent_on=papers_sent_on, adjustments=adjustments, adjustments_planned=adjustments_planned
    )
    if problems:
        raise ValidationError(problems)
    readiness, _created = MeetingReadiness.objects.update_or_create(
        organisation_id=organisation_id,
        occasion_key=occasion_key,
        defaults={
            "occasion_label": occasion_label[:200],
            "held_on": held_on,
            "papers_sent_on": papers_sent_on,
            "adjustments_planned": adjustments_planned,
            "marked_by": actor,
        },
    )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=readiness)
    return readiness


# --- The experience survey -----------------------------------------------------------------------------------


def _check_answers(answers: dict) -> None:
    errors = {}
    for name in CUBE_FIELDS:
        value = answers.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = _("Choose an answer from 1 to 5")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def experience_answer(
    *,
    person: Person,
    month: datetime.date,
    answers: dict,
    words: str = "",
    how: str = AnswerHow.ONLINE,
    kind: InvolvementKind | None = None,
    actor: User,
    request=None,
) -> ExperienceAnswer:
    """Record a month's answers. Answering again the same month replaces them (never two for a month). A low
    answer is a private prompt for the person's lead (an e-mail through the outbox and the check-in list), never
    shown to managers or the board."""
    _check_answers(answers)
    month = month_start(month)
    if month > month_start(_today()):
        raise ValidationError(_("You can answer for this month or an earlier one, not a future month."))
    if how not in AnswerHow.values:
        raise ValidationError("Choose how the answers were given.")
    values = {
        **{name: answers[name] for name in CUBE_FIELDS},
        "words": words.strip()[:1000],
        "how": how,
        "kind": kind,
        "recorded_by": actor,
        "directorate": directorate_of(person),
    }
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one answer at a time per person
    earlier = ExperienceAnswer.objects.select_for_update().filter(person=person, month=month).first()
    if earlier is not None:
        _summary_change(earlier, sign=-1)  # a replaced answer leaves its month's totals before the new one joins
    answer, created = ExperienceAnswer.objects.update_or_create(
        person=person, month=month, defaults={"organisation_id": person.organisation_id, **values}
    )
    _summary_change(answer, sign=1)
    low = [name for name in CUBE_FIELDS if answers[name] <= LOW_ANSWER]
    if low and person.participation_lead_id:
        notify_user(
            user=person.participation_lead,
            template="support/low_answer",
            subject="Someone may like a call",
            body=f"{person.full_name} gave a low answer in this month's experience survey. It is on your "
            "check-in list in WithUs. This is for you only.",
            idempotency_key=f"support-low-answer:{person.pk}:{month.isoformat()}",
            actor=actor,
        )
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=answer,
        changed_fields=list(CUBE_FIELDS),
    )
    return answer


PAPER_MONTHS_BACK = 12  # a paper answer may be entered for this month or one of the 11 before it


@transaction.atomic
def experience_answer_on_paper(
    *, person: Person, month: datetime.date, answers: dict, words: str = "", actor: User, request=None
) -> ExperienceAnswer:
    """A lead enters the answers a person gave on a paper survey form: recorded as given on paper and as done by
    the lead for the person (who agreed by filling the form in). Entering a month again replaces its answers."""
    month = month_start(month)
    earliest = add_months(month_start(_today()), 1 - PAPER_MONTHS_BACK)
    if month < earliest:
        raise ValidationError({"month": f"Paper answers can be entered for {earliest:%B %Y} or later"})
    if actor.pk == person.user_id:
        raise ValidationError("Answer your own survey on the 'How was your involvement' page.")
    answer = experience_answer(
        person=person, month=month, answers=answers, words=words, how=AnswerHow.PAPER, actor=actor, request=request
    )
    on_behalf_record(
        person=person,
        actor=actor,
        what=f"Entered their paper experience survey answers for {month:%B %Y}",
        obj=answer,
        person_agreed=True,
        how_agreed="on a paper survey form they filled in",
        request=request,
    )
    return answer


@transaction.atomic
def experience_answer_for(
    *,
    person: Person,
    month: datetime.date,
    answers: dict,
    words: str = "",
    actor: User,
    person_agreed: bool,
    how_agreed: str,
    request=None,
) -> ExperienceAnswer:
    """A lead answering the month's survey for someone who told them the answers, beside them or on the phone
    (issue 26 item 5). Refused, with nothing saved, unless the person's agreement is recorded; the one on-behalf
    record then shows "done by ... for ..." on the person's pages and in the audit log."""
    if not acts_for_someone_else(person=person, actor=actor):
        raise ValidationError("Answer your own survey on your own survey page.")
    if not person_agreed:
        raise agreement_error(person)
    answer = experience_answer(
        person=person,
        month=month,
        answers=answers,
        words=words,
        how=AnswerHow.SPOKEN,
        actor=actor,
        request=request,
    )
    on_behalf_record(
        person=person,
        actor=actor,
        what=f"Answered the experience survey for {month:%B %Y}",
        obj=answer,
        person_agreed=person_agreed,
        how_agreed=how_agreed,
        request=request,
    )
    return answer


def _summary_change(answer: ExperienceAnswer, *, sign: int) -> None:
    """Add an answer to (sign 1) or take it off (sign -1) its month's totals for its directorate and kind. Called
    inside the transaction that writes the answer, so the totals never disagree with the answers."""
    summary, _created = ExperienceMonth.objects.get_or_create(
        organisation_id=answer.organisation_id,
        month=answer.month,
        bucket=experience_bucket(answer.directorate_id, answer.kind_id),
        defaults={"directorate_id": answer.directorate_id, "kind_id": answer.kind_id},
    )
    ExperienceMonth.objects.filter(pk=summary.pk).update(
        answers=F("answers") + sign,
        **{f"{name}_sum": F(f"{name}_sum") + sign * getattr(answer, name) for name in CUBE_FIELDS},
    )


def experience_summary_rebuild(*, organisation_id) -> int:
    """Count a trust's monthly totals again from its answers (after a bulk load). Returns how many summary rows
    there are."""
    answers, summaries = ExperienceAnswer, ExperienceMonth
    totals = (
        answers.objects.filter(organisation_id=organisation_id)
        .values("month", "directorate_id", "kind_id")
        .annotate(n=Count("pk"), **{f"{name}_sum": Sum(name) for name in CUBE_FIELDS})
        .order_by()
    )
    rows = [
        summaries(
            organisation_id=organisation_id,
            month=row["month"],
            directorate_id=row["directorate_id"],
            kind_id=row["kind_id"],
            bucket=experience_bucket(row["directorate_id"], row["kind_id"]),
            answers=row["n"],
            **{f"{name}_sum": row[f"{name}_sum"] for name in CUBE_FIELDS},
        )
        for row in totals
    ]
    with transaction.atomic():
        summaries.objects.filter(organisation_id=organisation_id).delete()
        summaries.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def experience_answers_bulk(rows: Iterable[ExperienceAnswer]) -> None:
    """For the demo and benchmarks only: many past answers at once (no prompts, no audit); each trust's monthly
    totals are counted again afterwards."""
    rows = list(rows)
    ExperienceAnswer.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    for organisation_id in {row.organisation_id for row in rows}:
        experience_summary_rebuild(organisation_id=organisation_id)
