"""Answering this month's survey for someone (issue 26 item 5, assisted digital): a lead enters the answers the
person tells them, beside them or on the phone, only with their agreement recorded; it shows as "done by ... for
..." on the person's pages and in the audit log. Without the agreement nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.core.dates import month_start
from withus.core.models import AuditEntry
from withus.people.models import OnBehalfAction
from withus.support import services
from withus.support.models import AnswerHow, ExperienceAnswer

pytestmark = pytest.mark.django_db

ANSWERS = {"voice": "4", "contribute": "3", "agenda": "5", "change": "4"}


def _url(person):
    return reverse("support:survey_for", args=[person.pk])


def test_a_lead_answers_for_someone_who_agreed_on_the_phone(lead, amara):
    page = lead.client.get(_url(amara.person)).content.decode()
    assert "Answer the survey for Amara Bello" in page
    assert "How did Amara Bello agree to you answering for them?" in page
    response = lead.client.post(
        _url(amara.person),
        {**ANSWERS, "words": "She liked the papers.", "how_agreed": "on the phone", "person_agreed": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[amara.person.pk])
    answer = ExperienceAnswer.objects.get(person=amara.person)
    assert (answer.voice, answer.agenda, answer.how, answer.recorded_by) == (4, 5, AnswerHow.SPOKEN, lead.user)
    assert answer.month == month_start(timezone.localdate())
    action = OnBehalfAction.objects.get(person=amara.person)
    assert (action.actor, action.object_type, action.how_agreed) == (lead.user, "experienceanswer", "on the phone")
    label = AuditEntry.objects.get(object_type="on_behalf_action").object_label
    assert label.startswith(f"Done by {lead.user.full_name} for Amara Bello, who agreed on the phone: Answered the")
    home = amara.client.get(reverse("people:me")).content.decode()
    assert f"done by {lead.user.full_name} for Amara Bello" in home
    assert "Answered the experience survey for" in home


def test_without_their_agreement_nothing_is_saved(lead, amara):
    response = lead.client.post(_url(amara.person), {**ANSWERS, "how_agreed": "in person"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm that Amara Bello agreed to you doing this for them" in page
    assert not ExperienceAnswer.objects.exists()
    assert not OnBehalfAction.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"voice": "7"}, "Choose an answer from 1 to 5"),
        ({"how_agreed": "by pigeon"}, "Choose how they agreed from the list"),
        ({"how_agreed": ""}, "Say how they agreed to you doing this for them"),
    ],
)
def test_bad_answers_are_refused_kindly(lead, amara, changes, message):
    data = {**ANSWERS, "how_agreed": "in person", "person_agreed": "on", **changes}
    response = lead.client.post(_url(amara.person), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExperienceAnswer.objects.exists()


def test_the_service_refuses_without_agreement_and_for_oneself(lead, amara):
    answers = {name: int(value) for name, value in ANSWERS.items()}
    month = month_start(timezone.localdate())
    with pytest.raises(ValidationError, match="agreed to you doing this"):
        services.experience_answer_for(
            person=amara.person, month=month, answers=answers, actor=lead.user, person_agreed=False, how_agreed=""
        )
    with pytest.raises(ValidationError, match="your own survey"):
        services.experience_answer_for(
            person=amara.person, month=month, answers=answers, actor=amara.user, person_agreed=True, how_agreed=""
        )
    assert not ExperienceAnswer.objects.exists()


def test_the_persons_page_offers_it_to_the_lead(lead, amara):
    page = lead.client.get(reverse("people:detail", args=[amara.person.pk])).content.decode()
    assert _url(amara.person) in page
    assert f"{reverse('stories:new')}?teller={amara.person.pk}" in page
