"""Issue 26 item 4: the experience survey, the support pages, My involvement and My details read in the person's
language, with Urdu right to left, and the survey's errors translated too."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from withus.involvement.presenters import hours_text
from withus.involvement.tests.factories import InvolvementKindFactory, RecordFactory


@pytest.fixture
def speaks(amara, trust):
    """Amara reads WithUs in the language given (the trust offers them all)."""

    def choose(code):
        trust.organisation.languages_offered = ["bn", "ur", "so", "tr", "pl"]
        trust.organisation.save()
        amara.user.language = code
        amara.user.save()
        return amara.client

    return choose


def _page(response) -> str:
    assert response.status_code == 200
    return html.unescape(" ".join(response.content.decode().split()))


def test_the_survey_reads_in_urdu_right_to_left(speaks):
    page = _page(speaks("ur").get(reverse("support:my_survey")))
    assert '<html lang="ur" dir="rtl"' in page
    assert "<h1>اس مہینے آپ کی شرکت کیسی رہی؟</h1>" in page
    assert "کیا آپ کو لگا کہ آپ کی بات سنی گئی؟" in page  # a question
    assert "1 – بالکل نہیں" in page  # the scale
    assert "میرے جواب بھیجیں" in page  # the button
    assert "Did you feel heard?" not in page
    assert "Send my answers" not in page


def test_a_survey_sent_with_no_answers_says_what_to_fix_in_urdu(speaks):
    page = _page(speaks("ur").post(reverse("support:my_survey"), {}))
    assert "ایک مسئلہ ہے" in page  # There is a problem
    assert "'کیا آپ کو لگا کہ آپ کی بات سنی گئی؟' کے لیے 1 سے 5 تک ایک جواب چنیں" in page
    assert "Choose an answer" not in page


def test_a_survey_answer_out_of_range_is_refused_in_polish(speaks):
    client = speaks("pl")
    answers = {"voice": "9", "contribute": "3", "agenda": "3", "change": "3"}
    page = _page(client.post(reverse("support:my_survey"), answers))
    assert '<html lang="pl" dir="ltr"' in page
    assert "<h1>Jak minął Twój udział w tym miesiącu?</h1>" in page
    assert "Wybierz odpowiedź od 1 do 5" in page
    assert "Wystąpił problem" in page


def test_a_survey_sent_in_polish_is_thanked_in_polish(speaks):
    client = speaks("pl")
    answers = {"voice": "4", "contribute": "3", "agenda": "5", "change": "2"}
    response = client.post(reverse("support:my_survey"), answers)
    assert response.status_code == 302
    page = _page(client.get(response.url))
    assert "Dziękujemy. Twoje odpowiedzi za" in page
    assert "są zapisane." in page
    assert "Odpowiedź za" in page  # "You have answered for <month>."


def test_my_involvement_reads_in_urdu_and_polish(speaks, trust, amara):
    kind = InvolvementKindFactory(organisation=trust.organisation, code="focus-group", name="Focus group")
    RecordFactory(person=amara.person, kind=kind, hours=Decimal("2"), source_label="Interview panel")
    page = _page(speaks("ur").get(reverse("involvement:my_involvement")))
    assert '<html lang="ur" dir="rtl"' in page
    assert "<h1>میری شرکت</h1>" in page
    assert "کل گھنٹے" in page  # Total hours
    assert "2 گھنٹے" in page
    assert "آپ کی مدد" in page  # the support section
    assert "Total hours" not in page
    assert "Interview panel" in page  # what was recorded stays as written

    page = _page(speaks("pl").get(reverse("involvement:my_involvement")))
    assert "<h1>Mój udział</h1>" in page
    assert "Łącznie godzin" in page
    assert "2 godziny" in page
    assert "Ile razy brałeś(-aś) udział" in page
    assert "Twoje porozumienie o udziale" in page


def test_my_details_reads_in_urdu_and_polish(speaks):
    page = _page(speaks("ur").get(reverse("people:me")))
    assert '<html lang="ur" dir="rtl"' in page
    assert "<h1>میری تفصیلات</h1>" in page
    assert "ہم آپ کو معلومات کیسے دیتے ہیں" in page  # How we give you information
    assert "How we give you information" not in page

    page = _page(speaks("pl").get(reverse("people:me")))
    assert '<html lang="pl" dir="ltr"' in page
    assert "Jak przekazujemy Ci informacje" in page


def test_the_support_page_reads_in_urdu_with_phone_numbers_left_to_right(speaks):
    page = _page(speaks("ur").get(reverse("support:my_support")))
    assert "<h1>آپ کی مدد</h1>" in page
    assert '<span dir="ltr">116 123</span>' in page
    assert "اپنی شرکت روکیں" in page  # Pause your involvement
    assert "Your support plan" not in page


def test_pausing_is_confirmed_in_turkish(speaks):
    client = speaks("tr")
    page = _page(client.get(reverse("support:my_pause")))
    assert "<h1>Katılımınıza ara verin</h1>" in page
    response = client.post(reverse("support:my_pause"), {"reason": "Yoğun bir ay"})
    assert response.status_code == 302
    assert "Katılımınıza ara verildi. Yeriniz, eğitiminiz ve ödemeleriniz korunur." in _page(client.get(response.url))


@pytest.mark.parametrize(
    ("code", "hours", "expected"),
    [
        ("en-gb", "1", "1 hour"),
        ("en-gb", "2.5", "2.5 hours"),
        ("pl", "1", "1 godzina"),
        ("pl", "3", "3 godziny"),
        ("pl", "5", "5 godzin"),
        ("pl", "2.5", "2.5 godz."),
        ("ur", "1", "1 گھنٹا"),
    ],
)
def test_hours_are_said_in_the_readers_language(code, hours, expected):
    with translation.override(code):
        assert hours_text(Decimal(hours)) == expected


def test_a_date_that_is_not_real_is_refused_in_urdu_with_the_boxes_named_in_urdu(speaks):
    client = speaks("ur")
    page = _page(client.get(reverse("support:my_pause")))
    assert ">دن<" in page.replace(" <", "<").replace("> ", ">")  # the day box's label
    response = client.post(
        reverse("support:my_pause"), {"return_on_day": "40", "return_on_month": "1", "return_on_year": "2030"}
    )
    page = _page(response)
    assert "آپ کب واپس آنا چاہیں گے؟ (اختیاری) ایک درست تاریخ ہونی چاہیے" in page
    assert "must be a real date" not in page


def test_the_date_boxes_still_speak_english_to_english_readers(amara):
    response = amara.client.post(
        reverse("support:my_pause"), {"return_on_day": "40", "return_on_month": "1", "return_on_year": "2030"}
    )
    assert "When would you like to come back? (optional) must be a real date" in _page(response)
