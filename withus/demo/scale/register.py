"""A scale trust's frame (units, staff, reference data) and its register: people with equality answers, units,
interests, needs, consent and status history. Bulk inserts only."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from withus.accounts.models import Role, RoleAssignment, User
from withus.demo.scale.common import Skewed, TrustWorld, new_id
from withus.demo.world import (
    CONSENT_WORDING,
    FIRST_NAMES,
    INTERESTS,
    NEEDS,
    PRONOUNS,
    STATUS_PATHS,
    STATUS_WEIGHTS,
    SURNAMES,
    UNITS,
)
from withus.involvement.models import InvolvementKind
from withus.organisations.models import Organisation, TrustInformation, Unit, UnitKind
from withus.people.models import (
    AgeBand,
    ConsentDecision,
    ConsentStatement,
    ContactMethod,
    EqualityRecord,
    Interest,
    MembershipStatus,
    MembershipStatusChange,
    Need,
    Person,
    PersonKind,
    PersonUnit,
    Religion,
    Sex,
    SexualOrientation,
    YesNo,
    digits_only,
)

WARD_NAMES = ["Ash", "Beech", "Elm", "Fir", "Hazel", "Holly", "Juniper", "Larch", "Lime", "Maple", "Oak", "Rowan"]
SMALL_KINDS = [
    ("qi-project", "Quality improvement project", "QI"),
    ("interview-panel", "Interview panel", "PANEL"),
    ("committee", "Committee or board", "COMM"),
    ("training", "Co-delivering training", "TRAIN"),
    ("focus-group", "Focus group", "FOCUS"),
]
# Ethnic categories weighted roughly as an inner-city register: most answered, some not stated or not known.
ETHNIC_WEIGHTS = {"A": 40, "C": 8, "H": 6, "J": 5, "K": 6, "M": 5, "N": 7, "R": 2, "S": 3, "F": 2, "Z": 6, "99": 10}


def trust_frame(world: TrustWorld, *, reuse_existing: bool) -> None:
    """Units, staff sign-ins and involvement kinds. The demo trust keeps its own and gets more units and staff."""
    trust, rng = world.organisation, world.rng
    existing_units = list(Unit.objects.for_organisation(trust.pk).order_by("code"))
    if not reuse_existing:
        TrustInformation.objects.get_or_create(organisation=trust)
        parents = _directorates_and_services(world)
    else:
        parents = [unit for unit in existing_units if unit.kind == UnitKind.SERVICE]
    new_units = []
    for number in range(world.sizes.units):
        parent = parents[number % len(parents)]
        unit = Unit(
            id=new_id(rng),
            organisation=trust,
            parent=parent,
            kind=UnitKind.WARD if number % 3 else UnitKind.TEAM,
            code=f"S{number:04d}",
            name=f"{WARD_NAMES[number % len(WARD_NAMES)]} {'Ward' if number % 3 else 'Team'} {number + 1}",
            depth=parent.depth + 1,
        )
        unit.path = f"{parent.path}{unit.pk.hex}/"
        new_units.append(unit)
    Unit.objects.bulk_create(new_units)
    leaves = [unit for unit in existing_units if unit.kind in {UnitKind.WARD, UnitKind.TEAM}] + new_units
    rng.shuffle(leaves)
    world.units = leaves
    _staff(world)
    if reuse_existing:
        world.kinds = list(InvolvementKind.objects.filter(organisation=trust).order_by("position", "code"))
    if not world.kinds:
        world.kinds = InvolvementKind.objects.bulk_create(
            [
                InvolvementKind(
                    organisation=trust, code=code, name=name, payment_activity_code=activity, position=position
                )
                for position, (code, name, activity) in enumerate(SMALL_KINDS)
            ]
        )


def _directorates_and_services(world: TrustWorld) -> list[Unit]:
    created: dict[str, Unit] = {}
    rows = []
    for code, name, kind, parent_code in UNITS:
        if kind not in {UnitKind.DIRECTORATE, UnitKind.SERVICE}:
            continue
        parent = created.get(parent_code) if parent_code else None
        unit = Unit(id=new_id(world.rng), organisation=world.organisation, parent=parent, kind=kind, code=code)
        unit.name = name
        unit.path = f"{parent.path if parent else '/'}{unit.pk.hex}/"
        unit.depth = parent.depth + 1 if parent else 0
        created[code] = unit
        rows.append(unit)
    Unit.objects.bulk_create(rows)
    return [unit for unit in rows if unit.kind == UnitKind.SERVICE]


def _staff(world: TrustWorld) -> None:
    """Staff-side sign-ins with unusable passwords: the people who record, submit, approve and organise."""
    trust, rng = world.organisation, world.rng
    slug = f"t{trust.pk.hex[:8]}"
    users, roles = [], []
    first_number = User.objects.filter(organisation=trust, email__endswith=".scale.withus.local").count()
    cycle = [Role.STAFF, Role.STAFF, Role.PARTICIPATION_LEAD, Role.IMPROVEMENT_ADVISOR, Role.FINANCE_APPROVER]
    for number in range(first_number, first_number + world.sizes.staff):
        role = cycle[number % len(cycle)]
        user = User(
            id=new_id(rng),
            email=f"staff{number}@{slug}.scale.withus.local",
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            organisation=trust,
            password=UNUSABLE_PASSWORD_PREFIX,  # these accounts are named on rows; they never sign in
        )
        users.append(user)
        unit = world.units[number % len(world.units)] if role in {Role.STAFF, Role.PARTICIPATION_LEAD} else None
        roles.append(RoleAssignment(organisation=trust, user=user, role=role, unit=unit))
        (world.approvers if role == Role.FINANCE_APPROVER else world.staff).append(user)
    User.objects.bulk_create(users)
    RoleAssignment.objects.bulk_create(roles)


def register(world: TrustWorld) -> None:
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    interests = _reference(trust, Interest, [{"name": name} for name in INTERESTS])
    needs = _reference(trust, Need, [{"name": name, "category": category} for name, category in NEEDS])
    statements = {
        topic: ConsentStatement.objects.get_or_create(
            organisation=trust,
            topic=topic,
            version="1.0",
            defaults={"wording": wording, "effective_from": datetime.date(2024, 4, 1)},
        )[0]
        for topic, wording in CONSENT_WORDING.items()
    }
    unit_picker = Skewed(world.units)
    statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]
    kinds = [PersonKind.SERVICE_USER] * 6 + [PersonKind.CARER] * 3 + [PersonKind.STAFF]
    ethnic = Skewed(sorted(ETHNIC_WEIGHTS, key=ETHNIC_WEIGHTS.get, reverse=True), exponent=0.9)
    leads = world.staff or [None]
    first_number = Person.objects.filter(organisation=trust).count()
    for number in range(first_number, first_number + world.sizes.people):
        first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        status = rng.choice(statuses)
        phone = f"07700 9{rng.randint(0, 99_999):05d}"
        person = add(
            Person(
                id=new_id(rng),
                organisation=trust,
                kind=rng.choice(kinds),
                full_name=f"{first} {surname}",
                preferred_name=first if rng.random() < 0.1 else "",
                pronouns=rng.choice(PRONOUNS),
                email=f"{first}.{surname}.{number}@example.org".lower().replace("'", ""),
                phone=phone,
                phone_digits=digits_only(phone),
                preferred_contact=rng.choice([ContactMethod.EMAIL] * 5 + [ContactMethod.PHONE, ContactMethod.TEXT]),
                status=status,
                status_changed_at=world.moment(rng.randint(0, 900)),
                participation_lead=rng.choice(leads),
            )
        )
        world.people.append(person)
        if status != MembershipStatus.ENQUIRY:
            for unit in {unit_picker.pick(rng) for _ in range(rng.choice([1, 1, 1, 2]))}:
                add(PersonUnit(person=person, unit=unit))
        for interest in set(rng.sample(interests, k=rng.choice([0, 1, 2, 2, 3]))):
            add(Person.interests.through(person=person, interest=interest))
        for need in set(rng.sample(needs, k=rng.choice([0, 0, 0, 1, 2]))):
            add(Person.needs.through(person=person, need=need))
        _equality(world, person, ethnic)
        _history(world, person, statements)
    world.inserter.flush()
    # Most involvement comes from a few very active people: order them so the skewed picks favour the first.
    rng.shuffle(world.people)


def _reference(trust: Organisation, model, rows: list[dict]) -> list:
    existing = {row.name: row for row in model.objects.filter(organisation=trust)}
    missing = [model(organisation=trust, **row) for row in rows if row["name"] not in existing]
    model.objects.bulk_create(missing)
    return sorted([*existing.values(), *missing], key=lambda row: row.name)


def _equality(world: TrustWorld, person: Person, ethnic: Skewed) -> None:
    rng = world.rng
    if rng.random() < 0.15:  # some never answer the equality questions at all
        return
    world.inserter.add(
        EqualityRecord(
            organisation=world.organisation,
            person=person,
            ethnic_category=ethnic.pick(rng),
            age_band=rng.choice(AgeBand.values),
            sex=rng.choice(Sex.values),
            gender_same_as_at_birth=rng.choice([YesNo.YES] * 8 + [YesNo.NO, YesNo.PREFER_NOT]),
            sexual_orientation=rng.choice(SexualOrientation.values),
            disability=rng.choice([YesNo.YES, YesNo.YES, YesNo.NO, YesNo.NO, YesNo.NO, YesNo.PREFER_NOT]),
            religion=rng.choice(Religion.values),
            marital_status="",
            pregnancy_or_maternity="",
        )
    )


def _history(world: TrustWorld, person: Person, statements: dict) -> None:
    rng, add = world.rng, world.inserter.add
    previous = ""
    for status in STATUS_PATHS[person.status]:
        add(
            MembershipStatusChange(
                organisation=world.organisation,
                person=person,
                from_status=previous or MembershipStatus.ENQUIRY,
                to_status=status,
                reason="Bulk-loaded scale data",
                changed_by=person.participation_lead,
            )
        )
        previous = status
    for topic, statement in statements.items():
        if rng.random() < 0.9:
            add(
                ConsentDecision(
                    organisation=world.organisation,
                    person=person,
                    statement=statement,
                    agreed=rng.random() > 0.03 or topic == "data",
                    decided_on=world.days_ago(rng.randint(30, 900)),
                )
            )
