"""Writes for committees and recruitment panels. Each validates, saves and audits inside one transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.governance.models import (
    RESERVED_KINDS,
    Candidate,
    Committee,
    Criterion,
    Meeting,
    MeetingAttendance,
    MemberKind,
    PanelDecision,
    PanelMember,
    PanelStatus,
    PanelStatusChange,
    ReservedFor,
    Score,
    ScoreSheet,
    Seat,
    SeatTerm,
    Vacancy,
)
from withus.governance.scoring import CandidateResult, combine
from withus.involvement.models import InvolvementKind, InvolvementSource
from withus.involvement.services import check_hours, involvement_record_create, kinds_ensure_defaults
from withus.learning.models import Completion, CourseCode
from withus.learning.services import courses_ensure_defaults
from withus.opportunities.models import ExpressionOfInterest, OpenTo, Opportunity, OpportunityStatus
from withus.opportunities.services import opportunity_create
from withus.organisations.models import Unit
from withus.people.models import Person, PersonKind

COMMITTEE_KIND_CODE = "board-committee"
# How long score sheets are kept after the panel's decision, then deleted by `delete_old_score_sheets`.
SCORE_SHEET_RETENTION_MONTHS = 6
# Leads are told about terms ending within this many days.
TERM_WARNING_DAYS = 90

OPEN_TO_FOR_SEAT = {
    ReservedFor.EITHER: OpenTo.BOTH,
    ReservedFor.SERVICE_USER: OpenTo.SERVICE_USERS,
    ReservedFor.CARER: OpenTo.CARERS,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


# --- Committees ---------------------------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    organisation,
    name: str,
    kind: str,
    actor: User | None,
    purpose: str = "",
    chair: str = "",
    reports_to: Committee | None = None,
    position: int = 0,
    request=None,
) -> Committee:
    name = _clean_text(name)
    if reports_to is not None and reports_to.organisation_id != organisation.pk:
        raise ValidationError({"reports_to": "Choose a committee from your own trust"})
    if Committee.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": "There is already a committee with this name"})
    committee = Committee(
        organisation=organisation,
        name=name,
        kind=kind,
        purpose=purpose.strip(),
        chair=_clean_text(chair),
        reports_to=reports_to,
        position=position,
    )
    committee.full_clean()
    committee.save()
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=committee, changed_fields=["name", "kind"]
    )
    return committee


@transaction.atomic
def seat_create(
    *,
    committee: Committee,
    title: str,
    actor: User | None,
    reserved_for: str = ReservedFor.EITHER,
    term_months: int = 24,
    position: int = 0,
    request=None,
) -> Seat:
    title = _clean_text(title)
    if committee.seats.filter(title__iexact=title).exists():
        raise ValidationError({"title": "This committee already has a seat with this name"})
    seat = Seat(
        organisation_id=committee.organisation_id,
        committee=committee,
        title=title,
        reserved_for=reserved_for,
        term_months=term_months,
        position=position,
    )
    seat.full_clean()
    seat.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=seat, changed_fields=["title"])
    return seat


def committee_kind(organisation) -> InvolvementKind:
    kinds_ensure_defaults(organisation=organisation)
    return InvolvementKind.objects.get(organisation=organisation, code=COMMITTEE_KIND_CODE)


def _advert_is_live(seat: Seat, today: datetime.date) -> bool:
    advert = seat.advert
    return advert is not None and advert.status != OpportunityStatus.CANCELLED and advert.closes_on >= today


@transaction.atomic
def seat_advertise(
    *,
    seat: Seat,
    unit: Unit,
    closes_on: datetime.date,
    meets_at: datetime.datetime,
    actor: User,
    description: str = "",
    request=None,
) -> Opportunity:
    """Advertise a vacant (or soon vacant) seat: an opportunity of the board-committee kind, one place.

    `meets_at` is the first meeting (or induction) the new member would come to: the opportunity's session.
    """
    seat = Seat.objects.select_for_update(of=("self",)).select_related("committee", "advert").get(pk=seat.pk)
    today = timezone.localdate()
    if _advert_is_live(seat, today):
        raise ValidationError("This seat is already being advertised. Choose someone from that opportunity.")
    if closes_on < today:
        raise ValidationError({"closes_on": "The closing date must be today or in the future"})
    committee = seat.committee
    text = description.strip() or (
        f"Join the {committee.name} as its {seat.title.lower()}. You read short papers before each meeting "
        f"and bring the views of people who use our services. The seat is held for {seat.term_months} months."
    )
    opportunity = opportunity_create(
        organisation=committee.organisation,
        values={
            "title": f"{seat.title}: {committee.name}"[:150],
            "description": text,
            "kind": committee_kind(committee.organisation),
            "unit": unit,
            "place": "Trust headquarters, board room",
            "places": 1,
            "closes_on": closes_on,
            "open_to": OPEN_TO_FOR_SEAT[ReservedFor(seat.reserved_for)],
            "required_training": "Board and committee induction (we arrange it after you are chosen)",
        },
        sessions=[(meets_at, meets_at + datetime.timedelta(hours=2))],
        actor=actor,
        request=request,
    )
    seat.advert = opportunity
    seat.save(update_fields=["advert", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=seat, changed_fields=["advert"])
    return opportunity


def appointable_people(seat: Seat) -> list[Person]:
    """People chosen through the seat's advert (they hold a place in the opportunity)."""
    if seat.advert_id is None:
        return []
    held = ExpressionOfInterest.objects.filter(opportunity_id=seat.advert_id).holding_places().values("person_id")
    return list(Person.objects.filter(pk__in=held).order_by("full_name"))


@transaction.atomic
def term_appoint(
    *,
    seat: Seat,
    person: Person,
    starts_on: datetime.date,
    actor: User | None,
    ends_on: datetime.date | None = None,
    request=None,
) -> SeatTerm:
    """Appoint someone chosen through the seat's opportunity to the seat for a term."""
    seat = Seat.objects.select_for_update(of=("self",)).select_related("committee", "advert").get(pk=seat.pk)
    if person.organisation_id != seat.organisation_id:
        raise ValidationError({"person": "Choose someone from your own trust"})
    if seat.advert_id is None:
        raise ValidationError("Advertise the seat first: people are appointed through an opportunity.")
    if person.pk not in {chosen.pk for chosen in appointable_people(seat)}:
        raise ValidationError({"person": "Choose someone who was offered a place through the seat's advert"})
    if person.kind not in RESERVED_KINDS[ReservedFor(seat.reserved_for)]:
        raise ValidationError({"person": f"This seat is for {seat.get_reserved_for_display().lower()}"})
    ends_on = ends_on or add_months(starts_on, seat.term_months) - datetime.timedelta(days=1)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "The end of the term must be after its start"})
    if seat.terms.overlapping(starts_on, ends_on).exists():
        raise ValidationError({"starts_on": "Someone holds the seat then. Start the term after the current term ends"})
    term = SeatTerm(
        organisation_id=seat.organisation_id,
        seat=seat,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        opportunity=seat.advert,
        appointed_by=actor,
    )
    term.full_clean(validate_constraints=False)
    term.save()
    seat.advert = None
    seat.save(update_fields=["advert", "updated_at"])
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=term,
        changed_fields=["person", "starts_on", "ends_on"],
    )
    return term


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    held_on: datetime.date,
    papers_on: datetime.date,
    actor: User | None,
    hours: Decimal | str = Decimal(2),
    request=None,
) -> Meeting:
    hours = check_hours(hours)
    if papers_on > held_on:
        raise ValidationError({"papers_on": "The papers date must be on or before the meeting date"})
    if committee.meetings.filter(held_on=held_on).exists():
        raise ValidationError({"held_on": "This committee already has a meeting on that date"})
    meeting = Meeting(
        organisation_id=committee.organisation_id,
        committee=committee,
        held_on=held_on,
        papers_on=papers_on,
        hours=hours,
    )
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=meeting, changed_fields=["held_on"])
    return meeting


def seat_holders_on(committee: Committee, day: datetime.date) -> list[SeatTerm]:
    return list(
        SeatTerm.objects.filter(seat__committee=committee)
        .current_on(day)
        .select_related("person", "seat")
        .order_by("seat__position", "seat__title")
    )


@transaction.atomic
def meeting_attendance_record(
    *, meeting: Meeting, attended_ids: Iterable, actor: User | None, request=None
) -> list[MeetingAttendance]:
    """Record who of the seat holders came. Each attended meeting becomes one payable involvement record.

    Attendance is recorded once per person (the database refuses a second); people already recorded are left.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee", "committee__organisation")
        .get(pk=meeting.pk)
    )
    if meeting.held_on > timezone.localdate():
        raise ValidationError("You can record attendance on or after the day of the meeting.")
    attended = {str(pk) for pk in attended_ids}
    holders = seat_holders_on(meeting.committee, meeting.held_on)
    known = {str(term.person_id) for term in holders}
    if attended - known:
        raise ValidationError({"attended": "Choose only people who held a seat on the day of the meeting"})
    already = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    kind = committee_kind(meeting.committee.organisation)
    rows = []
    for term in holders:
        if term.person_id in already:
            continue
        came = str(term.person_id) in attended
        row = MeetingAttendance(
            organisation_id=meeting.organisation_id,
            meeting=meeting,
            person=term.person,
            attended=came,
            recorded_by=actor,
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue  # recorded by someone else a moment ago
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=row, object_label=str(meeting))
        if came:
            involvement_record_create(
                organisation=meeting.committee.organisation,
                person=term.person,
                date=meeting.held_on,
                kind=kind,
                hours=meeting.hours,
                source_type=InvolvementSource.COMMITTEE,
                source_id=str(meeting.committee_id),
                source_label=f"{meeting.committee.name} meeting",
                source_key=meeting.source_key,
                role=term.seat.title,
                payable=True,
                actor=actor,
                request=request,
            )
        rows.append(row)
    if not rows:
        raise ValidationError("Attendance for everyone who held a seat is already recorded.")
    return rows


# --- Recruitment panels -------------------------------------------------------------------------------


def can_run_vacancy_in(user: User, unit: Unit) -> bool:
    """Leads and administrators in their scope; staff (recruiting managers) in the units they work in."""
    if user.has_role(Role.ADMINISTRATOR):
        return True
    for role in (Role.PARTICIPATION_LEAD, Role.STAFF):
        if not user.has_role(role):
            continue
        units = user.units_for(role)
        if units is None or any(unit.path.startswith(mine.path) for mine in units):
            return True
    return False


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
    if not can_run_vacancy_in(actor, unit):
        raise ValidationError({"unit": "Choose a ward, team or service you work in or support"})
    if recruiting_manager.organisation_id != organisation.pk or recruiting_manager.is_participant:
        raise ValidationError({"recruiting_manager": "Choose a member of staff from your own trust"})
    if interview_on is not None and interview_on < closing_date:
        raise ValidationError({"interview_on": "The interview date must be on or after the closing date"})
    vacancy = Vacancy(
        organisation=organisation,
        unit=unit,
        job_title=_clean_text(job_title),
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
    return member


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
    text = _clean_text(text)
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


def _check_scores(vacancy: Vacancy, criteria: list[Criterion], scores: dict) -> dict:
    cleaned = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        if raw in (None, ""):
            raise ValidationError({f"criterion_{criterion.pk}": f"Choose a score for “{criterion.text}”"})
        try:
            value = int(str(raw).strip())
        except ValueError as error:
            raise ValidationError(
                {f"criterion_{criterion.pk}": f"Choose a score from 0 to {vacancy.score_max}"}
            ) from error
        if not 0 <= value <= vacancy.score_max:
            raise ValidationError({f"criterion_{criterion.pk}": f"Choose a score from 0 to {vacancy.score_max}"})
        cleaned[criterion.pk] = value
    return cleaned


def _check_can_score(vacancy: Vacancy, member: PanelMember, candidate: Candidate, actor: User) -> None:
    if member.vacancy_id != vacancy.pk or candidate.vacancy_id != vacancy.pk:
        raise ValidationError("This candidate is not on this panel.")
    if member.user_id != actor.pk:
        raise ValidationError("Only the panel member can give or change their own scores.")
    if vacancy.status == PanelStatus.SETTING_UP:
        raise ValidationError("The panel has not agreed its criteria yet, so scoring has not started.")
    if vacancy.status == PanelStatus.DECIDED:
        raise ValidationError("The panel has recorded its decision, so scores can no longer be given or changed.")


@transaction.atomic
def score_sheet_submit(
    *, vacancy: Vacancy, member: PanelMember, candidate: Candidate, scores: dict, actor: User, request=None
) -> ScoreSheet:
    """A member's own scores for one candidate, every criterion scored. Only one sheet per member and candidate:
    if two submissions race, the database keeps the first and the second is refused."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    _check_can_score(vacancy, member, candidate, actor)
    criteria = list(vacancy.criteria.all())
    cleaned = _check_scores(vacancy, criteria, scores)
    sheet = ScoreSheet(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        member=member,
        candidate=candidate,
        submitted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError as error:
        raise ValidationError(
            "You have already sent your scores for this candidate. You can change them until the panel decides."
        ) from error
    Score.objects.bulk_create([Score(sheet=sheet, criterion_id=pk, value=value) for pk, value in cleaned.items()])
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=sheet, changed_fields=["scores"]
    )  # fmt: skip
    return sheet


@transaction.atomic
def score_sheet_change(*, sheet: ScoreSheet, scores: dict, actor: User, request=None) -> ScoreSheet:
    """Change a submitted sheet: only its member, only before the decision; every change is audited."""
    sheet = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("member", "candidate", "vacancy")
        .get(pk=sheet.pk)
    )
    vacancy = Vacancy.objects.select_for_update().get(pk=sheet.vacancy_id)
    _check_can_score(vacancy, sheet.member, sheet.candidate, actor)
    criteria = list(vacancy.criteria.all())
    cleaned = _check_scores(vacancy, criteria, scores)
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    changed = []
    for criterion in criteria:
        score = existing[criterion.pk]
        if score.value != cleaned[criterion.pk]:
            score.value = cleaned[criterion.pk]
            score.save(update_fields=["value"])
            changed.append(f"criterion {criterion.position}")
    if changed:
        sheet.changed_at = timezone.now()
        sheet.save(update_fields=["changed_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=sheet, changed_fields=changed)
    return sheet


def sheet_values(sheets: Iterable[ScoreSheet]) -> dict:
    """sheet id → {criterion id → score}, from sheets with their scores prefetched."""
    return {sheet.pk: {score.criterion_id: score.value for score in sheet.scores.all()} for sheet in sheets}


def candidate_results(vacancy: Vacancy) -> dict:
    """candidate id → CandidateResult, from the sheets submitted so far. Three queries."""
    criteria = list(vacancy.criteria.all())
    sheets = list(ScoreSheet.objects.filter(vacancy=vacancy).prefetch_related("scores"))
    values = sheet_values(sheets)
    by_candidate: dict = {}
    for sheet in sheets:
        by_candidate.setdefault(sheet.candidate_id, []).append(values[sheet.pk])
    return {
        candidate.pk: combine(
            candidate_id=candidate.pk,
            criteria=criteria,
            sheets=by_candidate.get(candidate.pk, []),
            score_max=vacancy.score_max,
        )
        for candidate in vacancy.candidates.all()
    }


def can_record_decision(vacancy: Vacancy, user: User) -> bool:
    return vacancy.recruiting_manager_id == user.pk or vacancy.members.filter(user=user, is_chair=True).exists()


@transaction.atomic
def decision_record(
    *, vacancy: Vacancy, appointed: Candidate | None, reasons: str, actor: User, request=None
) -> PanelDecision:
    """The panel's decision and its reasons, once every member has scored every candidate."""
    vacancy = _locked(vacancy)
    if not can_record_decision(vacancy, actor):
        raise ValidationError("Only the panel's chair or the recruiting manager can record the decision.")
    if vacancy.status == PanelStatus.DECIDED:
        raise ValidationError("The panel's decision is already recorded.")
    if vacancy.status != PanelStatus.SCORING:
        raise ValidationError("The panel has not agreed its criteria yet.")
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": "Enter the reasons for the panel's decision"})
    candidates = list(vacancy.candidates.all())
    if not candidates:
        raise ValidationError("Add the candidates and their scores first.")
    members = vacancy.members.count()
    missing = members * len(candidates) - ScoreSheet.objects.filter(vacancy=vacancy).count()
    if missing:
        raise ValidationError(
            f"Every member needs to score every candidate before the decision: {missing} "
            f"{'score sheet is' if missing == 1 else 'score sheets are'} still to come."
        )
    if appointed is not None and appointed.vacancy_id != vacancy.pk:
        raise ValidationError({"appointed": "Choose a candidate from this panel"})
    results = candidate_results(vacancy)
    if appointed is not None and not results[appointed.pk].appointable:
        raise ValidationError(
            {"appointed": "This candidate scored 0 on an essential criterion, so cannot be appointed"}
        )
    for candidate in candidates:
        result = results[candidate.pk]
        candidate.combined_score = result.combined
        candidate.appointable = result.appointable
        candidate.save(update_fields=["combined_score", "appointable", "updated_at"])
    decision = PanelDecision.objects.create(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        appointed=appointed,
        reasons=reasons,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=decision, changed_fields=["appointed", "reasons"]
    )
    _status_change(vacancy, PanelStatus.DECIDED, actor, request)
    return decision


def retention_cut_off(now: datetime.datetime) -> datetime.datetime:
    """Decisions made on or before this moment have kept their score sheets for the full six months."""
    local = timezone.localtime(now)
    earlier = add_months(local.date(), -SCORE_SHEET_RETENTION_MONTHS)
    return local.replace(year=earlier.year, month=earlier.month, day=earlier.day)


def score_sheets_due_for_deletion(now: datetime.datetime | None = None):
    cut_off = retention_cut_off(now or timezone.now())
    return ScoreSheet.objects.filter(vacancy__decision__decided_at__lte=cut_off)


def score_sheets_delete_expired(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete score sheets kept six months after the panel's decision; audit each one; keep the decision.

    One transaction per panel, so a failure part-way leaves every panel either done or untouched.
    """
    due = score_sheets_due_for_deletion(now)
    vacancy_ids = list(due.values_list("vacancy_id", flat=True).distinct())
    if dry_run:
        return due.count()
    deleted = 0
    for vacancy_id in vacancy_ids:
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
            sheets = list(
                ScoreSheet.objects.filter(pk__in=due.filter(vacancy_id=vacancy_id).values("pk")).select_related(
                    "candidate"
                )
            )
            for sheet in sheets:
                audit_record(
                    action=AuditAction.UPDATE,
                    organisation_id=sheet.organisation_id,
                    object_type="scoresheet",
                    object_id=str(sheet.pk),
                    object_label=f"Deleted six months after the decision: {sheet.audit_label}",
                    changed_fields=["deleted"],
                )
            Score.objects.filter(sheet__in=sheets).delete()
            ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]).delete()
            vacancy.sheets_deleted_at = timezone.now()
            vacancy.save(update_fields=["sheets_deleted_at", "updated_at"])
            deleted += len(sheets)
    return deleted


def result_for(vacancy: Vacancy, candidate: Candidate) -> CandidateResult:
    return candidate_results(vacancy)[candidate.pk]
