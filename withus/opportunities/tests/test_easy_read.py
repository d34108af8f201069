"""Easy read (issue 26 item 3): the participant pages that matter most have an easy-read version, marked as awaiting
review with service users, chosen by a link on the page (remembered for the visit) or by the person's own record
(the communication need "easy read", ADR 41). A page without one is always the standard page. (Here with the
opportunities' fixtures; the mechanism is withus.core.easy_read.)"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from withus.core.easy_read import easy_template_name, has_easy_read

pytestmark = pytest.mark.django_db

EASY_MARK = "Awaiting review with service users"
EASY_PAGES = [
    "people/me.jinja",
    "opportunities/detail.jinja",
    "opportunities/interest.jinja",
    "payments/my_payments.jinja",
    "voice/stories/tell.jinja",
    "voice/ideas/new.jinja",
    "support/my_survey.jinja",
]
PICTURES = Path(settings.BASE_DIR) / "withus" / "core" / "static" / "withus" / "easy-read"


def _paths(opportunity) -> list[str]:
    return [
        reverse("people:me"),
        reverse("opportunities:detail", args=[opportunity.pk]),
        reverse("opportunities:interest", args=[opportunity.pk]),
        reverse("payments:my_payments"),
        reverse("stories:new"),
        reverse("ideas:new"),
        reverse("support:my_survey"),
    ]


def test_every_page_that_matters_has_an_easy_read_version(amara, opportunity):
    assert all(has_easy_read(name) for name in EASY_PAGES)
    for path in _paths(opportunity):
        standard = amara.client.get(path, {"read": "standard"}).content.decode()
        assert "Easy read version of this page" in standard, path
        assert EASY_MARK not in standard, path
        easy = amara.client.get(path, {"read": "easy"})
        assert easy.status_code == 200, path
        page = easy.content.decode()
        assert EASY_MARK in page, path
        assert "Standard version of this page" in page, path
        assert 'class="withus-easy-idea"' in page, path
        assert 'alt=""' in page, path


def test_the_choice_is_remembered_for_the_visit_and_can_be_undone(amara, opportunity):
    amara.client.get(reverse("people:me"), {"read": "easy"})
    assert EASY_MARK in amara.client.get(reverse("payments:my_payments")).content.decode()
    page = amara.client.get(reverse("ideas:new"), {"read": "standard"}).content.decode()
    assert EASY_MARK not in page
    assert "Tell us what could be better, or what worried you." in page
    assert EASY_MARK not in amara.client.get(reverse("people:me")).content.decode()


def test_someone_whose_record_says_easy_read_gets_it_without_asking(amara):
    amara.person.communication_needs = ["easy_read"]
    amara.person.save()
    page = amara.client.get(reverse("people:me")).content.decode()
    assert EASY_MARK in page
    assert "This is your page in WithUs." in page
    # The link still takes them to the standard page if they want it.
    assert EASY_MARK not in amara.client.get(reverse("people:me"), {"read": "standard"}).content.decode()


def test_a_page_with_no_easy_read_version_is_the_standard_page_with_no_link(amara):
    response = amara.client.get(reverse("involvement:my_involvement"), {"read": "easy"})
    assert response.status_code == 200
    page = response.content.decode()
    assert EASY_MARK not in page
    assert "Easy read version of this page" not in page
    assert "Standard version of this page" not in page
    assert not has_easy_read("involvement/my_involvement.jinja")
    assert easy_template_name("involvement/my_involvement.jinja") == "involvement/my_involvement.easy.jinja"


def test_staff_are_not_offered_easy_read_pages_made_for_participants(lead, opportunity):
    page = lead.client.get(reverse("opportunities:detail", args=[opportunity.pk]), {"read": "easy"}).content.decode()
    assert EASY_MARK not in page
    assert "Easy read version of this page" not in page


def test_an_easy_read_form_refuses_bad_input_kindly_like_the_standard_one(amara):
    response = amara.client.post(reverse("support:my_survey") + "?read=easy", {"voice": "9"})
    assert response.status_code == 200
    page = response.content.decode()
    assert EASY_MARK in page
    assert "There is a problem" in page
    assert "Choose an answer from 1 to 5" in page


def test_every_picture_an_easy_read_page_uses_is_shipped():
    used = set()
    for template in Path(settings.BASE_DIR, "withus").rglob("*.easy.jinja"):
        used |= set(re.findall(r'idea\("([a-z-]+)"\)', template.read_text(encoding="utf-8")))
    assert used
    missing = sorted(name for name in used if not (PICTURES / f"{name}.svg").is_file())
    assert not missing, missing
    for picture in PICTURES.glob("*.svg"):
        text = picture.read_text(encoding="utf-8")
        assert text.startswith("<svg"), picture.name
        assert "<script" not in text, picture.name
        assert "href" not in text, picture.name


def test_the_easy_read_story_page_says_how_long_the_trusts_agreement_lasts(amara, opportunity):
    from withus.voice.models.stories import StorySettings

    assert "This lasts 2 years." in amara.client.get(reverse("stories:new"), {"read": "easy"}).content.decode()
    StorySettings.objects.create(organisation_id=amara.person.organisation_id, consent_years=1)
    page = amara.client.get(reverse("stories:new"), {"read": "easy"}).content.decode()
    assert "This lasts 1 year." in page
    assert "2 years" not in page
