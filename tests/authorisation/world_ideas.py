"""The matrix world's ideas (issue 20), made through the ideas services: on each side, the side's participant's idea
about the side's unit, raised by them, moved by the lead to wait for the QI forum, with one outcome."""

from django.utils import timezone

from withus.voice.models.ideas import StateKind
from withus.voice.services_ideas import idea_move, idea_raise, outcome_add, states_ensure_defaults


def build_ideas(world) -> None:
    states = states_ensure_defaults(organisation=world.organisation)
    today = timezone.localdate()
    for side, user in ((world.own, world.users.participant), (world.other, world.users.ben)):
        idea = idea_raise(
            organisation=world.organisation,
            person=side.person,
            values={
                "title": f"Quieter nights on {side.unit.name}",
                "detail": "The night checks wake everyone.",
                "public_summary": "Night checks wake people up.",
                "theme": "environment",
                "risk_disclosed": False,
                "complaint": False,
                "wants_to_help": True,
            },
            units=[side.unit],
            actor=user,
        )
        idea_move(
            idea=idea,
            state=states[StateKind.FORUM],
            answer="It goes to the forum.",
            forum_on=today,
            actor=world.users.lead,
        )
        side.outcome = outcome_add(
            idea=idea,
            values={
                "kind": "change",
                "what_changed": "Red torches",
                "where": side.unit.name,
                "changed_on": today,
                "evidence": "",
                "reference_label": "",
                "progress": 50,
            },
            actor=world.users.lead,
        )
        idea.refresh_from_db()
        side.idea = idea
