"""Telling a story and raising an idea, read in the participant's own language (issue 26, ADR 33): the pages, their
form labels and choices, and what a bad submission says, in Urdu (right to left) and Polish."""

import pytest
from django.urls import reverse

from withus.voice import services_stories
from withus.voice.models.ideas import Idea
from withus.voice.models.stories import Naming, Story, StoryTheme, StoryUseKind

pytestmark = pytest.mark.django_db


def _reads_in(participant, trust, code):
    trust.organisation.languages_offered = [code]
    trust.organisation.save()
    participant.user.language = code
    participant.user.save()


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _story_form(unit, **changes):
    data = {
        "title": "Nobody explained my leave",
        "what_happened": "My leave was cancelled and nobody told me why.",
        "unit": str(unit.pk),
        "theme": "communication",
        "uses": ["staff_training"],
        "naming": "first_name",
        "action": "send",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_telling_a_story_reads_in_urdu_right_to_left(amara, trust):
    _reads_in(amara, trust, "ur")
    page = _html(amara.client.get(reverse("stories:new")))
    assert 'dir="rtl"' in page
    assert "<h1>اپنی کہانی سنائیں</h1>" in page
    assert "اپنی کہانی کا ایک مختصر عنوان دیں" in page  # a label
    assert "عملے کی تربیت" in page  # a consent choice (staff training)
    assert "رضامندی 2 سال تک رہتی ہے" in page  # the agreement's length, a plural
    assert 'ایمرجنسی میں <span dir="ltr">999</span> پر فون کریں۔' in page  # the number stays left to right
    assert "Tell your story" not in page
    assert "How may we use your story?" not in page

    page = _html(amara.client.post(reverse("stories:new"), _story_form(trust.willow, title="", uses=None)))
    assert "اپنی کہانی کے لیے ایک مختصر عنوان لکھیں" in page  # "Enter a short title for your story"
    assert "Enter a short title for your story" not in page
    assert not Story.objects.exists()


def test_telling_a_story_reads_in_polish_and_a_refusal_says_why_in_polish(amara, trust):
    _reads_in(amara, trust, "pl")
    page = _html(amara.client.get(reverse("stories:new")))
    assert 'dir="ltr"' in page
    assert "<h1>Opowiedz swoją historię</h1>" in page
    assert "Jak możemy użyć Twojej historii?" in page
    assert "Zgoda obowiązuje przez 2 lata" in page  # Polish's own plural form for 2

    # No use ticked: the service refuses it, in Polish.
    page = _html(amara.client.post(reverse("stories:new"), _story_form(trust.willow, uses=None)))
    assert "Wybierz co najmniej jeden sposób, w jaki możemy użyć historii, albo zapisz ją jako szkic" in page
    assert not Story.objects.exists()

    response = amara.client.post(reverse("stories:new"), _story_form(trust.willow), follow=True)
    assert "Dziękujemy. Twoja historia trafiła do zespołu People Participation." in _html(response)
    # What is kept for staff stays in English, whatever language the teller reads.
    assert Story.objects.get().history.filter(note="Told by told in withus by the teller").exists()


def test_my_stories_and_stopping_a_use_read_in_polish(amara, trust):
    _reads_in(amara, trust, "pl")
    story = services_stories.story_save(
        organisation=trust.organisation,
        teller=amara.person,
        values={
            "title": "Nobody explained my leave",
            "what_happened": "My leave was cancelled and nobody told me why.",
            "could_be_better": "",
            "unit": trust.willow,
            "experience_month": None,
            "theme": StoryTheme.COMMUNICATION,
        },
        actor=amara.user,
        consents=[(StoryUseKind.STAFF_TRAINING, Naming.FIRST_NAME)],
        submit=True,
    )
    page = _html(amara.client.get(reverse("stories:mine")))
    assert "<h1>Moje historie</h1>" in page
    assert "Otrzymana" in page  # the status tag
    assert "Szkolenia personelu (tylko imię): do <bdi>" in page
    page = _html(amara.client.get(reverse("stories:detail", args=[story.pk])))
    assert "Bycie wysłuchanym i informowanym" in page  # the theme
    assert "Na razie nie ma odpowiedzi." in page
    consent = story.consents.get()
    page = _html(amara.client.get(reverse("stories:withdraw", args=[story.pk, consent.pk])))
    assert "<h1>Przestań używać historii do tego celu: szkolenia personelu</h1>" in page
    response = amara.client.post(reverse("stories:withdraw", args=[story.pk, consent.pk]), follow=True)
    assert "Nie użyjemy już historii do tego celu: szkolenia personelu." in _html(response)


def _idea_form(unit, **changes):
    data = {
        "title": "Quieter nights",
        "detail": "The night checks wake everyone.",
        "units": [str(unit.pk)],
        "theme": "environment",
        "risk_disclosed": "no",
        "complaint": "no",
        "wants_to_help": "yes",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_raising_an_idea_reads_in_urdu_right_to_left(amara, trust):
    _reads_in(amara, trust, "ur")
    page = _html(amara.client.get(reverse("ideas:new")))
    assert 'dir="rtl"' in page
    assert "<h1>ہمیں کوئی خیال یا تشویش بتائیں</h1>" in page
    assert "کیا کسی کو نقصان کا خطرہ ہے؟" in page  # a yes/no question
    assert "کھانا اور مشروبات" in page  # a theme (food and drink)
    assert "Is anyone at risk of harm?" not in page

    page = _html(amara.client.post(reverse("ideas:new"), _idea_form(trust.willow, title="", theme=None)))
    assert "ایک مختصر عنوان لکھیں" in page  # "Enter a short title"
    assert "چنیں کہ یہ زیادہ تر کس بارے میں ہے" in page  # "Choose what it is mostly about"
    assert "Enter a short title" not in page
    assert not Idea.objects.exists()


def test_raising_an_idea_reads_in_polish_and_a_refusal_says_why_in_polish(amara, trust):
    _reads_in(amara, trust, "pl")
    page = _html(amara.client.get(reverse("ideas:new")))
    assert "<h1>Podziel się z nami pomysłem lub obawą</h1>" in page
    assert "Czy chcesz złożyć skargę na opiekę?" in page
    assert ">Tak<" in page or "Tak\n" in page

    page = _html(amara.client.post(reverse("ideas:new"), _idea_form(trust.willow, units=None, complaint=None)))
    assert "Wybierz oddział, zespół lub usługę, których to dotyczy" in page
    assert "Powiedz, czy chcesz złożyć skargę" in page
    assert not Idea.objects.exists()

    page = _html(amara.client.get(reverse("ideas:heard")))
    assert "<h1>Wysłuchaliśmy Cię</h1>" in page
    assert "Nie przekazano nam jeszcze od Ciebie żadnego pomysłu ani obawy." in page
