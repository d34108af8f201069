import datetime

import pytest
from django.utils import timezone

from withus.voice import services_ideas as services
from withus.voice.models.ideas import ForumDecisionKind, StateKind


@pytest.fixture
def states(trust):
    return services.states_ensure_defaults(organisation=trust.organisation)


@pytest.fixture
def raise_idea(trust, states):
    def make(person, *, actor=None, unit=None, wants_to_help=True, **values):
        fields = {
            "title": "Quieter nights",
            "detail": "The night checks wake everyone. Could they use a torch with a red light?",
            "public_summary": "Night checks wake people up.",
            "theme": "environment",
            "risk_disclosed": False,
            "complaint": False,
            "wants_to_help": wants_to_help,
            **values,
        }
        return services.idea_raise(
            organisation=trust.organisation,
            person=person,
            values=fields,
            units=[unit or trust.willow],
            actor=actor or person.user,
        )

    return make


@pytest.fixture
def next_month():
    return timezone.localdate() + datetime.timedelta(days=35)


@pytest.fixture
def to_forum(states, lead):
    def move(idea, on=None):
        return services.idea_move(
            idea=idea,
            state=states[StateKind.FORUM],
            answer="It goes to the forum.",
            forum_on=on or timezone.localdate(),
            actor=lead.user,
        )

    return move


@pytest.fixture
def approved_as_project(raise_idea, to_forum, qi_client):
    """An idea the person raised, taken to the forum and approved as a QI project: (idea, project)."""

    def approve(person):
        idea = raise_idea(person)
        to_forum(idea)
        idea.refresh_from_db()
        decision = services.forum_decide(
            idea=idea,
            expected_version=idea.version,
            forum_on=timezone.localdate(),
            chaired_by="Amara Bello (co-chair)",
            decision=ForumDecisionKind.PROJECT,
            note="Approved.",
            aim="Halve night-time waking by June.",
            actor=qi_client.user,
        )
        idea.refresh_from_db()
        return idea, decision.project

    return approve
