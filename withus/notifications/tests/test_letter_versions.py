"""Letters honour the person's communication needs (the Accessible Information Standard, ADR 41, issue 26): an
easy-read version for someone who needs easy read, large print for someone who needs that, and for braille or
audio, which WithUs cannot make, a clear flag for the staff who send the letter, never a pretend version."""

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from withus.accounts.models import Role
from withus.core.easy_read import picture_data_url
from withus.notifications import presenters, views
from withus.notifications.models import Channel, MessageStatus
from withus.notifications.tests.factories import MessageFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Dear Chen,\n\nThank you for getting in touch. Priya will ring you to arrange a welcome conversation. "
    "You are welcome to bring a friend.\n\nWe pay £15 for each hour.\n\nWith thanks,\nThe People Participation team"
)
BRAILLE = "Needs braille: arrange a braille copy before sending"
AUDIO = "Needs audio: arrange an audio version before sending"


def _letter(trust, needs, **kwargs):
    person = PersonFactory(organisation=trust.organisation, full_name="Chen Li", communication_needs=needs)
    values = {"channel": Channel.LETTER, "status": MessageStatus.FOR_STAFF, "to_address": "1 High Street", **kwargs}
    return MessageFactory(person=person, subject="Welcome to WithUs", body=BODY, **values)


def _pdf(client, message) -> PdfReader:
    response = client.get(reverse("notifications:letter", kwargs={"message_id": message.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _figures(node, found=None) -> list[str]:
    """The text alternative of every picture in the PDF's tag tree."""
    found = [] if found is None else found
    node = node.get_object()
    if node.get("/S") == "/Figure":
        found.append(str(node.get("/Alt", "")))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        child = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(child, dict):
            _figures(child, found)
    return found


@pytest.fixture
def rendered(monkeypatch):
    """Which template the letter PDF was rendered from, and with what."""
    seen = {}

    def fake_render(template, context, *, title):
        seen.update(context, template=template, pdf_title=title)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(views, "render_pdf", fake_render)
    return seen


def test_a_letter_for_someone_who_needs_easy_read_is_in_easy_read_with_a_picture_beside_each_part(lead, trust):
    reader = _pdf(lead.client, _letter(trust, ["easy_read"]))
    text = _text(reader)
    assert "Easy read" in text.splitlines()
    assert "Welcome to WithUs" in text
    # One idea on each line: each sentence starts a line of its own.
    lines = text.splitlines()
    assert "Thank you for getting in touch." in lines
    assert any(line.startswith("You are welcome to bring a friend.") for line in lines)
    assert reader.metadata.title == "Letter to Chen Li (easy read)"
    assert _figures(reader.trailer["/Root"]["/StructTreeRoot"]) == [
        "A raised hand",
        "A telephone",
        "A pound coin",
        "A star",
    ]


def test_easy_read_wins_over_large_print_and_is_in_large_type_too(lead, trust, rendered):
    letter = _letter(trust, ["easy_read", "large_print"])
    lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert rendered["template"] == "notifications/letter.easy.html.jinja"
    assert [idea.lines[0] for idea in rendered["ideas"]] == [
        "Dear Chen,",
        "Thank you for getting in touch.",
        "We pay £15 for each hour.",
        "With thanks,",
    ]


def test_large_print_still_works(lead, trust, rendered):
    letter = _letter(trust, ["large_print"])
    lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert (rendered["template"], rendered["large_print"]) == ("notifications/letter.html.jinja", True)
    page = lead.client.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "printed in large print" in page


def test_a_real_large_print_letter_is_a_pdf_without_the_easy_read_heading(lead, trust):
    text = _text(_pdf(lead.client, _letter(trust, ["large_print"])))
    assert "Welcome to WithUs" in text
    assert "Easy read" not in text


def test_someone_with_no_needs_gets_the_standard_letter(lead, trust, rendered):
    letter = _letter(trust, [])
    lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert (rendered["template"], rendered["large_print"]) == ("notifications/letter.html.jinja", False)
    assert "ideas" not in rendered
    page = lead.client.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "Before you post this letter" not in page
    assert "printed in easy read" not in page


def test_a_letter_for_a_message_that_is_not_a_letter_is_not_found(lead, trust):
    email = _letter(trust, ["easy_read"], channel=Channel.EMAIL, status=MessageStatus.SENT)
    assert lead.client.get(reverse("notifications:letter", kwargs={"message_id": email.pk})).status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert lead.client.get(reverse("notifications:letter", kwargs={"message_id": missing})).status_code == 404


def test_braille_and_audio_are_flagged_on_the_message_page_and_the_outbox_not_pretended(lead, trust, rendered):
    letter = _letter(trust, ["braille", "audio"])
    page = lead.client.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "Before you post this letter" in page
    assert BRAILLE in page
    assert AUDIO in page
    outbox = lead.client.get(reverse("notifications:outbox") + "?status=for_staff&channel=letter").content.decode()
    assert BRAILLE in outbox
    assert AUDIO in outbox
    # The letter itself is the standard one: nothing in it claims to be braille or audio.
    lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert rendered["template"] == "notifications/letter.html.jinja"


def test_an_email_to_someone_who_reads_braille_is_not_flagged(lead, trust):
    email = _letter(trust, ["braille"], channel=Channel.EMAIL, status=MessageStatus.SENT)
    page = lead.client.get(reverse("notifications:detail", kwargs={"message_id": email.pk})).content.decode()
    assert BRAILLE not in page
    assert BRAILLE not in lead.client.get(reverse("notifications:outbox")).content.decode()


def test_a_participant_cannot_print_a_letter(amara, trust):
    letter = _letter(trust, ["easy_read"])
    assert amara.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk})).status_code in (403, 404)


def test_easy_read_ideas_keep_every_word_and_put_each_sentence_on_its_own_line():
    ideas = presenters.easy_read_ideas("Hi Ben.\r\n\r\nThe meeting is on Monday. It starts at 4pm!\n\n\n\nOk")
    assert [idea.lines for idea in ideas] == [["Hi Ben."], ["The meeting is on Monday.", "It starts at 4pm!"], ["Ok"]]
    assert [idea.description for idea in ideas] == ["A raised hand", "A calendar page", "An envelope"]
    assert presenters.easy_read_ideas("") == []


@pytest.mark.parametrize("name", ["nope", "../pdf", "letter.svg", ""])
def test_only_shipped_pictures_can_be_used(name):
    with pytest.raises(ValueError, match="no easy-read picture"):
        picture_data_url(name)
    assert picture_data_url("letter").startswith("data:image/svg+xml;base64,")


def test_a_letter_to_someone_who_reads_urdu_runs_right_to_left(lead, trust, make_user):
    """Their messages are written in Urdu (withus.notifications.services.language), so the letter is marked Urdu
    and right to left; someone whose language the trust does not offer gets an English, left-to-right letter."""
    trust.organisation.languages_offered = ["ur"]
    trust.organisation.save()
    reader = make_user(Role.PARTICIPANT, language="ur")
    letter = _letter(trust, [])
    letter.body = "محترم چن، شکریہ۔ ہم آپ کو فون کریں گے۔"
    letter.save()
    letter.person.user = reader
    letter.person.save()
    html = render_to_string("notifications/letter.html.jinja", _context_of(lead, letter))
    assert '<html lang="ur" dir="rtl">' in html
    reader.language = "pl"  # not offered by this trust
    reader.save()
    html = render_to_string("notifications/letter.html.jinja", _context_of(lead, letter))
    assert '<html lang="en-gb" dir="ltr">' in html


def _context_of(client_user, letter) -> dict:
    seen = {}

    def capture(template, context, *, title):
        seen.update(context)
        return b"%PDF-1.7 fake"

    original, views.render_pdf = views.render_pdf, capture
    try:
        client_user.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    finally:
        views.render_pdf = original
    return seen


def test_easy_read_lines_split_at_urdu_and_bengali_full_stops_too():
    assert presenters._SENTENCE_END.split("پہلا جملہ۔ دوسرا جملہ؟ تیسرا") == ["پہلا جملہ۔", "دوسرا جملہ؟", "تیسرا"]
    assert presenters._SENTENCE_END.split("প্রথম বাক্য। দ্বিতীয়") == ["প্রথম বাক্য।", "দ্বিতীয়"]
