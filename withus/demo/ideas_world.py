"""The demo trust's ideas and concerns (issue 20): about 40 over 18 months in every state. Amara's idea that became
the Willow Ward racist-incidents project; Ben's that became a quick change; a "not now" on Willow Ward last month
with a revisit date next month; a QI forum next week with three ideas waiting; Willow Ward's poster for last month.
Made through the ideas services (so every move is history and every teller is told). Idempotent and deterministic.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from withus.accounts.models import User
from withus.core.dates import add_months, month_start
from withus.improvement.models import Project
from withus.organisations.models import Unit
from withus.people.models import MembershipStatus, Person, PersonKind
from withus.voice.models.ideas import BankHoliday, ForumDecisionKind, Idea, IdeaSettings, StateKind
from withus.voice.services_ideas import (
    forum_decide,
    idea_move,
    idea_raise,
    milestone_add,
    outcome_add,
    states_ensure_defaults,
)

SEED = 20_2026
DOMAIN = "demo.withus.local"
RACISM_TITLE = "Reducing racist incidents on Willow Ward"
# England and Wales bank holidays (GOV.UK's list), for working days to a first answer.
BANK_HOLIDAYS = [
    ("2025-01-01", "New Year's Day"), ("2025-04-18", "Good Friday"), ("2025-04-21", "Easter Monday"),
    ("2025-05-05", "Early May bank holiday"), ("2025-05-26", "Spring bank holiday"),
    ("2025-08-25", "Summer bank holiday"), ("2025-12-25", "Christmas Day"), ("2025-12-26", "Boxing Day"),
    ("2026-01-01", "New Year's Day"), ("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday"),
    ("2026-05-04", "Early May bank holiday"), ("2026-05-25", "Spring bank holiday"),
    ("2026-08-31", "Summer bank holiday"), ("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day"),
    ("2027-01-01", "New Year's Day"), ("2027-03-26", "Good Friday"), ("2027-03-29", "Easter Monday"),
    ("2027-05-03", "Early May bank holiday"), ("2027-05-31", "Spring bank holiday"),
    ("2027-08-30", "Summer bank holiday"), ("2027-12-27", "Christmas Day"), ("2027-12-28", "Boxing Day"),
]  # fmt: skip
# (title, what happened or would help, public summary, theme, unit code; "A+B" for an idea about more than one)
OTHER_IDEAS = [
    ("Later breakfast at weekends", "Breakfast at 8 is hard on medication that makes me drowsy.",
     "Breakfast is too early at weekends.", "food", "CEDAR"),
    ("A quiet room that is really quiet", "The quiet room has the TV next door.", "The quiet room is noisy.",
     "environment", "BIRCH"),
    ("Phone charging points", "There is nowhere safe to charge a phone.", "We cannot charge our phones.",
     "environment", "WILLOW"),
    ("Letters in plain English", "The appointment letters use words I do not know.",
     "Appointment letters are hard to read.", "information", "CMHT-N"),
    ("Evening appointments", "I work in the day and cannot get to appointments.",
     "We need appointments after work.", "access", "CMHT-S"),
    ("Carers told about discharge", "I found out my mum was home from a neighbour.",
     "Carers are not told about discharge.", "information", "BIRCH+CMHT-N"),
    ("More to do on Sundays", "Sundays are empty. Nothing happens.", "There is nothing to do on Sundays.",
     "activities", "HAWTHORN"),
    ("Staff names on badges we can read", "The badges are tiny.", "We cannot read staff badges.",
     "respect", "CEDAR"),
    ("Help with bus fares", "Coming to groups costs me £6 each time.", "Bus fares to groups cost too much.",
     "access", "EIP"),
    ("Wheelchair access to the garden", "The garden door has a step.", "The garden is not wheelchair friendly.",
     "environment", "HAWTHORN"),
    ("Interpreters for first visits", "My dad needed an interpreter and none came.",
     "Interpreters are missing at first visits.", "access", "DN"),
    ("Call back when the crisis line is busy", "I waited 40 minutes on hold.", "The crisis line keeps us waiting.",
     "access", "CRISIS"),
    ("Cultural food choices", "There is no halal option most days.", "There are not enough food choices.",
     "food", "WILLOW"),
    ("Peer support worker on nights", "Nights are the hardest time.", "Nights are hard; we want peer support.",
     "safety", "CEDAR"),
    ("Visiting times for working carers", "Visiting ends before I finish work.", "Visiting ends too early.",
     "access", "BIRCH"),
    ("Easy-read care plans", "I do not understand my care plan.", "Care plans are hard to understand.",
     "information", "CMHT-N"),
    ("Therapy toys for waiting rooms", "Children have nothing to do while waiting.",
     "Children get bored in the waiting room.", "activities", "CHILD-TH"),
    ("Fewer different nurses", "A different nurse comes every visit.", "We see a different nurse every time.",
     "respect", "DN"),
    ("Gym sessions", "Exercise helps me, but there is no gym time.", "We want time in the gym.",
     "activities", "HAWTHORN"),
    ("Clear signs to the ward", "Visitors get lost in the building.", "Visitors get lost finding the ward.",
     "environment", "WILLOW"),
]  # fmt: skip
# What happens to each of the others, in turn: (state kind, answer or what changed).
PATHS = [
    StateKind.QUICK_CHANGE, StateKind.NOT_NOW, StateKind.PASSED, StateKind.LOOKING, StateKind.QUICK_CHANGE,
    StateKind.RECEIVED, StateKind.QUICK_CHANGE, StateKind.NOT_NOW, StateKind.LOOKING, StateKind.PASSED,
]  # fmt: skip
SECOND_ROUND_UNITS = ["WILLOW", "CEDAR", "BIRCH", "HAWTHORN", "CMHT-S", "DN", "EIP"]
TEAMS = ["Estates and facilities", "Catering team", "PALS", "Patient transport", "Interpreting service"]


def _moment(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _values(title, detail, summary, theme, *, wants_to_help=False) -> dict:
    return {
        "title": title,
        "detail": detail,
        "public_summary": summary,
        "theme": theme,
        "risk_disclosed": False,
        "complaint": False,
        "wants_to_help": wants_to_help,
    }


@dataclass
class _World:
    trust: object
    states: dict
    lead: User
    qi: User
    units: dict
    people: list
    rng: random.Random
    today: datetime.date

    def someone(self) -> Person:
        return self.people[self.rng.randrange(len(self.people))]

    def raise_(self, person, values, code, day, hour=11):
        return idea_raise(
            organisation=self.trust,
            person=person,
            values=values,
            units=[self.units[part] for part in code.split("+")],
            actor=person.user or self.lead,
            at=_moment(day, hour),
        )

    def move(self, idea, kind, day, answer, **extra):
        return idea_move(
            idea=idea, state=self.states[kind], answer=answer, actor=self.lead, at=_moment(day, 15), **extra
        )


def build_ideas(*, trust, seed: int = SEED) -> dict:
    if Idea.objects.filter(organisation=trust).exists():
        return {"ideas": 0}
    IdeaSettings.objects.get_or_create(organisation=trust)
    for day, name in BANK_HOLIDAYS:
        BankHoliday.objects.get_or_create(organisation=trust, day=datetime.date.fromisoformat(day), name=name)
    users = {user.email.split("@")[0]: user for user in User.objects.filter(email__endswith=f"@{DOMAIN}")}
    lead = users.get("lead") or User.objects.filter(organisation=trust).first()
    people = list(
        Person.objects.filter(
            organisation=trust,
            kind__in=(PersonKind.SERVICE_USER, PersonKind.CARER),
            status=MembershipStatus.ACTIVE,
        ).order_by("full_name")
    )
    if not people or lead is None:
        return {"ideas": 0}
    world = _World(
        trust=trust,
        states=states_ensure_defaults(organisation=trust),
        lead=lead,
        qi=users.get("qi") or lead,
        units={unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)},
        people=people,
        rng=random.Random(seed),
        today=timezone.localdate(),
    )
    made = _amaras_idea(world) + _bens_idea(world) + _willow_last_month(world) + _forum_next_week(world)
    made += _the_rest(world)
    return {"ideas": made}


def _amaras_idea(world: _World) -> int:
    """Amara's idea that became the Willow Ward project (adopted by the QI forum into the existing project)."""
    amara = Person.objects.filter(organisation=world.trust, full_name="Amara Bello").first()
    racism = Project.objects.filter(organisation=world.trust, title=RACISM_TITLE).first()
    if not (amara and racism):
        return 0
    raised = racism.start_date - datetime.timedelta(weeks=4)
    idea = world.raise_(
        amara,
        _values(
            "Racist remarks on the ward are not challenged",
            "People say racist things on Willow Ward and nobody stops them. I do not feel safe. Could staff "
            "and patients agree together what happens when it happens?",
            "Racist remarks on the ward are not challenged.",
            "safety",
            wants_to_help=True,
        ),
        "WILLOW",
        raised,
        10,
    )
    world.move(
        idea,
        StateKind.LOOKING,
        raised + datetime.timedelta(days=6),
        "Ellen Park, the ward manager, is talking to the ward community meeting about it.",
    )
    world.move(
        idea,
        StateKind.FORUM,
        raised + datetime.timedelta(days=13),
        "It goes to the Riverside Mental Health QI forum.",
        forum_on=racism.approved_on,
    )
    forum_decide(
        idea=Idea.objects.get(pk=idea.pk),
        expected_version=3,
        forum_on=racism.approved_on,
        chaired_by="Amara Bello and Dr Ellen Park (co-chairs)",
        decision=ForumDecisionKind.PROJECT,
        note="Approved as a QI project. Amara is on the team, and the ward will measure racist incidents weekly.",
        aim=racism.aim,
        project=racism,
        actor=world.qi,
        at=_moment(racism.approved_on, 16),
    )
    return 1


def _bens_idea(world: _World) -> int:
    """Ben's idea that became a quick change, with its outcome and a milestone."""
    ben = Person.objects.filter(organisation=world.trust, full_name="Ben Hughes").first()
    if not (ben and "EIP" in world.units):
        return 0
    raised = world.today - datetime.timedelta(days=75)
    idea = world.raise_(
        ben,
        _values(
            "An evening group for carers",
            "Carers' groups are at 2pm on weekdays. Most of us work. An evening group once a month would help.",
            "Carers' groups are only in the day.",
            "access",
        ),
        "EIP",
        raised,
        19,
    )
    world.move(idea, StateKind.LOOKING, raised + datetime.timedelta(days=4), "We are asking who could run it.")
    world.move(
        idea,
        StateKind.QUICK_CHANGE,
        raised + datetime.timedelta(days=20),
        "From next month there is a carers' group on the first Tuesday of the month, 6pm to 7.30pm.",
    )
    outcome = outcome_add(
        idea=idea,
        values={
            "kind": "change",
            "what_changed": "A monthly evening carers' group",
            "where": "Early Intervention in Psychosis",
            "changed_on": raised + datetime.timedelta(days=20),
            "evidence": "",
            "reference_label": "",
            "progress": 50,
        },
        actor=world.lead,
    )
    milestone_add(
        outcome=outcome,
        values={
            "title": "First evening group held: 9 carers came",
            "description": "",
            "progress": 100,
            "reached_on": raised + datetime.timedelta(days=45),
        },
        actor=world.lead,
    )
    return 1


def _willow_last_month(world: _World) -> int:
    """Willow Ward last month: an honest "not now" with a revisit date next month, and a quick change."""
    last_month = add_months(month_start(world.today), -1)
    revisit = add_months(month_start(world.today), 1) + datetime.timedelta(days=9)
    garden = world.raise_(
        world.someone(),
        _values(
            "A garden we can use",
            "The courtyard is locked most of the day. A small garden with seats would help people feel calmer.",
            "We want to use the courtyard as a garden.",
            "environment",
        ),
        "WILLOW",
        last_month - datetime.timedelta(days=12),
    )
    world.move(
        garden,
        StateKind.NOT_NOW,
        last_month + datetime.timedelta(days=8),
        "Not yet.",
        reason="Making the courtyard safe needs building work, and the estates budget for this year is "
        "spent. We have asked for it in next year's budget.",
        revisit_on=revisit,
    )
    fruit = world.raise_(
        world.someone(),
        _values(
            "Fruit in the evening",
            "We get hungry after 8pm and there are only biscuits.",
            "There is nothing healthy to eat in the evening.",
            "food",
        ),
        "WILLOW",
        last_month + datetime.timedelta(days=2),
    )
    world.move(
        fruit,
        StateKind.QUICK_CHANGE,
        last_month + datetime.timedelta(days=15),
        "A fruit bowl is now filled every evening at 7pm.",
    )
    return 2


def _forum_next_week(world: _World) -> int:
    forum_day = world.today + datetime.timedelta(days=7)
    waiting = [
        ("Patients on the ward round", "Decisions about me are made in a room I am not in.",
         "We want to be part of ward rounds.", "respect", "WILLOW"),
        ("Fewer falls at night", "My mum fell twice going to the toilet at night.", "People fall at night.",
         "safety", "BIRCH"),
        ("Welcome pack in other languages", "My aunt could not read the welcome pack.",
         "Welcome packs are only in English.", "information", "CEDAR"),
    ]  # fmt: skip
    for number, (title, detail, summary, theme, code) in enumerate(waiting):
        raised = world.today - datetime.timedelta(days=40 - number * 8)
        idea = world.raise_(
            world.someone(), _values(title, detail, summary, theme, wants_to_help=number != 1), code, raised
        )
        world.move(idea, StateKind.LOOKING, raised + datetime.timedelta(days=5), "A QI coach is helping shape it.")
        world.move(
            idea,
            StateKind.FORUM,
            raised + datetime.timedelta(days=12),
            "It goes to the QI forum next week.",
            forum_on=forum_day,
        )
    return len(waiting)


def _the_rest(world: _World) -> int:
    """The others, spread over 18 months, through every other state."""
    made = 0
    for number, (title, detail, summary, theme, first_unit) in enumerate(OTHER_IDEAS * 2):
        # The second time round, the same idea from another ward or team, as happens.
        code = first_unit if number < len(OTHER_IDEAS) else SECOND_ROUND_UNITS[number % len(SECOND_ROUND_UNITS)]
        if any(part not in world.units for part in code.split("+")):
            continue
        kind = PATHS[number % len(PATHS)]
        days_ago = world.rng.randint(1, 25) if kind == StateKind.RECEIVED else world.rng.randint(40, 540)
        raised = world.today - datetime.timedelta(days=days_ago)
        idea = world.raise_(world.someone(), _values(title, detail, summary, theme), code, raised)
        made += 1
        if kind == StateKind.RECEIVED:
            continue
        first = raised + datetime.timedelta(days=world.rng.randint(3, 18))
        world.move(idea, StateKind.LOOKING, first, "We are finding out what could be done.")
        if kind != StateKind.LOOKING:
            _answer(world, idea, kind, first + datetime.timedelta(days=world.rng.randint(5, 20)), title, code)
    return made


def _answer(world: _World, idea, kind, day, title, code) -> None:
    if kind == StateKind.QUICK_CHANGE:
        world.move(idea, kind, day, f"We changed it: {title.lower()}.")
        outcome_add(
            idea=idea,
            values={
                "kind": "change",
                "what_changed": title,
                "where": ", ".join(world.units[part].name for part in code.split("+")),
                "changed_on": day,
                "evidence": "",
                "reference_label": "",
                "progress": 100,
            },
            actor=world.lead,
        )
    elif kind == StateKind.NOT_NOW:
        world.move(
            idea,
            kind,
            day,
            "Not yet.",
            reason="It needs money or staff we do not have this year.",
            revisit_on=world.today + datetime.timedelta(days=world.rng.randint(20, 200)),
        )
    else:
        world.move(idea, kind, day, "Another team can do this better.", passed_to=world.rng.choice(TEAMS))
