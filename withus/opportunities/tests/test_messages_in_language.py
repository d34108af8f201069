"""Issue 26: people are told about places in the language of their sign-in; leads' messages stay English."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from withus.notifications.models import Message
from withus.opportunities.models import ResponseStatus, Session
from withus.opportunities.services.reminders import opportunity_reminders_send
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(trust):
    trust.organisation.languages_offered = ["pl", "ur"]
    trust.organisation.save(update_fields=["languages_offered"])


def _speaking(make_participant, name, code):
    participant = make_participant(name)
    participant.user.language = code
    participant.user.save(update_fields=["language"])
    return participant.person


def _message(person, template):
    return Message.objects.get(person=person, template=template)


def test_the_chosen_and_the_not_chosen_are_told_in_their_own_language(
    offered, opportunity, make_participant, lead, trust
):
    polish = _speaking(make_participant, "Piotr Nowak", "pl")
    urdu = _speaking(make_participant, "Ayesha Khan", "ur")
    somali = _speaking(make_participant, "Hodan Ali", "so")  # a language this trust has not offered
    no_sign_in = PersonFactory(organisation=trust.organisation, full_name="Nia Noone", email="nia@example.org")
    for person in (polish, urdu, somali, no_sign_in):
        ResponseFactory(opportunity=opportunity, person=person)
    with translation.override("ur"):  # whatever the lead reads WithUs in
        selection_make(opportunity=opportunity, chosen_ids=[polish.pk, somali.pk], actor=lead.user)

    selected = _message(polish, "opportunities.selected")
    assert selected.subject == f"Masz miejsce: {opportunity.title}"
    assert selected.body.startswith("Dzień dobry Piotr Nowak,\n\n")
    assert f"Dziękujemy za zainteresowanie: „{opportunity.title}”." in selected.body
    assert selected.body.endswith("Z podziękowaniami\nZespół People Participation")
    assert "Dear" not in selected.body

    not_selected = _message(urdu, "opportunities.not_selected")
    assert not_selected.subject == f"{opportunity.title} کے بارے میں"
    assert "محترم Ayesha Khan،" in not_selected.body
    assert "Thank you" not in not_selected.body

    english = _message(somali, "opportunities.selected")
    assert english.subject == f"You have a place: {opportunity.title}"
    assert english.body.startswith("Dear Hodan Ali,\n\nThank you for your interest in")
    nobody = _message(no_sign_in, "opportunities.not_selected")
    assert nobody.subject == f"About {opportunity.title}"
    assert "this time we have not been able to offer you one" in nobody.body


def test_english_wording_is_unchanged(opportunity, amara, lead):
    ResponseFactory(opportunity=opportunity, person=amara.person)
    selection_make(opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user)
    body = _message(amara.person, "opportunities.selected").body
    assert body.startswith(
        f'Dear Amara Bello,\n\nThank you for your interest in "{opportunity.title}". We would like you to take '
        "part.\n\nThe first session is on "
    )
    assert body.endswith(
        "If anything would make it easier for you to take part, just tell us.\n\n"
        "With thanks,\nThe People Participation team"
    )


def test_reminders_the_day_before_are_in_each_persons_language(offered, trust, kind, make_participant):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="none")
    start = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    Session.objects.create(
        organisation=trust.organisation,
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    polish = _speaking(make_participant, "Piotr Nowak", "pl")
    english = PersonFactory(organisation=trust.organisation, full_name="Nia Noone")
    for number, person in enumerate((polish, english), start=1):
        ResponseFactory(opportunity=opportunity, person=person, status=ResponseStatus.CONFIRMED, place_number=number)
    assert opportunity_reminders_send(on=start.date()) == 2
    polish_message = _message(polish, "opportunities.session_reminder")
    assert polish_message.subject == f"Jutro: {opportunity.title}"
    assert f"Przypominamy, że „{opportunity.title}” jest jutro," in polish_message.body
    assert "o godzinie 14:00." in polish_message.body
    assert _message(english, "opportunities.session_reminder").subject == f"Tomorrow: {opportunity.title}"


def test_reminders_in_many_languages_take_no_query_per_person(offered, trust, kind, make_participant):
    """The language of each person comes with the places (no query per person), as the reminders are bulk."""
    counts = []
    for days, size in ((1, 2), (2, 6)):
        opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="none")
        start = (timezone.localtime() + datetime.timedelta(days=days)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        Session.objects.create(
            organisation=trust.organisation,
            opportunity=opportunity,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
        for number in range(1, size + 1):
            person = _speaking(make_participant, f"Person{days}x{number} Test", "pl" if number % 2 else "ur")
            ResponseFactory(
                opportunity=opportunity, person=person, status=ResponseStatus.CONFIRMED, place_number=number
            )
        with CaptureQueriesContext(connection) as queries:
            assert opportunity_reminders_send(on=start.date()) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    subjects = set(Message.objects.filter(template="opportunities.session_reminder").values_list("subject", flat=True))
    assert {subject.split(":")[0] for subject in subjects} == {"Jutro", "کل"}
