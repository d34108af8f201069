"""Messages staff send by hand (letters to post, calls to make) flag the person's communication needs, and a letter
to someone who needs large print is printed in large print (the Accessible Information Standard, ADR 41)."""

import pytest
from django.urls import reverse

from withus.notifications import views
from withus.notifications.models import Channel, MessageStatus
from withus.notifications.tests.factories import MessageFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch):
    """What the letter PDF was rendered with (the PDF itself is checked elsewhere)."""
    seen = {}

    def fake_render(template, context, *, title):
        seen.update(context)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(views, "render_pdf", fake_render)
    return seen


def _letter(person):
    return MessageFactory(
        person=person, channel=Channel.LETTER, status=MessageStatus.FOR_STAFF, to_address="1 High Street"
    )


def test_a_letter_for_someone_who_needs_large_print_is_in_large_print(lead, trust, rendered):
    person = PersonFactory(organisation=trust.organisation, communication_needs=["large_print", "braille"])
    letter = _letter(person)
    assert lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk})).status_code == 200
    assert rendered["large_print"] is True

    detail = lead.client.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "Communication needs (Accessible Information Standard):" in detail
    assert "Large print, Braille" in detail
    assert "printed in large print" in detail
    outbox = lead.client.get(reverse("notifications:outbox") + "?status=for_staff&channel=letter").content.decode()
    assert "Large print" in outbox
    assert "nhsuk-tag--purple" in outbox


def test_a_letter_for_someone_without_that_need_is_in_normal_print(lead, trust, rendered):
    letter = _letter(PersonFactory(organisation=trust.organisation))
    lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert rendered["large_print"] is False
    detail = lead.client.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "Accessible Information Standard" not in detail
