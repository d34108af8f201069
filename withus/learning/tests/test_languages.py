"""My learning, a course page and booking a place read in the participant's own language (issue 26): Urdu right to
left, Polish with its three plural forms; what goes wrong when booking is said in their language too."""

import pytest
from django.utils import timezone

from withus.learning.models import CourseCode


@pytest.fixture
def reads(trust, participant):
    """A participant whose trust offers Urdu and Polish and who chose `code`."""
    trust.organisation.languages_offered = ["ur", "pl"]
    trust.organisation.save()

    def make(code):
        someone = participant("Chen Li")
        someone.user.language = code
        someone.user.save()
        return someone

    return make


def _page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_my_learning_in_urdu_reads_right_to_left(reads, courses, make_cohort):
    make_cohort(CourseCode.INTRO_QI, count=2)
    page = _page(reads("ur").client, "/me/learning/")
    assert '<html lang="ur" dir="rtl"' in page
    assert "<h1>میری تعلیم</h1>" in page
    assert "آپ کا اگلا قدم" in page  # Your next step
    # Its text, whole ("QI" is spelt out where first used on the page, in every language).
    assert "<p>آپ اب Introduction to معیار میں بہتری (QI) for service users and carers بک کر سکتے ہیں۔</p>" in page
    assert "آپ یہ بک کر سکتے ہیں" in page  # a role training's tag
    assert "جب آپ کوئی کورس مکمل کریں گے تو آپ کا سرٹیفکیٹ یہاں ہوگا۔" in page
    assert "Your next step" not in page
    assert "You can book this" not in page


def test_my_learning_in_polish_shows_a_booked_course_and_its_sessions(reads, courses, make_cohort):
    cohort = make_cohort(CourseCode.INTRO_QI, count=2, name="Spring group")
    chen = reads("pl")
    response = chen.client.post(f"/learning/cohorts/{cohort.pk}/book/")
    assert response.status_code == 302
    page = _page(chen.client, "/me/learning/")
    assert '<html lang="pl" dir="ltr"' in page
    assert "Masz miejsce na kursie Introduction to QI for service users and carers: Spring group." in page
    assert "Zarezerwowano: Spring group" in page  # the step's own text
    assert "Wkrótce" in page  # Coming up
    assert "Room 1." in page
    assert "You have a place" not in page


def test_a_course_page_in_polish_says_what_to_do_first(reads, courses, make_cohort):
    make_cohort(CourseCode.QI_FUNDAMENTALS, count=3)
    course = courses[CourseCode.QI_FUNDAMENTALS]
    page = _page(reads("pl").client, f"/learning/courses/{course.pk}/")
    assert '<h2 class="nhsuk-heading-m">Czego się nauczysz</h2>' in page
    assert "Zanim zapiszesz się na kurs QI Fundamentals, musisz ukończyć: Introduction to QI" in page
    assert "3 spotkania" in page  # Polish "few" plural form
    assert "Wolne: 10 z 10" in page
    assert "Ścieżka nauki poprawa jakości (QI)" in page  # the kind of course; QI spelled out in Polish
    assert "What you will learn" not in page


def test_a_course_page_in_urdu(reads, courses, make_cohort):
    make_cohort(CourseCode.INTRO_QI)
    course = courses[CourseCode.INTRO_QI]
    page = _page(reads("ur").client, f"/learning/courses/{course.pk}/")
    assert 'dir="rtl"' in page
    assert "آپ کیا سیکھیں گے" in page  # What you will learn
    assert "جگہ بک کریں" in page  # Book a place
    assert "سروس استعمال کرنے والے اور نگہداشت کرنے والے" in page  # who can book it


@pytest.mark.parametrize(
    ("code", "title", "error"),
    [
        ("ur", "خرابی:", "intro-qi cohort منسوخ کر دیا گیا ہے۔ کوئی اور تاریخ چنیں۔"),
        ("pl", "Błąd:", "intro-qi cohort zostało odwołane. Wybierz inny termin."),
    ],
)
def test_a_booking_that_cannot_be_made_says_why_in_the_persons_language(
    reads, courses, make_cohort, code, title, error
):
    cohort = make_cohort(CourseCode.INTRO_QI)
    cohort.cancelled_at = timezone.now()
    cohort.cancel_reason = "The room is not free"
    cohort.save()
    response = reads(code).client.post(f"/learning/cohorts/{cohort.pk}/book/")
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert title in page
    assert "There is a problem" not in page
    assert not cohort.enrolments.exists()


def test_withdrawing_in_polish(reads, courses, make_cohort):
    cohort = make_cohort(CourseCode.INTRO_QI)
    chen = reads("pl")
    chen.client.post(f"/learning/cohorts/{cohort.pk}/book/")
    page = _page(chen.client, f"/learning/cohorts/{cohort.pk}/withdraw/")
    assert "Wypisać się z: intro-qi cohort?" in page
    assert "Twoje miejsce zostanie zaproponowane następnej osobie z listy oczekujących." in page
    response = chen.client.post(f"/learning/cohorts/{cohort.pk}/withdraw/", follow=True)
    assert "Wypisano Cię. Dziękujemy za informację." in response.content.decode()


def test_a_booked_step_and_its_withdraw_link_are_punctuated_in_urdu(reads, courses, make_cohort):
    cohort = make_cohort(CourseCode.INTRO_QI, name="Spring group")
    chen = reads("ur")
    chen.client.post(f"/learning/cohorts/{cohort.pk}/book/")
    page = _page(chen.client, "/me/learning/")
    withdraw = f'<a href="/learning/cohorts/{cohort.pk}/withdraw/">واپس لیں'
    assert f"Spring group میں بک ہے۔ {withdraw}" in page  # the Urdu full stop, not "."
    assert '<span class="nhsuk-u-visually-hidden"> Spring group سے</span></a>' in page


def test_dates_for_pages_have_the_month_in_the_readers_language():
    import datetime

    from django.utils import translation

    from withus.core.formatting import date_in_language

    with translation.override("pl"):
        assert date_in_language(datetime.date(2025, 4, 13)) == "13 kwietnia 2025"
    with translation.override("ur"):
        assert date_in_language(datetime.date(2025, 4, 13)) == "13 اپریل 2025"
    with translation.override("en-gb"):
        assert date_in_language(datetime.date(2025, 4, 13)) == "13 April 2025"
