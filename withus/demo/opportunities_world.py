"""The demo trust's opportunities: open, closed and past ones of every kind, with interest, fair selections,
attendance and involvement records — and wards that have not started yet. Idempotent and deterministic."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from withus.accounts.models import User
from withus.involvement import services as involvement_services
from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
from withus.opportunities.models import (
    AttendanceOutcome,
    ExpressionOfInterest,
    OpenTo,
    Opportunity,
    OpportunityStatus,
    Session,
)
from withus.opportunities.selection import candidates, suggest_fairly
from withus.opportunities.services.attendance import attendance_record
from withus.opportunities.services.selection import selection_make
from withus.organisations.models import Unit
from withus.people.models import Interest, MembershipStatus, Person, PersonKind

SEED = 5_2026
LEAD_EMAIL = "lead@demo.withus.local"
STAFF_EMAIL = "staff@demo.withus.local"

# What people are told they will be paid: demo figures kept as data, until the payments rate card exists.
PAYMENTS = {
    "board-committee": "£50 for each meeting, with travel paid",
    "interview-panel": "£25 an hour, with travel paid",
    "staff-training": "£25 an hour, including preparation time",
    "accreditation": "£50 for the half-day visit, with travel paid",
    "qi-team": "£25 an hour for project meetings",
    "qi-coaching": "£25 an hour",
    "focus-group": "£25 for the session, or a voucher if you prefer",
    "story": "£25 an hour, including time to prepare",
    "other": "",
}

# (kind code, unit code, title, description, interest, places, hours per session)
OPPORTUNITIES = [
    (
        "board-committee",
        "RMH",
        "People Participation sub-committee member",
        "Join the sub-committee of the Board that checks how well the trust involves service users and carers. "
        "It meets every month. You read short papers beforehand and say what you think.",
        "Board and committees",
        2,
        2,
    ),
    (
        "interview-panel",
        "WILLOW",
        "Interview panel: Willow Ward manager",
        "Sit on the panel that chooses the next ward manager. You ask your own questions and score each person "
        "as an equal member of the panel.",
        "Recruitment interview panels",
        2,
        4,
    ),
    (
        "staff-training",
        "RMH",
        "Co-deliver training for new nurses",
        "Help run a session for newly qualified nurses about what good care feels like from the other side.",
        "Co-delivering staff training",
        3,
        3,
    ),
    (
        "accreditation",
        "CMHT-N",
        "Accreditation visit: Riverside CMHT North",
        "Visit the team with other service-user assessors and check it against the standards that matter most "
        "to service users.",
        "Accreditation visits",
        3,
        4,
    ),
    (
        "qi-team",
        "WILLOW",
        "QI team: reducing racist incidents on Willow Ward",
        "Be a full member of the quality improvement team testing ideas to make Willow Ward safer for everyone.",
        "Quality improvement projects",
        3,
        2,
    ),
    (
        "qi-coaching",
        "RMH",
        "QI coach for a new project team",
        "Coach a new project team through its first tests of change, with support from the QI team.",
        "Quality improvement projects",
        1,
        2,
    ),
    (
        "focus-group",
        "EIP",
        "Focus group: what helps in the first weeks",
        "Tell us what helped, and what did not, when you or your family first met the Early Intervention team.",
        "Peer support",
        8,
        2,
    ),
    (
        "story",
        "RMH",
        "Tell your story at the trust board",
        "Share your experience with the Board, in your own words, with as much support as you would like.",
        "Telling my story",
        1,
        1,
    ),
    (
        "other",
        "DN",
        "Help rewrite the district nursing leaflet",
        "Read the leaflet people get on their first visit and help make it clearer.",
        "Research",
        4,
        2,
    ),
]

# Each opportunity appears three times: open now, closed waiting for selection, and in the past with attendance.
PHASES = ("open", "closed", "past")
ATTEND_LATER = "staff-training"


def _demo_actor(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def build_opportunities(*, trust, seed: int = SEED) -> dict:
    """Add the demo's opportunities. Running it again adds nothing already there."""
    rng = random.Random(seed)
    today = timezone.localdate()
    kinds = {kind.code: kind for kind in involvement_services.kinds_ensure_defaults(organisation=trust)}
    for code, text in PAYMENTS.items():
        InvolvementKind.objects.filter(pk=kinds[code].pk, payment_description="").update(payment_description=text)
        kinds[code].refresh_from_db()
    units = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    interests = {interest.name: interest for interest in Interest.objects.filter(organisation=trust)}
    lead = _demo_actor(LEAD_EMAIL)
    participants = list(
        Person.objects.filter(
            organisation=trust,
            kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER],
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.WELCOME],
        ).order_by("full_name")
    )
    named = {person.full_name: person for person in participants}
    amara, ben = named.get("Amara Bello"), named.get("Ben Hughes")
    others = [person for person in participants if person not in (amara, ben)]
    created = 0
    for index, (code, unit_code, title, description, interest, places, hours) in enumerate(OPPORTUNITIES):
        for phase in PHASES:
            full_title = title if phase == "open" else f"{title} ({_phase_label(phase, index)})"
            if Opportunity.objects.filter(organisation=trust, title=full_title).exists():
                continue
            created += 1
            opportunity = _opportunity(
                trust, kinds[code], units[unit_code], full_title, description, places, hours, phase, index, today
            )
            if interest in interests:
                opportunity.interests.add(interests[interest])
            people = rng.sample(others, k=min(len(others), places + rng.randint(1, 4)))
            if phase == "past" and amara and code in {"interview-panel", "qi-team", "story", "staff-training"}:
                people = [amara, *people]
            if phase == "past" and ben and code in {"board-committee", "focus-group"}:
                people = [ben, *people]
            if phase == "closed" and amara and code == "accreditation":
                people = [amara, *people]
            eligible = [person for person in people if _eligible(opportunity, person)]
            for person in eligible:
                ExpressionOfInterest.objects.get_or_create(
                    organisation=trust,
                    opportunity=opportunity,
                    person=person,
                    defaults={"message": rng.choice(["", "", "I would love to help with this."])},
                )
            if phase == "past":
                # One past opportunity is left with its attendance still to record (the lead's demo journey).
                _select_and_attend(
                    opportunity,
                    eligible,
                    lead,
                    rng,
                    prefer=[amara, ben],
                    fair=index % 2 == 0,
                    attend=code != ATTEND_LATER,
                )
    _standing_records(trust, kinds, units, amara, ben, today)
    return {"opportunities_created": created}


def _phase_label(phase: str, index: int) -> str:
    return "closed, choosing people" if phase == "closed" else "earlier round"


def _eligible(opportunity: Opportunity, person: Person) -> bool:
    if opportunity.open_to == OpenTo.SERVICE_USERS:
        return person.kind == PersonKind.SERVICE_USER
    if opportunity.open_to == OpenTo.CARERS:
        return person.kind == PersonKind.CARER
    return True


def _opportunity(trust, kind, unit, title, description, places, hours, phase, index, today) -> Opportunity:
    zone = timezone.get_current_timezone()
    if phase == "open":
        first, closes = today + datetime.timedelta(days=21 + index * 3), today + datetime.timedelta(days=10 + index)
    elif phase == "closed":
        first, closes = today + datetime.timedelta(days=7 + index), today - datetime.timedelta(days=1 + index % 3)
    else:
        first = today - datetime.timedelta(days=10 + index * 9)
        closes = first - datetime.timedelta(days=14)
    opportunity = Opportunity.objects.create(
        organisation=trust,
        kind=kind,
        unit=unit,
        title=title,
        description=description,
        place="" if index % 3 == 2 else f"{unit.name}, meeting room 2",
        is_online=index % 3 == 2,
        joining_help="We send a Microsoft Teams link the day before and can do a practice call with you."
        if index % 3 == 2
        else "",
        accessibility="Step-free access, a hearing loop and a quiet room are available.",
        travel_booked=index % 2 == 0,
        buddy_offered=index % 3 == 0,
        pre_meeting_offered=True,
        required_training=kind.required_training,
        places=places,
        closes_on=closes,
        open_to=OpenTo.CARERS if kind.code == "focus-group" and index % 2 else OpenTo.BOTH,
        payment_description=kind.payment_description,
        status=OpportunityStatus.OPEN,
    )
    sessions = 3 if kind.code == "board-committee" else 1
    start_hour = 10 if index % 2 == 0 else 14
    Session.objects.bulk_create(
        [
            Session(
                organisation=trust,
                opportunity=opportunity,
                starts_at=datetime.datetime.combine(
                    first + datetime.timedelta(weeks=4 * number), datetime.time(start_hour), tzinfo=zone
                ),
                ends_at=datetime.datetime.combine(
                    first + datetime.timedelta(weeks=4 * number), datetime.time(start_hour + hours), tzinfo=zone
                ),
            )
            for number in range(sessions)
            if phase != "past" or first + datetime.timedelta(weeks=4 * number) < today
        ]
    )
    return opportunity


def _select_and_attend(opportunity, people, lead, rng, *, prefer, fair: bool, attend: bool) -> None:
    if fair:
        suggestion = [row.person_id for row in suggest_fairly(opportunity, candidates(opportunity))]
        chosen = suggestion
    else:
        wanted = [person for person in prefer if person in people]
        rest = [person for person in people if person not in wanted]
        chosen = [person.pk for person in (wanted + rest)[: opportunity.places]]
        suggestion = []
    if any(person and person.pk not in chosen and person in people for person in prefer):
        chosen = [person.pk for person in prefer if person in people][: opportunity.places] + [
            pk for pk in chosen if pk not in {person.pk for person in prefer if person}
        ]
        chosen = chosen[: opportunity.places]
    selection_make(
        opportunity=opportunity,
        chosen_ids=chosen,
        suggested_ids=suggestion,
        reason="" if set(map(str, chosen)) == set(map(str, suggestion)) or not suggestion else "Demo: first go",
        actor=lead,
        notify=False,
    )
    selected = list(ExpressionOfInterest.objects.filter(opportunity=opportunity).holding_places())
    for response in selected:
        response.status = "confirmed"
        response.confirmed_at = response.decided_at
        response.save(update_fields=["status", "confirmed_at", "updated_at"])
    for session in opportunity.sessions.all() if attend else []:
        for response in selected:
            person = response.person
            outcome = AttendanceOutcome.ATTENDED
            if person not in prefer:
                outcome = rng.choice(
                    [AttendanceOutcome.ATTENDED] * 6
                    + [AttendanceOutcome.DID_NOT_ATTEND, AttendanceOutcome.CANCELLED_BY_PERSON]
                )
            attendance_record(session=session, person=person, outcome=outcome, hours=session.hours, actor=lead)


def _standing_records(trust, kinds, units, amara, ben, today) -> None:
    """Involvement that comes from elsewhere (a QI project, a committee), added through the same service."""
    if amara and not InvolvementRecord.objects.filter(person=amara, source_type=InvolvementSource.PROJECT).exists():
        for weeks in (2, 4, 6, 8, 10, 14, 18):
            involvement_services.involvement_record_create(
                organisation=trust,
                person=amara,
                date=today - datetime.timedelta(weeks=weeks),
                kind=kinds["qi-team"],
                unit=units["WILLOW"],
                hours=Decimal("1.5"),
                role="Team member",
                source_type=InvolvementSource.PROJECT,
                source_label="Reducing racist incidents on Willow Ward",
                actor=None,
            )
    if ben and not InvolvementRecord.objects.filter(person=ben, source_type=InvolvementSource.COMMITTEE).exists():
        for months in range(1, 7):
            involvement_services.involvement_record_create(
                organisation=trust,
                person=ben,
                date=today - datetime.timedelta(days=30 * months),
                kind=kinds["board-committee"],
                unit=units["RMH"],
                hours=Decimal(2),
                role="Carer member",
                source_type=InvolvementSource.COMMITTEE,
                source_label="People Participation sub-committee",
                actor=None,
            )
