"""Issue 26: the person who raised an idea hears about it in the language of their sign-in, when their trust
offers it. The trust's own words (state names and meanings) and what staff wrote stay as written."""

import pytest
from django.utils import timezone

from withus.notifications.models import Message
from withus.people.tests.factories import PersonFactory
from withus.voice import services_ideas as services
from withus.voice.models.ideas import StateKind

pytestmark = pytest.mark.django_db


def _speaks(trust, participant, code, *, offered=("pl", "ur")):
    trust.organisation.languages_offered = list(offered)
    trust.organisation.save(update_fields=["languages_offered"])
    participant.user.language = code
    participant.user.save(update_fields=["language"])


def test_we_have_your_idea_in_polish(trust, amara, raise_idea):
    _speaks(trust, amara, "pl")
    idea = raise_idea(amara.person)
    message = Message.objects.get(template="ideas.received")
    assert message.subject == "Mamy Twój pomysł: Quieter nights"
    assert message.body.startswith(
        "Dziękujemy za przekazanie nam: „Quieter nights”. We have your idea and a person will read it. "
        "Odezwiemy się do "
    )
    assert f"{idea.first_answer_due:%-d %B %Y}" in message.body


def test_news_about_an_idea_in_urdu_keeps_what_the_lead_wrote(trust, amara, raise_idea, states, lead, next_month):
    _speaks(trust, amara, "ur")
    idea = raise_idea(amara.person)
    change = services.idea_move(
        idea=idea,
        state=states[StateKind.NOT_NOW],
        answer="We cannot buy new torches this year.",
        reason="The budget for this year is spent.",
        revisit_on=next_month,
        actor=lead.user,
    )
    message = Message.objects.get(idempotency_key=f"ideas.moved:{change.pk}")
    assert message.subject == "آپ کے خیال کے بارے میں خبر: Not now"
    assert message.body.startswith("آپ کا خیال “Quieter nights” اب: Not now۔ ")
    assert "We cannot buy new torches this year." in message.body
    assert "ابھی کیوں نہیں: The budget for this year is spent." in message.body


def test_progress_in_polish_keeps_the_percent_sign(trust, amara, raise_idea, lead):
    _speaks(trust, amara, "pl")
    idea = raise_idea(amara.person)
    outcome = services.outcome_add(
        idea=idea,
        values={
            "kind": "change",
            "what_changed": "Red torches for night checks",
            "where": "",
            "changed_on": timezone.localdate(),
            "evidence": "",
            "reference_label": "",
            "progress": 20,
        },
        actor=lead.user,
    )
    message = Message.objects.get(idempotency_key=f"ideas.outcome:{outcome.pk}")
    assert "Co się zmieniło: Red torches for night checks\nGdzie: nie podano\n" in message.body
    assert message.body.endswith("Postęp: 20%")


def test_english_when_not_offered_and_for_someone_with_no_sign_in(trust, amara, raise_idea, lead):
    _speaks(trust, amara, "so")  # Somali is not offered by this trust
    raise_idea(amara.person)
    no_sign_in = PersonFactory(organisation=trust.organisation, full_name="Nia Noone")
    raise_idea(no_sign_in, actor=lead.user, title="Brighter corridors")
    subjects = set(Message.objects.filter(template="ideas.received").values_list("subject", flat=True))
    assert subjects == {"We have your idea: Quieter nights", "We have your idea: Brighter corridors"}
