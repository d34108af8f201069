"""The demo trust's payments: a rate card in the style of published NHS trust rates, benefit reference amounts
(dated, from the research note), each payment preference, limits (Amara close to her weekly limit), claims in
every state — one submitted by lead@ for Ben so finance@ can approve it, one keyed in by finance@ that she
cannot approve — and two exported batches, one paid. Idempotent: running it again changes nothing."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone
from PIL import Image, ImageDraw

from withus.accounts.models import User
from withus.involvement import services as involvement_services
from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
from withus.organisations.models import Unit
from withus.payments.models.advances import Advance, AdvanceHow
from withus.payments.models.batches import PaymentRoute
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.preferences import (
    BenefitReference,
    EarningsLimit,
    LimitPeriod,
    PaymentMethod,
    PaymentPreference,
)
from withus.payments.models.rates import Rate, RateUnit
from withus.payments.services.advances import advance_record
from withus.payments.services.approvals import claim_approve, claim_reject, claim_void
from withus.payments.services.batches import batch_create, batch_mark_paid, methods_for_route
from withus.payments.services.claims import claim_add_expense, claim_create, claim_submit, unclaimed_records
from withus.payments.services.rates import settings_for
from withus.people.models import MembershipStatus, Person, PersonKind

RATE_NOTE = "Demo figures in the style of published trust rates (standard and enhanced hourly rates; activity fees)"
# (activity code, name, unit, amount from 1 January 2022, amount from 1 April 2025)
RATES = [
    ("INV-COMM", "Committee or board meeting", RateUnit.PER_SESSION, "40.00", "50.00"),
    ("INV-PANEL", "Interview panel (standard rate)", RateUnit.PER_HOUR, "11.50", "13.85"),
    ("INV-TRAIN", "Designing or delivering training (enhanced rate)", RateUnit.PER_HOUR, "15.00", "20.00"),
    ("INV-ACCRED", "Accreditation visit (half day)", RateUnit.PER_SESSION, "40.00", "50.00"),
    ("INV-QI", "QI project meeting (standard rate)", RateUnit.PER_HOUR, "11.50", "13.85"),
    ("INV-QICOACH", "QI coaching or leading a project (enhanced rate)", RateUnit.PER_HOUR, "15.00", "20.00"),
    ("INV-FOCUS", "Focus group", RateUnit.FIXED, "25.00", "25.00"),
    ("INV-STORY", "Telling your story, with preparation (enhanced rate)", RateUnit.PER_HOUR, "15.00", "20.00"),
    ("INV-BUDDY", "Peer buddying (standard rate)", RateUnit.PER_HOUR, "11.50", "13.85"),
]
OLD_FROM, NEW_FROM = datetime.date(2022, 1, 1), datetime.date(2025, 4, 1)

# From the research note's section 2.4 (dated as the sources date them; "from April" is entered as 1 April).
REFERENCES = [
    ("ESA permitted work: lower limit", LimitPeriod.WEEK, "20.00", datetime.date(2024, 4, 1), "nidirect; entitledto"),
    ("ESA permitted work: higher limit", LimitPeriod.WEEK, "183.50", datetime.date(2024, 4, 1), "nidirect, April 2024"),
    ("ESA permitted work: higher limit", LimitPeriod.WEEK, "195.50", datetime.date(2025, 4, 1), "DWP, April 2025"),
    (
        "Universal Credit work allowance (with housing costs)",
        LimitPeriod.MONTH,
        "404.00",
        datetime.date(2024, 4, 1),
        "2024/25",
    ),
    (
        "Universal Credit work allowance (with housing costs)",
        LimitPeriod.MONTH,
        "411.00",
        datetime.date(2025, 4, 1),
        "2025/26",
    ),
    (
        "Universal Credit work allowance (no housing costs)",
        LimitPeriod.MONTH,
        "673.00",
        datetime.date(2024, 4, 1),
        "2024/25",
    ),
    (
        "Universal Credit work allowance (no housing costs)",
        LimitPeriod.MONTH,
        "684.00",
        datetime.date(2025, 4, 1),
        "2025/26",
    ),
    ("Carer's Allowance earnings limit", LimitPeriod.WEEK, "151.00", datetime.date(2024, 4, 1), "Carers UK"),
    (
        "Carer's Allowance earnings limit",
        LimitPeriod.WEEK,
        "196.00",
        datetime.date(2025, 4, 7),
        "Carers UK, 7 April 2025",
    ),
]
OTHER_METHODS = [PaymentMethod.SUPPLIER, PaymentMethod.PAYROLL, PaymentMethod.NONE, PaymentMethod.VOUCHERS]


def _user(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@demo.withus.local").first()


def build_payments(*, trust) -> dict:
    finance = _user("finance")
    for code, name, unit, old, new in RATES:
        for effective_from, amount in ((OLD_FROM, old), (NEW_FROM, new)):
            Rate.objects.get_or_create(
                organisation=trust,
                activity_code=code,
                effective_from=effective_from,
                defaults={
                    "name": name,
                    "unit": unit,
                    "amount": Decimal(amount),
                    "note": RATE_NOTE,
                    "created_by": finance,
                },
            )
    for benefit, period, amount, effective_from, source in REFERENCES:
        BenefitReference.objects.get_or_create(
            organisation=trust,
            benefit=benefit,
            effective_from=effective_from,
            defaults={"period": period, "amount": Decimal(amount), "source": source},
        )
    settings_for(trust.pk)
    people = {
        person.full_name: person
        for person in Person.objects.filter(
            organisation=trust,
            kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER],
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.WELCOME],
        ).order_by("full_name")
    }
    amara, ben = people.get("Amara Bello"), people.get("Ben Hughes")
    _preferences_and_limits(trust, people, amara, ben)
    lead, amara_user, ben_user = _user("lead"), _user("amara"), _user("ben")
    if not (finance and lead and amara and ben and amara_user and ben_user):
        return {"claims_created": 0}
    if Claim.objects.filter(organisation=trust).exists():
        return {"claims_created": 0}
    return {"claims_created": _claims(trust, people, amara, ben, finance, lead)}


def _preferences_and_limits(trust, people, amara, ben) -> None:
    today = timezone.localdate()
    chosen = {}
    if amara:
        chosen[amara] = (PaymentMethod.PAYROLL, "P104733", "")
    if ben:
        chosen[ben] = (PaymentMethod.VOUCHERS, "", "")
    others = [person for name, person in people.items() if person not in (amara, ben)]
    for index, person in enumerate(others[:16]):
        method = OTHER_METHODS[index % len(OTHER_METHODS)]
        chosen[person] = (
            method,
            f"P10{index + 4800}" if method == PaymentMethod.PAYROLL else "",
            f"S-{index + 2210}" if method == PaymentMethod.SUPPLIER else "",
        )
    # Once seeded, leave the preferences alone: later parts of the demo pause people (support), which changes who
    # "the first sixteen others" are, and running the demo again must change nothing.
    seeded = PaymentPreference.objects.filter(organisation=trust).exists()
    for person, (method, payroll, supplier) in chosen.items():
        if seeded or PaymentPreference.objects.filter(person=person).exists():
            continue
        PaymentPreference.objects.create(
            organisation=trust,
            person=person,
            method=method,
            payroll_number=payroll,
            supplier_number=supplier,
            chosen_on=today - datetime.timedelta(days=200),
            benefits_advice_offered_on=today - datetime.timedelta(days=200),
        )
    if amara and not EarningsLimit.objects.filter(person=amara).exists():
        EarningsLimit.objects.create(
            organisation=trust,
            person=amara,
            benefit="ESA permitted earnings (the amount I chose with my adviser)",
            period=LimitPeriod.WEEK,
            amount=Decimal("45.00"),
        )
    if ben and not EarningsLimit.objects.filter(person=ben).exists():
        EarningsLimit.objects.create(
            organisation=trust,
            person=ben,
            benefit="Carer's Allowance earnings limit",
            period=LimitPeriod.WEEK,
            amount=Decimal("196.00"),
        )


def _receipt() -> bytes:
    image = Image.new("RGB", (360, 220), "white")
    draw = ImageDraw.Draw(image)
    for line, text in enumerate(["RIVERSIDE BUSES", "Day return, zone 1-2", "Adult  £4.80", "Thank you"]):
        draw.text((20, 20 + 40 * line), text, fill="black")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _records(person: Person, *, source_type=None, limit=None) -> list[InvolvementRecord]:
    records = unclaimed_records(person)
    if source_type:
        records = records.filter(source_type=source_type)
    records = list(records.order_by("date", "created_at"))
    return records[:limit] if limit else records


def _claim(person, records, actor, *, submitted_by=None):
    if not records:
        return None
    # A lead (or finance, keying in a paper claim) acts for the person, who agreed: an on-behalf record.
    claim = claim_create(person=person, record_ids=[record.pk for record in records], actor=actor, person_agreed=True)
    if claim.total == 0:
        # Someone who chose no payment still has their expenses paid back.
        claim_add_expense(
            claim=claim,
            category="travel",
            date=records[0].date,
            description="Bus fare to the meeting and back",
            amount="4.80",
            receipt_data=_receipt(),
            actor=actor,
        )
    if submitted_by is False:
        return claim
    return claim_submit(claim=claim, actor=submitted_by or actor, person_agreed=True)


def _payable_and_without_a_route(trust, others: list[Person]) -> tuple[list[Person], Person | None]:
    """A claim is approved only when the person has a way to be paid (issue 16): the people whose claims are
    approved in the story, and one person with no payment method yet, whose claim finance@ cannot approve."""
    payable = set(
        PaymentPreference.objects.filter(
            organisation=trust,
            method__in=[PaymentMethod.PAYROLL, PaymentMethod.SUPPLIER, PaymentMethod.VOUCHERS],
        ).values_list("person_id", flat=True)
    )
    with_a_preference = set(PaymentPreference.objects.filter(organisation=trust).values_list("person_id", flat=True))
    no_route = next((person for person in others if person.pk not in with_a_preference), None)
    return [person for person in others if person.pk in payable][:10], no_route


def _export_every_route(trust, finance) -> list:
    """One batch for each route with approved claims waiting (payroll, accounts payable, vouchers)."""
    waiting = set(
        Claim.objects.filter(organisation=trust, status=ClaimStatus.APPROVED, batch__isnull=True).values_list(
            "method", flat=True
        )
    )
    expenses_only = settings_for(trust.pk).expenses_only_route
    routes = [route for route in PaymentRoute.values if waiting & set(methods_for_route(route, expenses_only))]
    return [batch_create(organisation=trust, route=route, actor=finance) for route in routes]


def _claim_without_a_route(no_route, lead) -> int:
    """A claim lead@ sent for someone with no way to be paid yet: finance@ sees why it cannot be approved."""
    return 1 if no_route and _claim(no_route, _records(no_route, limit=2), lead, submitted_by=lead) else 0


def _bens_ticket(ben, visit, lead) -> None:
    """The trust bought his train ticket to the visit, so it shows on his claim and is not paid back again."""
    if not Advance.objects.filter(person=ben).exists():
        advance_record(
            person=ben,
            date=visit.date,
            occasion=visit.source_label,
            category="travel",
            how=AdvanceHow.BOUGHT_BY_TRUST,
            description="Return train ticket to Marsh Halt",
            amount="23.40",
            actor=lead,
        )


def _bens_busy_week(trust, ben, lead, today) -> list[InvolvementRecord]:
    """A training day, an accreditation visit and a forum meeting in one week: more than his weekly limit."""
    monday = today - datetime.timedelta(days=today.weekday())
    days = [max(monday, today - datetime.timedelta(days=2)), max(monday, today - datetime.timedelta(days=1))]
    records = []
    for day, code, hours, label, key in (
        (days[0], "staff-training", Decimal(7), "Co-delivering carer awareness training: full day", "training"),
        (days[1], "accreditation", Decimal(4), "Accreditation visit to Cedar Ward", "accreditation"),
        (days[1], "board-committee", Decimal(2), "Carers' forum meeting", "forum"),
    ):
        source_key = f"demo-payments:ben-busy-week-{key}"
        record = InvolvementRecord.objects.filter(person=ben, source_key=source_key).first()
        if record is None:
            record = involvement_services.involvement_record_create(
                organisation=trust,
                person=ben,
                date=min(day, today),
                kind=InvolvementKind.objects.get(organisation=trust, code=code),
                unit=Unit.objects.filter(organisation=trust, code="CEDAR").first(),
                hours=hours,
                role="Carer member",
                source_type=InvolvementSource.OTHER,
                source_label=label,
                source_key=source_key,
                actor=lead,
            )
        records.append(record)
    return records


def _claims(trust, people, amara, ben, finance, lead) -> int:  # noqa: C901, PLR0912, PLR0915 - one story, told in order
    today = timezone.localdate()
    created = 0
    amara_user, ben_user = amara.user, ben.user
    supported = set(Person.objects.visible_to(lead).values_list("pk", flat=True))
    others = [
        person
        for person in people.values()
        if person not in (amara, ben) and person.user_id is None and person.pk in supported
    ]
    others = [person for person in others if unclaimed_records(person).exists()]
    others, no_route = _payable_and_without_a_route(trust, others)

    # Batch 1 (paid): Amara's earlier QI project meetings, and claims of others, keyed in by lead@.
    project = _records(amara, source_type=InvolvementSource.PROJECT)
    first = _claim(amara, project[:3], amara_user)
    batch_one = [first] + [_claim(person, _records(person, limit=2), lead, submitted_by=lead) for person in others[2:4]]
    for claim in filter(None, batch_one):
        claim_approve(claim=claim, actor=finance)
        created += 1
    for paid_batch in _export_every_route(trust, finance):
        batch_mark_paid(batch=paid_batch, paid_on=today, reference="BACS run 2026-47", actor=finance)

    # Batch 2 (exported, not yet paid): two more meetings with a bus fare and its receipt, and others' claims.
    second = claim_create(person=amara, record_ids=[record.pk for record in project[3:5]], actor=amara_user)
    claim_add_expense(
        claim=second,
        category="travel",
        date=project[4].date,
        description="Bus to Willow Ward and back",
        amount="4.80",
        receipt_data=_receipt(),
        actor=amara_user,
    )
    second = claim_submit(claim=second, actor=amara_user)
    batch_two = [second] + [
        _claim(person, _records(person, limit=2), lead, submitted_by=lead) for person in others[4:6]
    ]
    for claim in filter(None, batch_two):
        claim_approve(claim=claim, actor=finance)
        created += 1
    _export_every_route(trust, finance)

    # Ben: one not approved (records released), one approved and waiting (and late), one sent by lead@ for him.
    committee = _records(ben, source_type=InvolvementSource.COMMITTEE)
    rejected = _claim(ben, committee[:1], ben_user)
    if rejected:
        claim_reject(
            claim=rejected,
            reason="We could not find this meeting in the minutes. Please check the date and claim again.",
            actor=finance,
        )
        created += 1
    approved = _claim(ben, committee[1:3], ben_user)
    if approved:
        claim_approve(claim=approved, actor=finance)
        created += 1
    # lead@ sends Ben's busy week for him: it takes him over his Carer's Allowance limit (issue 16).
    _bens_ticket(ben, _bens_busy_week(trust, ben, lead, today)[1], lead)
    if _claim(ben, _records(ben), lead, submitted_by=lead):
        created += 1
    created += _claim_without_a_route(no_route, lead)

    # Amara this week: a long project meeting, sent, which brings her close to her weekly limit.
    this_week = max(today - datetime.timedelta(days=today.weekday()), today - datetime.timedelta(days=1))
    kind = InvolvementKind.objects.get(organisation=trust, code="qi-team")
    record = InvolvementRecord.objects.filter(person=amara, source_key="demo-payments:amara-this-week").first()
    if record is None:
        record = involvement_services.involvement_record_create(
            organisation=trust,
            person=amara,
            date=min(this_week, today),
            kind=kind,
            unit=Unit.objects.filter(organisation=trust, code="WILLOW").first(),
            hours=Decimal(3),
            role="Team member",
            source_type=InvolvementSource.PROJECT,
            source_label="Reducing racist incidents on Willow Ward: data day",
            source_key="demo-payments:amara-this-week",
            actor=lead,
        )
    _claim(amara, [record], amara_user)
    created += 1
    # And a draft with what is left, so she can see a claim not sent yet.
    if _claim(amara, _records(amara), amara_user, submitted_by=False):
        created += 1

    # Others: one cancelled, one keyed in by finance@ from a paper form (another approver must approve it),
    # and a few waiting for approval.
    # (The first two people of `others` are kept for these, so they exist however many others there are.)
    special = others[:2]
    if special:
        cancelled = _claim(special[0], _records(special[0], limit=1), lead, submitted_by=lead)
        if cancelled:
            claim_void(claim=cancelled, reason="Sent twice by mistake", actor=lead)
            created += 1
    if len(special) > 1 and _claim(special[1], _records(special[1], limit=2), finance, submitted_by=finance):
        created += 1
    for person in others[6:]:
        if _claim(person, _records(person, limit=2), lead, submitted_by=lead):
            created += 1
    return created
