"""Writes for recruitment panels: the vacancy, its members, criteria and candidates, and agreeing the panel."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.languages import DEFAULT_LANGUAGE
from withus.core.models import AuditAction
from withus.core.text import clean_text
from withus.governance.models import (
    Candidate,
    Criterion,
    MemberKind,
    PanelMember,
    PanelStatus,
    PanelStatusChange,
    Vacancy,
)
from withus.governance.rules import may_run_vacancy_in
from withus.learning.models import Completion, CourseCode
from withus.learning.services.courses import courses_ensure_defaults
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person, notify_user
from withus.organisations.models import Unit
from withus.people.models import Person, PersonKind


def _status_change(vacancy: Vacancy, to_status: str, actor: User | None, request=None) -> None:
    from_status = vacancy.status if not vacancy._state.adding else ""  # noqa: SLF001 - Django's model state
    vacancy.status = to_status
    vacancy.save()
    PanelStatusChange.objects.create(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        from_status=from_status,
        to_status=to_status,
        changed_by=actor,
    )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=vacancy, changed_fields=["status"])


@transaction.atomic
def vacancy_create(
    *,
    organisation,
    unit: Unit,
    job_title: str,
    band: str,
    closing_date: datetime.date,
    recruiting_manager: User,
    actor: User,
    interview_on: datetime.date | None = None,
    score_max: int = 3,
    request=None,
) -> Vacancy:
    if unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Choose a ward, team or service from your own trust"})
    if not may_run_vacancy_in(actor, unit):
        raise ValidationError({"unit": "Choose a ward, team or service you work in or support"})
    if recruiting_manager.organisation_id != organisation.pk or recruiting_manager.is_participant:
        raise ValidationError({"recruiting_manager": "Choose a member of staff from your own trust"})
    if interview_on is not None and interview_on < closing_date:
        raise ValidationError({"interview_on": "The interview date must be on or after the closing date"})
    vacancy = Vacancy(
        organisation=organisation,
        unit=unit,
        job_title=clean_text(job_title or "", collapse=True),
        band=band,
        closing_date=closing_date,
        interview_on=interview_on,
        recruiting_manager=recruiting_manager,
        score_max=score_max,
    )
    vacancy.full_clean()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        organisation_id=organisation.pk,
        object_type="vacancy",
        object_id=str(vacancy.pk),
        object_label=vacancy.audit_label,
        changed_fields=["job_title", "band", "unit", "closing_date"],
    )
    _status_change(vacancy, PanelStatus.SETTING_UP, actor, request)
    return vacancy


def _locked(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


def _refuse_after_decision(vacancy: Vacancy) -> None:
    if vacancy.status == PanelStatus.DECIDED:
        raise ValidationError("The panel has recorded its decision, so this can no longer be changed.")


def training_day(vacancy: Vacancy) -> datetime.date:
    """Members who are not staff must hold their training in date on the interview day (or today if later)."""
    today = timezone.localdate()
    return max(today, vacancy.interview_on) if vacancy.interview_on else today


def holds_panel_training(person: Person, on: datetime.date) -> bool:
    return (
        Completion.objects.holders_of(
            organisation_id=person.organisation_id, course_code=CourseCode.RECRUITMENT_PANEL, on=on
        )
        .filter(person_id=person.pk)
        .exists()
    )


def member_kind_for(user: User) -> tuple[str, Person | None]:
    person = Person.objects.filter(user=user, organisation_id=user.organisation_id).first()
    if user.is_participant:
        if person is None or person.kind not in {PersonKind.SERVICE_USER, PersonKind.CARER}:
            raise ValidationError({"user": "Choose a service user or carer who is in the involvement register"})
        return person.kind, person
    return MemberKind.STAFF, person


@transaction.atomic
def member_add(*, vacancy: Vacancy, user: User, actor: User, is_chair: bool = False, request=None) -> PanelMember:
    vacancy = _locked(vacancy)
    _refuse_after_decision(vacancy)
    if user.organisation_id != vacancy.organisation_id or not user.is_active:
        raise ValidationError({"user": "Choose someone from your own trust"})
    kind, person = member_kind_for(user)
    if kind != MemberKind.STAFF:
        day = training_day(vacancy)
        if not holds_panel_training(person, day):
            courses_ensure_defaults(organisation=vacancy.organisation)
            raise ValidationError(
                {
                    "user": f"{person.full_name} cannot join the panel yet: panel members who are not staff need "
                    f"recruitment panel training that is in date on {day.day} {day:%B %Y}. "
                    "Ask the People Participation team to book it"
                }
            )
    if vacancy.members.filter(user=user).exists():
        raise ValidationError({"user": f"{user.full_name} is already on this panel"})
    if is_chair and vacancy.members.filter(is_chair=True).exists():
        raise ValidationError({"is_chair": "The panel already has a chair"})
    member = PanelMember(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        user=user,
        person=person,
        kind=kind,
        is_chair=is_chair,
        added_by=actor,
    )
    member.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=member, changed_fields=["user", "kind"])
    _tell_member_added(member, actor)
    return member


def _tell_member_added(member: PanelMember, actor: User) -> None:
    """Tell someone put on an interview panel (issue 17): a participant by the way they chose, in their language
    (issue 26); staff by e-mail, in English."""
    if member.person is not None:
        name = member.person.preferred_name or member.person.full_name
        with in_persons_language(member.person):
            subject, body = _member_added_words(member, name)
        notify_person(
            person=member.person,
            template="governance.panel_member_added",
            kind=MessageKind.ESSENTIAL,
            subject=subject,
            body=body,
            idempotency_key=f"governance.panel_member_added:{member.pk}",
            actor=actor,
        )
    else:
        with translation.override(DEFAULT_LANGUAGE):
            subject, body = _member_added_words(member, member.user.full_name)
        notify_user(
            user=member.user,
            template="governance.panel_member_added",
            subject=subject,
            body=body,
            idempotency_key=f"governance.panel_member_added:{member.pk}",
            actor=actor,
        )


def _member_added_words(member: PanelMember, name: str) -> tuple[str, str]:
    """The subject and body in the active language. Whole sentences for a chair and for a member (issue 26)."""
    vacancy = member.vacancy
    day = vacancy.interview_on
    values = {"job": vacancy.job_title}
    if member.is_chair:
        subject = gettext("You are chair of the interview panel for %(job)s") % values
        role = gettext("You are chair of the interview panel for this job: %(job)s.") % values
    else:
        subject = gettext("You are on the interview panel for %(job)s") % values
        role = gettext("You are on the interview panel for this job: %(job)s.") % values
    if day is None:
        when = gettext("We will tell you the date.")
        role = f"{role} {when}"
    elif day >= timezone.localdate():
        when = gettext("The interviews are on %(date)s.") % {"date": f"{day:%A} {day.day} {day:%B %Y}"}
        role = f"{role} {when}"
    # else: a panel put together after the day (recording one that already met) says no date.
    # Plain words (issue 26): the job title is long enough; the rest of the message is kept short.
    body = "\n\n".join(
        [
            gettext("Dear %(name)s,") % {"name": name},
            role,
            gettext(
                "In WithUs, go to Interview panels. You can see who is on the panel, what we look for and who we "
                "will meet."
            ),
            gettext("Thank you,\nThe People Participation team"),
        ]
    )
    return subject, body


@transaction.atomic
def member_remove(*, member: PanelMember, actor: User, request=None) -> None:
    """Take someone off the panel while it is being set up (for example, added by mistake)."""
    vacancy = _locked(member.vacancy)
    if vacancy.status != PanelStatus.SETTING_UP:
        raise ValidationError("Members can be taken off the panel only while it is being set up.")
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=member,
        object_label=f"Removed from the panel for {vacancy.job_title}",
        changed_fields=["removed"],
    )
    member.delete()


@transaction.atomic
def criterion_add(*, vacancy: Vacancy, text: str, essential: bool, actor: User, request=None) -> Criterion:
    vacancy = _locked(vacancy)
    if vacancy.status != PanelStatus.SETTING_UP:
        raise ValidationError("The panel has agreed its criteria, so no more can be added.")
    text = clean_text(text or "", collapse=True)
    if vacancy.criteria.filter(text__iexact=text).exists():
        raise ValidationError({"text": "This criterion is already on the list"})
    criterion = Criterion(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        text=text,
        essential=essential,
        position=vacancy.criteria.count() + 1,
    )
    criterion.full_clean(validate_constraints=False)
    criterion.save()
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=criterion, object_type="criterion",
        object_label=f"Criterion for {vacancy.job_title}", changed_fields=["text", "essential"],
    )  # fmt: skip
    return criterion


@transaction.atomic
def panel_agree(*, vacancy: Vacancy, actor: User, request=None) -> Vacancy:
    """The panel has agreed its questions and criteria before interviews: scoring opens, criteria are fixed."""
    vacancy = _locked(vacancy)
    if vacancy.status != PanelStatus.SETTING_UP:
        return vacancy
    if not vacancy.criteria.filter(essential=True).exists():
        raise ValidationError("Add at least one essential criterion from the person specification first.")
    if vacancy.members.count() < 2:
        raise ValidationError("Add at least two panel members first.")
    _status_change(vacancy, PanelStatus.SCORING, actor, request)
    return vacancy


@transaction.atomic
def candidate_add(*, vacancy: Vacancy, reference: str, initials: str, actor: User, request=None) -> Candidate:
    vacancy = _locked(vacancy)
    _refuse_after_decision(vacancy)
    reference = "".join(reference.split()).upper()
    initials = "".join(initials.split()).upper().replace(".", "")
    if not reference or not all(character.isalnum() or character in "-/" for character in reference):
        raise ValidationError({"reference": "Enter the candidate's reference using letters, numbers and dashes"})
    if not (1 <= len(initials) <= 4 and initials.isalpha()):
        raise ValidationError({"initials": "Enter the candidate's initials as up to 4 letters, like AB"})
    if vacancy.candidates.filter(reference=reference).exists():
        raise ValidationError({"reference": "A candidate with this reference is already on the list"})
    candidate = Candidate(
        organisation_id=vacancy.organisation_id, vacancy=vacancy, reference=reference, initials=initials
    )
    candidate.full_clean(validate_constraints=False)
    candidate.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=candidate, changed_fields=["reference"])
    return candidate
