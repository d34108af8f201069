"""The demo trust's support for involved people (issue 21). Idempotent and deterministic.

- Every active person with a signed agreement date has version 1 of an agreement (as the migration makes), and
  Amara Bello has a new "QI team member" agreement waiting for her to read and agree.
- Amara's support plan asks for a pre-meeting and large print; she holds the service-user seat on the Riverside QI
  Forum, so the lead sees the adjustment on its next meeting.
- Callum Evans has paused until the first of next month.
- Amara is Chen Li's buddy; her first check-in with him is recorded, so it is on her involvement to claim.
- Amara, Chen and Ben have one-page profiles (what they are good at and would like to learn).
- Interview panels and accreditation visits may be difficult: Amara was offered debriefs after two panels (one
  taken, one waiting for her answer).
- 18 months of experience survey answers for the active people, with "Voice" falling in Marsh Community Health;
  this month, the lead entered the paper answers of one person who does not use WithUs.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from withus.accounts.models import User
from withus.core.dates import add_months, month_start
from withus.governance.models import Committee, SeatTerm
from withus.involvement.models import InvolvementKind
from withus.organisations.models import Unit, UnitKind
from withus.people.models import MembershipStatus, Person, PersonKind, PersonUnit
from withus.support.models import (
    AgreementHow,
    AnswerHow,
    Buddy,
    BuddyCheckIn,
    Debrief,
    DifficultKind,
    ExperienceAnswer,
    InvolvementAgreement,
    Pause,
    Profile,
)
from withus.support.selectors import people_supported_by
from withus.support.services import (
    agreement_create,
    buddy_add,
    buddy_check_in_record,
    debrief_answer,
    debrief_offer,
    debrief_record_held,
    difficult_kind_flag,
    experience_answer_on_paper,
    experience_answers_bulk,
    pause_start,
    plan_save,
    profile_save,
)

SEED = 21_2026
DOMAIN = "demo.withus.local"
MIGRATED_ROLE = "Involvement (agreed before WithUs kept the details)"
FALLING = "Marsh Community Health"
MONTHS = 18


def build_support(*, trust, seed: int = SEED) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    users = {user.email.split("@")[0]: user for user in User.objects.filter(organisation=trust, email__endswith=DOMAIN)}
    lead = users.get("lead")
    people = {person.full_name: person for person in Person.objects.filter(organisation=trust, user__isnull=False)}
    amara, chen = people.get("Amara Bello"), people.get("Chen Li")
    _agreements(trust)
    if lead is None or amara is None:
        return {"answers": 0}
    _amara(trust, amara, lead, today)
    _callum(trust, lead, today)
    if chen is not None and not Buddy.objects.filter(person=chen).exists():
        buddy_add(
            person=chen,
            buddy=amara,
            starts_on=today,
            ends_on=add_months(today, 6),
            check_in_every="fortnight",
            actor=lead,
        )
    pair = Buddy.objects.filter(person=chen, buddy=amara).first() if chen is not None else None
    if pair is not None and not BuddyCheckIn.objects.filter(pair=pair).exists():
        buddy_check_in_record(pair=pair, held_on=pair.starts_on, hours=Decimal("1"), actor=lead)
    _profiles(trust, lead)
    answers = _survey(trust, today, rng)
    _paper_answers(trust, lead, today)
    return {"answers": answers}


PROFILES = {
    "Amara Bello": (["Listening", "Telling my story", "Reading run charts"], ["Chairing a meeting", "Data"]),
    "Chen Li": (["Spreadsheets", "Speaking Cantonese"], ["Public speaking"]),
    "Ben Hughes": (["Chairing meetings", "Interviewing", "Training staff"], ["Run charts"]),
}


def _profiles(trust, lead: User) -> None:
    people = Person.objects.filter(organisation=trust, full_name__in=PROFILES).exclude(
        pk__in=Profile.objects.filter(organisation=trust).values("person_id")
    )
    for person in people:
        good_at, want_to_learn = PROFILES[person.full_name]
        profile_save(person=person, good_at=good_at, want_to_learn=want_to_learn, actor=person.user or lead)


def _paper_answers(trust, lead: User, today: datetime.date) -> None:
    """This month's paper answers of the first active person (by name) the lead supports who does not use WithUs."""
    month = month_start(today)
    if ExperienceAnswer.objects.filter(organisation=trust, month=month, how=AnswerHow.PAPER).exists():
        return
    person = (
        people_supported_by(lead)
        .filter(user__isnull=True, status=MembershipStatus.ACTIVE)
        .exclude(kind=PersonKind.STAFF)
        .order_by("full_name")
        .first()
    )
    if person is not None:
        experience_answer_on_paper(
            person=person,
            month=month,
            answers={"voice": 4, "contribute": 3, "agenda": 4, "change": 3},
            words="Filled in at the Tuesday drop-in.",
            actor=lead,
        )


def _agreements(trust) -> None:
    signed = Person.objects.filter(organisation=trust, agreement_signed_on__isnull=False).exclude(
        pk__in=InvolvementAgreement.objects.filter(organisation=trust).values("person_id")
    )
    InvolvementAgreement.objects.bulk_create(
        [
            InvolvementAgreement(
                organisation=trust,
                person=person,
                role=MIGRATED_ROLE,
                version=1,
                lead_agreed_on=person.agreement_signed_on,
                person_agreed_on=person.agreement_signed_on,
                person_agreed_how=AgreementHow.PAPER,
            )
            for person in signed
        ]
    )


def _amara(trust, amara: Person, lead: User, today: datetime.date) -> None:
    if not InvolvementAgreement.objects.filter(person=amara, role="QI team member").exists():
        agreement_create(
            person=amara,
            role="QI team member",
            details={
                "what_the_role_involves": "Being a full member of the 'Reducing racist incidents on Willow Ward' "
                "project team: team meetings, testing changes and reading the charts.",
                "time_commitment": "About 4 hours a month: one 2-hour meeting and some time between meetings.",
                "payment_terms": "Paid by the hour at the trust's involvement rate, through payroll, within two "
                "weeks of each claim.",
                "own_limit": "No more than my weekly permitted-earnings limit.",
                "support_contact": "Priya Shah, People Participation lead",
                "if_unwell": "Tell Priya or the project lead by text. Your place is kept; you can pause at any time.",
                "confidentiality": "Keep what you learn about other people private. You may talk about your own "
                "experience.",
                "review_on": add_months(today, 12),
            },
            actor=lead,
        )
    plan_save(
        person=amara,
        values={
            "what_helps": "Knowing the agenda in advance. A quiet room to step into if I need a minute.",
            "early_signs": "I go quiet in meetings and stop replying to messages.",
            "contact_how_when": "Text message, weekdays after 10am.",
            "crisis_contact": "My sister, Funmi, on 07700 900111.",
            "adjustments": ["pre_meeting", "breaks"],
            "topics_to_avoid": "Restraint on the ward.",
            "review_on": add_months(today, 6),
        },
        actor=amara.user,
    )
    _amara_on_the_forum(trust, amara, today)
    panel = InvolvementKind.objects.filter(organisation=trust, code="interview-panel").first()
    visit = InvolvementKind.objects.filter(organisation=trust, code="accreditation").first()
    for kind, why in ((panel, "Hearing candidates' answers can bring back hard experiences"), (visit, "Visits")):
        if kind is not None and not DifficultKind.objects.filter(kind=kind).exists():
            difficult_kind_flag(kind=kind, why=why, actor=lead)
    if Debrief.objects.filter(person=amara).exists():
        return
    earlier = debrief_offer(
        person=amara,
        occasion_key="demo-panel:ward-manager",
        occasion_label="the interview panel for a ward manager",
        occasion_on=today - datetime.timedelta(days=40),
        actor=lead,
    )
    debrief_answer(debrief=earlier, person=amara, accept=True, with_whom="Priya Shah", actor=amara.user)
    debrief_record_held(
        debrief=earlier, held_on=today - datetime.timedelta(days=37), with_whom="", note="Went well.", actor=lead
    )
    debrief_offer(
        person=amara,
        occasion_key="demo-panel:consultant-psychiatrist",
        occasion_label="the interview panel for a consultant psychiatrist",
        occasion_on=today - datetime.timedelta(days=2),
        actor=lead,
    )


def _amara_on_the_forum(trust, amara: Person, today: datetime.date) -> None:
    """Amara holds the Riverside QI Forum's service-user seat (the seat's earlier holder's term has ended)."""
    forum = Committee.objects.filter(organisation=trust, name="Riverside QI Forum").first()
    seat = forum.seats.first() if forum else None
    if seat is None or SeatTerm.objects.filter(seat=seat, person=amara).exists():
        return
    current = SeatTerm.objects.filter(seat=seat, starts_on__lte=today, ends_on__gte=today).first()
    if current is not None:
        SeatTerm.objects.filter(pk=current.pk).update(ends_on=today - datetime.timedelta(days=1))
    later = SeatTerm.objects.filter(seat=seat, starts_on__gt=today).exists()
    if not later:
        SeatTerm.objects.create(
            organisation_id=trust.pk, seat=seat, person=amara, starts_on=today, ends_on=add_months(today, 12)
        )


def _callum(trust, lead: User, today: datetime.date) -> None:
    callum = Person.objects.filter(organisation=trust, full_name="Callum Evans").first()
    if callum is None:
        callum = Person.objects.create(
            organisation=trust,
            kind=PersonKind.SERVICE_USER,
            full_name="Callum Evans",
            email="callum.evans@example.org",
            status=MembershipStatus.ACTIVE,
            agreement_signed_on=today - datetime.timedelta(days=300),
            participation_lead=lead,
        )
        willow = Unit.objects.filter(organisation=trust, name="Willow Ward").first()
        if willow:
            PersonUnit.objects.create(person=callum, unit=willow)
    pausable = (MembershipStatus.ACTIVE, MembershipStatus.WELCOME)
    if callum.status in pausable and not Pause.objects.filter(person=callum).exists():
        pause_start(
            person=callum,
            return_on=add_months(month_start(today), 1),
            reason="Looking after my mum for a few weeks",
            actor=lead,
        )


def _survey(trust, today: datetime.date, rng: random.Random) -> int:
    if ExperienceAnswer.objects.filter(organisation=trust).exists():
        return 0
    directorates = list(Unit.objects.filter(organisation=trust, kind=UnitKind.DIRECTORATE))
    units = dict(PersonUnit.objects.filter(person__organisation=trust).values_list("person_id", "unit__path"))
    kinds = list(InvolvementKind.objects.filter(organisation=trust, is_active=True))
    people = Person.objects.filter(organisation=trust, status=MembershipStatus.ACTIVE).exclude(kind=PersonKind.STAFF)
    this_month = month_start(today)
    rows = []
    for person in people:
        path = units.get(person.pk, "")
        # People not yet connected with a unit answer for the directorate they mostly take part in.
        directorate = next((d for d in directorates if path and path.startswith(d.path)), None)
        # (They help swell the small directorate whose fall the demo shows; the draw is kept so nothing else moves.)
        fallback = rng.choice(directorates) if directorates else None
        directorate = directorate or next((d for d in directorates if d.name == FALLING), fallback)
        kind = rng.choice(kinds) if kinds else None
        falling = directorate is not None and directorate.name == FALLING
        for back in range(MONTHS, 0, -1):
            # Not everyone answers every month, but in the small directorate whose "Voice" falls everyone does: a
            # month with fewer than 5 answers is hidden, and one person leaving would hide the fall (the draw is
            # made either way, so the rest of the demo stays as it was).
            if rng.random() < 0.1 and not falling:
                continue
            month = add_months(this_month, -back)
            voice = rng.choice([3, 4, 4, 4, 5, 5])
            if falling and back <= 8:
                voice = max(1, voice - (9 - back) // 3 - rng.choice([0, 0, 1]))
            rows.append(
                ExperienceAnswer(
                    organisation=trust,
                    person=person,
                    month=month,
                    directorate=directorate,
                    kind=kind,
                    voice=voice,
                    contribute=rng.choice([3, 4, 4, 5]),
                    agenda=rng.choice([3, 4, 5, 5]),
                    change=rng.choice([2, 3, 4, 4, 5]),
                )
            )
    experience_answers_bulk(rows)
    return len(rows)
