"""The demo trust: Riverside and Marsh NHS Foundation Trust (fictional). One coherent world, built idempotently.

Later features add to this world; keep names and facts consistent (see shared/product/demo-personas.md).
"""

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, RoleAssignment, User
from withus.demo.accounts_world import build_directory_sign_in
from withus.demo.accreditation_world import build_accreditation
from withus.demo.api_world import build_api
from withus.demo.assisted_world import build_assisted, build_assisted_survey
from withus.demo.governance_world import build_governance
from withus.demo.ideas_world import build_ideas
from withus.demo.improvement_world import build_improvement_world
from withus.demo.languages_world import build_languages
from withus.demo.learning_world import build_learning
from withus.demo.notifications_world import build_notifications
from withus.demo.opportunities_world import build_opportunities
from withus.demo.payments_world import build_payments
from withus.demo.reports_world import build_reports
from withus.demo.stories_world import build_stories
from withus.demo.support_world import build_support
from withus.demo.text_sign_in_world import build_text_sign_in
from withus.demo.trust_ready_world import build_trust_ready
from withus.organisations.models import Organisation, Unit, UnitKind
from withus.organisations.services import organisation_create, unit_create
from withus.people import services as people_services
from withus.people.models import (
    ConsentDecision,
    ConsentStatement,
    ConsentTopic,
    ContactMethod,
    EqualityRecord,
    Interest,
    MembershipStatus,
    MembershipStatusChange,
    Need,
    NeedCategory,
    Person,
    PersonKind,
)

TRUST_NAME = "Riverside and Marsh NHS Foundation Trust"
DEMO_DOMAIN = "demo.withus.local"
DEMO_PASSWORD = "withus-demo"  # noqa: S105 - published demo password, only with WITHUS_DEMO=1

# (code, name, kind, parent code)
UNITS = [
    ("RMH", "Riverside Mental Health", UnitKind.DIRECTORATE, None),
    ("RMH-ACUTE", "Adult Acute Inpatient Services", UnitKind.SERVICE, "RMH"),
    ("WILLOW", "Willow Ward", UnitKind.WARD, "RMH-ACUTE"),
    ("CEDAR", "Cedar Ward", UnitKind.WARD, "RMH-ACUTE"),
    ("RMH-OLDER", "Older Adults Mental Health", UnitKind.SERVICE, "RMH"),
    ("BIRCH", "Birch Ward", UnitKind.WARD, "RMH-OLDER"),
    ("RMH-REHAB", "Rehabilitation Services", UnitKind.SERVICE, "RMH"),
    ("HAWTHORN", "Hawthorn House", UnitKind.WARD, "RMH-REHAB"),
    ("RMH-COMM", "Community Mental Health Services", UnitKind.SERVICE, "RMH"),
    ("CMHT-N", "Riverside CMHT North", UnitKind.TEAM, "RMH-COMM"),
    ("CMHT-S", "Riverside CMHT South", UnitKind.TEAM, "RMH-COMM"),
    ("CRISIS", "Crisis Resolution Team", UnitKind.TEAM, "RMH-COMM"),
    ("EIP", "Early Intervention in Psychosis", UnitKind.TEAM, "RMH-COMM"),
    ("MCH", "Marsh Community Health", UnitKind.DIRECTORATE, None),
    ("MCH-ADULT", "Adult Community Services", UnitKind.SERVICE, "MCH"),
    ("DN", "Marsh District Nursing", UnitKind.TEAM, "MCH-ADULT"),
    ("MCH-REHAB", "Marsh Community Rehabilitation Team", UnitKind.TEAM, "MCH-ADULT"),
    ("MCH-CHILD", "Children's Services", UnitKind.SERVICE, "MCH"),
    ("CHILD-TH", "Marsh Children's Therapies", UnitKind.TEAM, "MCH-CHILD"),
    ("SPEC", "Specialist Services", UnitKind.DIRECTORATE, None),
    ("SPEC-MH", "Specialist Mental Health Services", UnitKind.SERVICE, "SPEC"),
    ("PERINATAL", "Perinatal Team", UnitKind.TEAM, "SPEC-MH"),
    ("EDS", "Eating Disorders Service", UnitKind.TEAM, "SPEC-MH"),
    ("ADDICT", "Specialist Addictions Service", UnitKind.TEAM, "SPEC-MH"),
]

INTERESTS = [
    "Quality improvement projects",
    "Recruitment interview panels",
    "Co-delivering staff training",
    "Accreditation visits",
    "Board and committees",
    "Telling my story",
    "Peer support",
    "Research",
]

NEEDS = [
    ("Large print", NeedCategory.COMMUNICATION),
    ("Easy read", NeedCategory.COMMUNICATION),
    ("British Sign Language interpreter", NeedCategory.COMMUNICATION),
    ("Spoken language interpreter", NeedCategory.COMMUNICATION),
    ("Hearing loop", NeedCategory.COMMUNICATION),
    ("Step-free access", NeedCategory.ACCESS),
    ("Accessible toilet", NeedCategory.ACCESS),
    ("Quiet room", NeedCategory.ACCESS),
    ("Brings a supporter", NeedCategory.SUPPORT),
    ("Regular breaks", NeedCategory.SUPPORT),
    ("A pre-meeting before events", NeedCategory.SUPPORT),
    ("Travel booked for them", NeedCategory.SUPPORT),
]

# Named needs that are Accessible Information Standard communication needs: the demo records them as structured
# needs on the person (ADR 41), never as named needs. They stay in NEEDS so the random draws stay as they were.
AIS_NEEDS = {
    "Large print": "large_print",
    "Easy read": "easy_read",
    "British Sign Language interpreter": "bsl",
    "Spoken language interpreter": "spoken_language",
}
INTERPRETER_LANGUAGES = ["Bengali", "Urdu", "Somali", "Turkish", "Polish"]

CONSENT_WORDING = {
    ConsentTopic.CONTACT: "I agree that the People Participation team may contact me about opportunities to be "
    "involved, in the way I prefer. I can ask them to stop at any time.",
    ConsentTopic.DATA: "I agree that the trust may keep my details in WithUs to involve me, support me and pay me. "
    "Only people who need to see them can. I can see, correct or withdraw them at any time, "
    "and this does not affect my care.",
}


@dataclass(frozen=True)
class DemoSignIn:
    local_part: str
    full_name: str
    role: Role
    unit_code: str | None = None


SIGN_INS = [
    DemoSignIn("admin", "Sam Okafor", Role.ADMINISTRATOR),
    DemoSignIn("lead", "Priya Shah", Role.PARTICIPATION_LEAD, "RMH"),
    DemoSignIn("qi", "Tom Reilly", Role.IMPROVEMENT_ADVISOR),
    DemoSignIn("finance", "Grace Mensah", Role.FINANCE_APPROVER),
    DemoSignIn("staff", "Dr Ellen Park", Role.STAFF, "WILLOW"),
    DemoSignIn("board", "Margaret Osei", Role.BOARD_MEMBER),
    DemoSignIn("amara", "Amara Bello", Role.PARTICIPANT),
    DemoSignIn("ben", "Ben Hughes", Role.PARTICIPANT),
    DemoSignIn("chen", "Chen Li", Role.PARTICIPANT),
]

FIRST_NAMES = [
    "Aisha",
    "Bilal",
    "Chloe",
    "Dev",
    "Efua",
    "Fatima",
    "George",
    "Hannah",
    "Imran",
    "Jade",
    "Kwame",
    "Leah",
    "Mohammed",
    "Niamh",
    "Olu",
    "Precious",
    "Rhys",
    "Sadia",
    "Tariq",
    "Una",
    "Victor",
    "Winston",
    "Yasmin",
    "Zainab",
    "Adebayo",
    "Bronwen",
    "Callum",
    "Delroy",
    "Esther",
    "Farah",
    "Grace",
    "Hamza",
    "Ioana",
    "Jamal",
    "Kezia",
    "Luca",
    "Marcia",
    "Nadia",
    "Oscar",
    "Parveen",
    "Rosa",
    "Shanice",
    "Tomasz",
    "Uchenna",
    "Valerie",
    "Wei",
    "Xavier",
    "Yusuf",
    "Zofia",
    "Anil",
    "Beatrice",
    "Carlos",
    "Dorothy",
    "Emeka",
]
SURNAMES = [
    "Ahmed",
    "Baptiste",
    "Campbell",
    "Das",
    "Evans",
    "Francis",
    "Ghosh",
    "Hussain",
    "Iqbal",
    "Johnson",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rahman",
    "Santos",
    "Thompson",
    "Uddin",
    "Varga",
    "Williams",
    "Xu",
    "Young",
    "Zaman",
    "Adeyemi",
    "Begum",
    "Clarke",
    "Douglas",
    "Edwards",
    "Fernandes",
    "Grant",
    "Hall",
    "Ibrahim",
    "James",
    "Khan",
    "Lopez",
    "Murphy",
    "Nwosu",
    "Okonkwo",
    "Popescu",
    "Reid",
    "Singh",
    "Taylor",
    "Umar",
    "Walker",
    "Yilmaz",
]
PRONOUNS = ["she/her", "he/him", "they/them", "", "", ""]
STATUS_WEIGHTS = [
    (MembershipStatus.ACTIVE, 30),
    (MembershipStatus.ENQUIRY, 8),
    (MembershipStatus.WELCOME, 7),
    (MembershipStatus.PAUSED, 6),
    (MembershipStatus.LEFT, 5),
]
STATUS_PATHS = {
    MembershipStatus.ENQUIRY: [],
    MembershipStatus.WELCOME: [MembershipStatus.WELCOME],
    MembershipStatus.ACTIVE: [MembershipStatus.WELCOME, MembershipStatus.ACTIVE],
    MembershipStatus.PAUSED: [MembershipStatus.WELCOME, MembershipStatus.ACTIVE, MembershipStatus.PAUSED],
    MembershipStatus.LEFT: [MembershipStatus.WELCOME, MembershipStatus.ACTIVE, MembershipStatus.LEFT],
}
STATUS_REASONS = {
    MembershipStatus.WELCOME: "Welcome conversation booked with the People Participation team",
    MembershipStatus.ACTIVE: "Welcome conversation held; involvement agreement signed",
    MembershipStatus.PAUSED: "Taking a break for personal reasons; asked us to check in after three months",
    MembershipStatus.LEFT: "Moved out of the area and said goodbye",
}
ETHNIC_CODES = [
    "A",
    "A",
    "A",
    "B",
    "C",
    "C",
    "D",
    "E",
    "F",
    "H",
    "H",
    "J",
    "K",
    "K",
    "L",
    "M",
    "M",
    "N",
    "N",
    "P",
    "R",
    "S",
    "Z",
]


class DemoRefused(Exception):
    """Raised when the demo would be loaded where it must not be."""


def refuse_in_production() -> None:
    if getattr(settings, "WITHUS_ENVIRONMENT", "") == "production":
        raise DemoRefused("seed_demo refuses to run with production settings: it would add a fictional trust.")


@transaction.atomic
def build_world(*, with_sign_ins: bool, seed: int = 2026) -> dict:
    """Create or top up the demo trust. Running it again changes nothing that is already there."""
    refuse_in_production()
    rng = random.Random(seed)
    trust = Organisation.objects.filter(name=TRUST_NAME).first() or organisation_create(
        name=TRUST_NAME, short_name="Riverside and Marsh", ods_code="RXX"
    )
    units = _units(trust)
    interests = {name: Interest.objects.get_or_create(organisation=trust, name=name)[0] for name in INTERESTS}
    needs = {
        name: AIS_NEEDS.get(name)
        or Need.objects.get_or_create(organisation=trust, name=name, defaults={"category": category})[0]
        for name, category in NEEDS
    }
    for topic, wording in CONSENT_WORDING.items():
        ConsentStatement.objects.get_or_create(
            organisation=trust,
            topic=topic,
            version="1.0",
            defaults={"wording": wording, "effective_from": datetime.date(2024, 4, 1)},
        )
    users = _sign_ins(trust, units) if with_sign_ins else {}
    created = _named_people(trust, units, interests, needs, users, rng)
    created += _register(trust, units, interests, needs, rng)
    build_text_sign_in(trust=trust, units=units, with_sign_ins=with_sign_ins)
    # Later features add their part of the world below, each idempotent, each with its own random stream.
    build_improvement_world(trust=trust, units=units)
    build_opportunities(trust=trust)
    build_payments(trust=trust)
    build_learning(trust=trust)
    build_governance(trust=trust)
    build_trust_ready(trust=trust, users=users)
    build_notifications(trust=trust)
    build_accreditation(trust=trust)
    build_languages(trust=trust)
    build_assisted(trust=trust, users=users)
    build_stories(trust=trust)
    build_ideas(trust=trust)
    build_support(trust=trust)
    build_assisted_survey(trust=trust, users=users)
    build_api(trust=trust)
    build_directory_sign_in(trust=trust)
    build_reports(trust=trust)
    return {"organisation": trust, "people_created": created, "sign_ins": sorted(users)}


def _units(trust: Organisation) -> dict[str, Unit]:
    existing = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    for code, name, kind, parent_code in UNITS:
        if code not in existing:
            existing[code] = unit_create(
                organisation=trust,
                name=name,
                code=code,
                kind=kind,
                parent=existing[parent_code] if parent_code else None,
            )
    return existing


def _sign_ins(trust: Organisation, units: dict[str, Unit]) -> dict[str, User]:
    users = {}
    for sign_in in SIGN_INS:
        email = f"{sign_in.local_part}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=sign_in.full_name, organisation=trust)
        elif not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # Demo addresses receive no mail: they count as verified, so the demo sign-ins work at once.
        EmailAddress.objects.filter(user=user, email=email).update(verified=True)
        unit = units[sign_in.unit_code] if sign_in.unit_code else None
        RoleAssignment.objects.get_or_create(organisation=trust, user=user, role=sign_in.role, unit=unit)
        users[sign_in.local_part] = user
    return users


def _backdate_history(person: Person, start: datetime.datetime, rng: random.Random) -> None:
    """Spread a person's status history over time, so the demo reads like two real years."""
    moment = start
    for change in person.status_changes.order_by("created_at"):
        MembershipStatusChange.objects.filter(pk=change.pk).update(created_at=moment)
        moment += datetime.timedelta(days=rng.randint(10, 120))
    ConsentDecision.objects.filter(person=person).update(decided_on=start.date())
    last = person.status_changes.order_by("-created_at").first()
    Person.objects.filter(pk=person.pk).update(status_changed_at=last.created_at, created_at=start)


def _add_person(
    trust,
    *,
    values: dict,
    relations: dict,
    status: MembershipStatus,
    consents: list[str],
    started: datetime.datetime,
    rng: random.Random,
    user: User | None = None,
    equality: dict | None = None,
) -> Person:
    statements = people_services.current_consent_statements(trust)
    person = people_services.person_create(
        organisation=trust,
        details=people_services.PersonDetails(values=values, relations=relations),
        actor=None,
        consents=[statements[topic] for topic in consents if topic in statements],
    )
    if user is not None:
        Person.objects.filter(pk=person.pk).update(user=user)
    for step in STATUS_PATHS[status]:
        people_services.person_change_status(person=person, to_status=step, reason=STATUS_REASONS[step], actor=None)
    _backdate_history(person, started, rng)
    if equality is not None:
        people_services.equality_record_save(person=person, values=equality, actor=None)
    return person


def _random_equality(rng: random.Random) -> dict:
    return {
        "ethnic_category": rng.choice(ETHNIC_CODES),
        "age_band": rng.choice(["18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus", "prefer_not"]),
        "sex": rng.choice(["female", "male", "female", "male", "prefer_not"]),
        "gender_same_as_at_birth": rng.choice(["yes", "yes", "yes", "yes", "no", "prefer_not"]),
        "sexual_orientation": rng.choice(
            ["heterosexual", "heterosexual", "heterosexual", "gay_lesbian", "bisexual", "prefer_not"]
        ),
        "disability": rng.choice(["yes", "no", "no", "prefer_not"]),
        "religion": rng.choice(["none", "christian", "muslim", "hindu", "sikh", "jewish", "buddhist", "prefer_not"]),
        "marital_status": rng.choice(["single", "married", "divorced", "separated", "widowed", "prefer_not"]),
        "pregnancy_or_maternity": rng.choice(["no", "no", "no", "prefer_not", ""]),
    }


def _named_people(trust, units, interests, needs, users, rng) -> int:
    """The people in the demo's story, who have sign-ins (when the demo is enabled)."""
    now = timezone.now()
    created = 0
    story = [
        {
            "values": {
                "kind": PersonKind.SERVICE_USER,
                "full_name": "Amara Bello",
                "preferred_name": "Amara",
                "pronouns": "she/her",
                "email": f"amara@{DEMO_DOMAIN}",
                "phone": "07700 900123",
                "preferred_contact": ContactMethod.EMAIL,
                "communication_notes": "Prefers written information sent a few days before meetings.",
                "communication_needs": ["large_print"],
                "support_notes": "Likes a short pre-meeting with the chair before committee meetings.",
                "agreement_signed_on": (now - datetime.timedelta(days=700)).date(),
            },
            "relations": {
                "units": [units["WILLOW"]],
                "needs": [needs["A pre-meeting before events"]],
                "interests": [
                    interests["Quality improvement projects"],
                    interests["Recruitment interview panels"],
                    interests["Telling my story"],
                ],
            },
            "status": MembershipStatus.ACTIVE,
            "started": now - datetime.timedelta(days=740),
            "user": "amara",
            "equality": {
                "ethnic_category": "N",
                "age_band": "35_44",
                "sex": "female",
                "gender_same_as_at_birth": "yes",
                "sexual_orientation": "prefer_not",
                "disability": "yes",
                "religion": "christian",
                "marital_status": "single",
                "pregnancy_or_maternity": "no",
            },
        },
        {
            "values": {
                "kind": PersonKind.CARER,
                "full_name": "Ben Hughes",
                "preferred_name": "Ben",
                "pronouns": "he/him",
                "email": f"ben@{DEMO_DOMAIN}",
                "phone": "07700 900456",
                "preferred_contact": ContactMethod.PHONE,
                "communication_notes": "Works shifts: phone after 4pm.",
                "support_notes": "Carer for his son; may need to leave at short notice.",
                "agreement_signed_on": (now - datetime.timedelta(days=420)).date(),
            },
            "relations": {
                "units": [units["EIP"]],
                "needs": [needs["Hearing loop"]],
                "interests": [interests["Board and committees"], interests["Peer support"]],
            },
            "status": MembershipStatus.ACTIVE,
            "started": now - datetime.timedelta(days=450),
            "user": "ben",
            "equality": {
                "ethnic_category": "A",
                "age_band": "45_54",
                "sex": "male",
                "gender_same_as_at_birth": "yes",
                "sexual_orientation": "heterosexual",
                "disability": "no",
                "religion": "none",
                "marital_status": "divorced",
                "pregnancy_or_maternity": "",
            },
        },
        {
            "values": {
                "kind": PersonKind.SERVICE_USER,
                "full_name": "Chen Li",
                "preferred_name": "",
                "pronouns": "they/them",
                "email": f"chen@{DEMO_DOMAIN}",
                "phone": "",
                "preferred_contact": ContactMethod.EMAIL,
                "communication_notes": "",
                "support_notes": "Would like to bring a friend to the first meeting.",
            },
            "relations": {
                "needs": [needs["Brings a supporter"]],
                "interests": [interests["Quality improvement projects"]],
            },
            "status": MembershipStatus.ENQUIRY,
            "started": now - datetime.timedelta(days=3),
            "user": "chen",
            "equality": None,
        },
        {
            "values": {
                "kind": PersonKind.STAFF,
                "full_name": "Ellen Park",
                "preferred_name": "Dr Ellen Park",
                "pronouns": "she/her",
                "email": f"staff@{DEMO_DOMAIN}",
                "phone": "020 7946 0321",
                "preferred_contact": ContactMethod.EMAIL,
            },
            "relations": {
                "units": [units["WILLOW"]],
                "champion_units": [units["WILLOW"]],
                "interests": [interests["Quality improvement projects"]],
            },
            "status": MembershipStatus.ACTIVE,
            "started": now - datetime.timedelta(days=800),
            "user": "staff",
            "equality": None,
        },
    ]
    for entry in story:
        person = Person.objects.filter(organisation=trust, full_name=entry["values"]["full_name"]).first()
        user = users.get(entry["user"])
        if person is None:
            consents = [ConsentTopic.CONTACT, ConsentTopic.DATA]
            person = _add_person(
                trust,
                values=entry["values"],
                relations=entry["relations"],
                status=entry["status"],
                consents=consents,
                started=entry["started"],
                rng=rng,
                user=user,
                equality=entry["equality"],
            )
            created += 1
        elif user is not None and person.user_id is None:
            Person.objects.filter(pk=person.pk).update(user=user)
    return created


def _register(trust, units, interests, needs, rng, *, size: int = 58) -> int:
    """The rest of the register: varied kinds, statuses, needs, units, consent and equality records."""
    if Person.objects.filter(organisation=trust).count() >= size:
        return 0
    now = timezone.now()
    teams = [unit for unit in units.values() if unit.kind in {UnitKind.WARD, UnitKind.TEAM}]
    # Some wards have not started any involvement yet (the spread page shows them).
    quiet = {"CEDAR", "ADDICT", "MCH-REHAB"}
    teams = [unit for unit in teams if unit.code not in quiet]
    statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]
    created = 0
    names = set(Person.objects.filter(organisation=trust).values_list("full_name", flat=True))
    while Person.objects.filter(organisation=trust).count() < size:
        full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if full_name in names:
            continue
        names.add(full_name)
        kind = rng.choice([PersonKind.SERVICE_USER] * 6 + [PersonKind.CARER] * 3 + [PersonKind.STAFF])
        status = rng.choice(statuses)
        local = full_name.lower().replace(" ", ".").replace("'", "")
        method = rng.choice(
            [ContactMethod.EMAIL] * 5 + [ContactMethod.PHONE] * 2 + [ContactMethod.TEXT, ContactMethod.LETTER]
        )
        values = {
            "kind": kind,
            "full_name": full_name,
            "pronouns": rng.choice(PRONOUNS),
            "email": f"{local}@example.org" if method != ContactMethod.LETTER or rng.random() < 0.5 else "",
            "phone": f"07700 900{rng.randint(100, 999)}",
            "postal_address": f"{rng.randint(1, 120)} Marsh Lane\nRiverside\nRV{rng.randint(1, 9)} 4AB"
            if method == ContactMethod.LETTER
            else "",
            "preferred_contact": method,
            "communication_notes": rng.choice(
                [
                    "",
                    "",
                    "Prefers large print letters.",
                    "English is a second language; an interpreter helps in meetings.",
                    "Finds phone calls hard: text or e-mail please.",
                ]
            ),
            "support_notes": rng.choice(
                [
                    "",
                    "",
                    "Needs a break every hour.",
                    "Brings a support worker.",
                    "Prefers afternoon meetings.",
                ]
            ),
        }
        if status in {MembershipStatus.ACTIVE, MembershipStatus.PAUSED, MembershipStatus.LEFT}:
            values["agreement_signed_on"] = (now - datetime.timedelta(days=rng.randint(30, 700))).date()
        # Drawn in the same order as ever (units, needs, interests), so the rest of the demo is unchanged.
        chosen_units = rng.sample(teams, k=rng.choice([0, 1, 1, 1, 2])) if status != MembershipStatus.ENQUIRY else []
        drawn = rng.sample(list(needs.values()), k=rng.choice([0, 0, 1, 1, 2]))
        values["communication_needs"] = [need for need in drawn if isinstance(need, str)]
        if "spoken_language" in values["communication_needs"]:
            values["communication_language"] = INTERPRETER_LANGUAGES[len(full_name) % len(INTERPRETER_LANGUAGES)]
        relations = {
            "units": chosen_units,
            "needs": [need for need in drawn if not isinstance(need, str)],
            "interests": rng.sample(list(interests.values()), k=rng.choice([1, 2, 2, 3])),
        }
        if kind == PersonKind.STAFF and relations["units"] and rng.random() < 0.6:
            relations["champion_units"] = relations["units"][:1]
        consents = [topic for topic in (ConsentTopic.CONTACT, ConsentTopic.DATA) if rng.random() < 0.9]
        started = now - datetime.timedelta(days=rng.randint(5, 900))
        equality = _random_equality(rng) if kind != PersonKind.STAFF and rng.random() < 0.8 else None
        person = _add_person(
            trust,
            values=values,
            relations=relations,
            status=status,
            consents=consents,
            started=started,
            rng=rng,
            equality=equality,
        )
        if status == MembershipStatus.LEFT and consents and rng.random() < 0.7:
            people_services.person_record_consent(person=person, topic=ConsentTopic.CONTACT, agreed=False, actor=None)
        created += 1
    if created:
        _a_leaver_withdraws_agreement_to_keep_their_information(trust)
    return created


def _a_leaver_withdraws_agreement_to_keep_their_information(trust) -> None:
    """So the lead (Riverside Mental Health) has a data to-do to agree (issue 14 item 4)."""
    directorate = Unit.objects.get(organisation=trust, code="RMH")
    leaver = (
        Person.objects.filter(organisation=trust, status=MembershipStatus.LEFT)
        .exclude(kind=PersonKind.STAFF)
        .in_units([directorate])
        .with_consent_flags()
        .filter(data_consent=True)
        .order_by("full_name")
        .first()
    )
    if leaver is not None:
        people_services.person_record_consent(person=leaver, topic=ConsentTopic.DATA, agreed=False, actor=None)


def equality_records_count(trust) -> int:
    return EqualityRecord.objects.filter(organisation=trust).count()
