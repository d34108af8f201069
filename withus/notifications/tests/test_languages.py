"""My messages and how you hear from us, in the participant's own language (issue 26): Urdu right to left, Polish
plurals, and a form error said in their language."""

import pytest
from django.urls import reverse

from withus.notifications.models import MessageStatus
from withus.notifications.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(trust, amara):
    trust.organisation.languages_offered = ["ur", "pl"]
    trust.organisation.save()

    def choose(code):
        amara.user.language = code
        amara.user.save()
        return amara.client

    return choose


def test_my_messages_in_urdu(reads, amara):
    MessageFactory(person=amara.person, status=MessageStatus.SENT)
    page = reads("ur").get(reverse("notifications:my_messages")).content.decode()
    assert '<html lang="ur" dir="rtl"' in page
    assert "<h1>پیغامات</h1>" in page
    assert "آپ کے پچھلی بار دیکھنے کے بعد سے 1 پیغام نیا ہے۔" in page
    assert "ہم سے خبر ملنے کا طریقہ بدلیں" in page  # Change how you hear from us
    assert "About your place" in page  # the message itself is as it was sent


def test_my_messages_in_polish_counts_in_the_few_form(reads, amara):
    for _ in range(3):
        MessageFactory(person=amara.person, status=MessageStatus.SENT)
    page = reads("pl").get(reverse("notifications:my_messages")).content.decode()
    assert "Od Twojej ostatniej wizyty są 3 nowe wiadomości." in page


def test_my_messages_with_none_yet_in_polish(reads):
    page = reads("pl").get(reverse("notifications:my_messages")).content.decode()
    assert "Nie wysłaliśmy Ci jeszcze żadnych wiadomości." in page


@pytest.mark.parametrize(
    ("code", "heading", "error"),
    [
        ("ur", "آپ ہم سے کیسے خبر پاتے ہیں", "خاموش اوقات کا آغاز ایک درست وقت ہونا چاہیے، جیسے 10pm، 7:30am یا 22:00"),
        (
            "pl",
            "Jak się z Tobą kontaktujemy",
            "Początek godzin ciszy musi być prawdziwą godziną, np. 10pm, 7:30am lub 22:00",
        ),
    ],
)
def test_a_bad_contact_choice_is_explained_in_the_persons_language(reads, code, heading, error):
    client = reads(code)
    page = client.get(reverse("notifications:my_contact")).content.decode()
    assert f"<h1>{heading}</h1>" in page
    response = client.post(reverse("notifications:my_contact"), {"first_choice": "", "quiet_from": "half nine"})
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "Choose how you would like to hear from us" not in page
    assert {"ur": "چنیں کہ آپ ہم سے کیسے خبر پانا چاہتے ہیں", "pl": "Wybierz, jak chcesz otrzymywać od nas wiadomości"}[
        code
    ] in page
