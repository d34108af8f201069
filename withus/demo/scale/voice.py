"""A scale trust's stories, ideas and monthly experience survey answers (issue 25 item 1: the wave's newer parts in
proportion), in the same bulk style as the other parts: skewed towards a few busy units and people."""

from __future__ import annotations

import datetime

from withus.core.dates import add_months, month_start
from withus.demo.scale.common import Skewed, TrustWorld, new_id
from withus.organisations.models import Unit, UnitKind
from withus.people.models import PersonUnit
from withus.support.models import ExperienceAnswer
from withus.voice.models.ideas import Idea, IdeaStateChange, IdeaUnit, StateKind
from withus.voice.models.stories import ChangeClaim, Story, StoryConsent, StoryStatus, StoryTheme, StoryUseKind
from withus.voice.services_ideas import states_ensure_defaults

CONSENT_DAYS = 730
SURVEY_MONTHS = 12


def stories(world: TrustWorld) -> None:
    """Stories over three years, most published with a consent for learning inside the trust; 80 % answered."""
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    units, tellers = Skewed(world.units), Skewed(world.people, exponent=0.6)
    recorders = world.staff or [None]
    statuses = [StoryStatus.PUBLISHED] * 8 + [StoryStatus.IN_MODERATION, StoryStatus.RECEIVED]
    for number in range(world.sizes.stories):
        published_at = world.now - datetime.timedelta(days=rng.uniform(1, 3 * 365))
        status = rng.choice(statuses)
        published = status == StoryStatus.PUBLISHED
        responded = published and rng.random() < 0.8
        story = Story(
            id=new_id(rng),
            organisation=trust,
            teller=tellers.pick(rng),
            unit=units.pick(rng),
            recorded_by=rng.choice(recorders),
            title=f"A story about care, number {number + 1}",
            what_happened="What happened, in the teller's own words. Bulk-loaded scale data.",
            theme=rng.choice(StoryTheme.values),
            status=status,
            submitted_at=published_at - datetime.timedelta(days=5),
            teller_approved_at=published_at - datetime.timedelta(days=1) if published else None,
            published_at=published_at if published else None,
            first_response_at=published_at + datetime.timedelta(days=rng.uniform(0.5, 20)) if responded else None,
            internal_consent_until=published_at.date() + datetime.timedelta(days=CONSENT_DAYS - 7),
            change_claim=rng.choice(list(ChangeClaim.values)) if responded else ChangeClaim.NONE,
        )
        # The response-time page's columns (ADR 36), as the services would set them.
        story.set_response_figures()
        story = add(story)
        granted = published_at.date() - datetime.timedelta(days=7)
        add(
            StoryConsent(
                organisation=trust,
                story=story,
                use=StoryUseKind.INTERNAL_LEARNING,
                granted_on=granted,
                expires_on=granted + datetime.timedelta(days=CONSENT_DAYS),
                information_sheet_version="1.0",
                recorded_by=story.recorded_by,
            )
        )
    world.inserter.flush()


def ideas(world: TrustWorld) -> None:
    """Ideas over 18 months in every state, each about one unit, with the history row of its present state."""
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    states = list(states_ensure_defaults(organisation=trust).values())
    units, people = Skewed(world.units), Skewed(world.people, exponent=0.6)
    raisers = world.staff or [None]
    for number in range(world.sizes.ideas):
        raised = world.now - datetime.timedelta(days=rng.randint(0, 540), minutes=rng.randint(0, 1440))
        state = rng.choice(states)
        not_now = state.kind == StateKind.NOT_NOW
        idea = add(
            Idea(
                id=new_id(rng),
                organisation=trust,
                title=f"An idea to make things better, number {number + 1}",
                detail="What would help, in the person's own words. Bulk-loaded scale data.",
                public_summary="What would help.",
                theme="other",
                person=people.pick(rng),
                raised_by=rng.choice(raisers),
                state=state,
                state_changed_at=raised,
                first_answer_due=raised.date() + datetime.timedelta(days=14),
                first_answered_at=None if state.kind == StateKind.RECEIVED else raised,
                revisit_on=raised.date() + datetime.timedelta(days=rng.randint(30, 400)) if not_now else None,
                created_at=raised,
            )
        )
        add(IdeaUnit(idea=idea, unit=units.pick(rng)))
        add(
            IdeaStateChange(
                organisation=trust,
                idea=idea,
                state=state,
                state_name=state.name,
                state_kind=state.kind,
                public_meaning=state.public_meaning,
                answer="" if state.kind == StateKind.RECEIVED else "Thank you: here is what we are doing.",
                changed_at=raised,
                reason="Not this year: the ward is being rebuilt." if not_now else "",
                revisit_on=idea.revisit_on,
            )
        )
    world.inserter.flush()


def survey_answers(world: TrustWorld) -> None:
    """The monthly experience survey for the last year: about half the people answer in any month, each keeping
    the directorate above their first unit (as the survey service does)."""
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    directorates = list(Unit.objects.filter(organisation=trust, kind=UnitKind.DIRECTORATE).values_list("pk", "path"))
    first_unit = dict(
        PersonUnit.objects.filter(person__organisation=trust)
        .order_by("person_id", "unit__path")
        .values_list("person_id", "unit__path")
        .distinct()
    )
    kinds = world.kinds or [None]
    this_month = month_start(world.today)
    answering = [person for person in world.people if rng.random() < 0.5][: world.sizes.survey_answers // SURVEY_MONTHS]
    for person in answering:
        path = first_unit.get(person.pk, "")
        directorate = next((pk for pk, top in directorates if path.startswith(top)), None)
        kind = rng.choice(kinds)
        for back in range(SURVEY_MONTHS, 0, -1):
            add(
                ExperienceAnswer(
                    organisation=trust,
                    person=person,
                    month=add_months(this_month, -back),
                    directorate_id=directorate,
                    kind=kind,
                    voice=rng.randint(1, 5),
                    contribute=rng.randint(2, 5),
                    agenda=rng.randint(2, 5),
                    change=rng.randint(2, 5),
                )
            )
    world.inserter.flush()
