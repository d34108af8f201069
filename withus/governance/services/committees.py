"""Writes for committees: creating committees and their seats, advertising a seat and appointing to it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_text
from withus.governance.models import RESERVED_KINDS, Committee, ReservedFor, Seat, SeatTerm
from withus.involvement.models import InvolvementKind
from withus.involvement.services import kinds_ensure_defaults
from withus.opportunities.models import ExpressionOfInterest, OpenTo, Opportunity, OpportunityStatus
from withus.opportunities.services.opportunities import opportunity_create
from withus.organisations.models import Unit
from withus.people.models import Person

COMMITTEE_KIND_CODE = "board-committee"


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
    name = clean_text(name or "", collapse=True)
    if reports_to is not None and reports_to.organisation_id != organisation.pk:
        raise ValidationError({"reports_to": "Choose a committee from your own trust"})
    if Committee.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": "There is already a committee with this name"})
    committee = Committee(
        organisation=organisation,
        name=name,
        kind=kind,
        purpose=purpose.strip(),
        chair=clean_text(chair or "", collapse=True),
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
    title = clean_text(title or "", collapse=True)
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
