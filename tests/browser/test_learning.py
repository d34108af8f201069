"""Learning: amara@ sees her pathway and downloads her certificate; chen@ books the introduction and is told
why not the Improvement Leaders Programme; lead@ records attendance and reads the funnel."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_accessible, expect_error_summary, follow_menu_link

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
CHEN = "chen@demo.withus.local"
LEAD = "lead@demo.withus.local"
STAFF = "staff@demo.withus.local"
INTRO = "Introduction to QI for service users and carers"
# On a participant's page the first "QI" is spelled out (issue 14 item 9).
SPELLED_INTRO = "Introduction to quality improvement (QI) for service users and carers"
EITHER_INTRO = re.compile(r"^Introduction to (QI|quality improvement \(QI\)) for service users and carers$")
WAVE = "Improvement Leaders Programme: wave 2"
# A cohort planned about four months ahead, named after its month, whatever year the tests run in.
INDUCTION_ON = datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=120)
INDUCTION = f"Induction: {INDUCTION_ON:%B %Y}"


def test_amara_sees_her_next_step_and_downloads_her_certificate(new_signed_in_page) -> None:
    page = new_signed_in_page(AMARA)
    follow_menu_link(page, "My learning")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    main = page.get_by_role("main")
    expect(main).to_contain_text("You are booked on Improvement Leaders Programme.")
    expect(main.get_by_role("link", name=EITHER_INTRO)).to_be_visible()
    expect(main).to_contain_text("Recruitment panel member training")
    assert_accessible(page)

    with page.expect_download() as download_info:
        main.get_by_role("link", name="Download your certificate for QI Fundamentals (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.suggested_filename.startswith("certificate-qi-fundamentals")
    with open(download.path(), "rb") as pdf:  # noqa: PTH123 - Playwright gives a plain path
        assert pdf.read(5) == b"%PDF-"


def test_chen_books_the_introduction_and_is_told_why_not_the_ilp(new_signed_in_page) -> None:
    page = new_signed_in_page(CHEN)
    follow_menu_link(page, "My learning")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"You can now book {SPELLED_INTRO}.")
    assert_accessible(page)

    main.get_by_role("button", name=f"Book {INTRO}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INTRO)  # "QI" is spelled out in the caption above
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Book a place")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Introduction to (QI|quality improvement \(QI\)): January 2027$")
    )
    assert_accessible(page)
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("You have a place")
    expect(page.get_by_role("main")).to_contain_text(f"You are booked on {SPELLED_INTRO}.")
    expect(page.get_by_role("main")).to_contain_text("Coming up")
    assert_accessible(page)

    page.get_by_role("link", name="Improvement Leaders Programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement Leaders Programme")
    expect(page.get_by_role("main")).to_contain_text(
        "You need to complete QI Fundamentals before you can book Improvement Leaders Programme."
    )
    # No booking link is offered for a course he cannot book yet.
    expect(page.get_by_role("link", name=re.compile(r"^Book a place"))).to_have_count(0)
    assert_accessible(page)


def test_lead_records_attendance_and_reads_the_funnel(new_signed_in_page, server) -> None:
    page = new_signed_in_page(LEAD)
    follow_menu_link(page, "Learning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning")
    assert_accessible(page)
    page.get_by_role("link", name="Improvement Leaders Programme", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement Leaders Programme")
    assert_accessible(page)
    page.get_by_role("link", name=WAVE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WAVE)
    expect(page.get_by_role("main")).to_contain_text("Amara Bello")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Record attendance")).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    assert_accessible(page)
    page.get_by_label("Amara Bello").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Attendance saved")
    expect(page.get_by_role("heading", level=1)).to_have_text(WAVE)

    page.goto(f"{server.base_url}/learning/funnel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathway funnel")
    expect(page.get_by_role("table", name="People starting and completing each step")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Waiting more than six months")
    assert_accessible(page)


def test_lead_sees_enrolment_errors_kindly(new_signed_in_page, server) -> None:
    page = new_signed_in_page(LEAD)
    page.goto(f"{server.base_url}/learning/")
    page.get_by_role("link", name="QI Fundamentals", exact=True).click()
    page.get_by_role("link", name="QI Fundamentals: February 2027").click()
    expect(page.get_by_role("main")).to_contain_text("Waiting list (2)")
    page.get_by_role("button", name="Enrol someone").click()
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select the person to enrol")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)


def test_lead_plans_a_cohort_and_changes_a_course(new_signed_in_page, server) -> None:
    page = new_signed_in_page(LEAD)
    page.goto(f"{server.base_url}/learning/")
    page.get_by_role("link", name="Board and committee induction", exact=True).click()
    page.get_by_role("button", name="Plan a cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a cohort")
    assert_accessible(page)
    page.get_by_role("button", name="Save cohort").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter name of the cohort")
    assert_accessible(page)
    page.get_by_label("Name of the cohort").fill(INDUCTION)
    page.get_by_label("Day").fill(str(INDUCTION_ON.day))
    page.get_by_label("Month").fill(str(INDUCTION_ON.month))
    page.get_by_label("Year").fill(str(INDUCTION_ON.year))
    page.get_by_label("Start time").fill("10am")
    page.get_by_label("End time").fill("1pm")
    page.get_by_label("It is online").check()
    page.get_by_label("Number of places").fill("8")
    page.get_by_role("button", name="Save cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INDUCTION)
    assert_accessible(page)

    # Cancelling it: a reason is required (the people booked are e-mailed it), then it is marked cancelled.
    page.get_by_role("link", name="Cancel this cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cancel {INDUCTION}")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the cohort").click()
    expect_error_summary(page, "Enter why the cohort is cancelled")
    page.get_by_label("Why the cohort is cancelled").fill("Planned by mistake: the induction moves to May")
    page.get_by_role("button", name="Cancel the cohort").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(f"{INDUCTION} is cancelled")
    expect(page.get_by_role("row", name=re.compile(INDUCTION))).to_contain_text("Cancelled")
    assert_accessible(page)
    page.get_by_role("link", name=INDUCTION).click()
    expect(page.get_by_role("main")).to_contain_text("Planned by mistake: the induction moves to May")
    page.get_by_role("link", name="Board and committee induction").click()
    page.get_by_role("link", name=re.compile(r"^Change the course details")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the course")
    assert_accessible(page)


def test_staff_give_feedback_on_a_session(new_signed_in_page, server) -> None:
    page = new_signed_in_page(STAFF)
    page.goto(f"{server.base_url}/me/learning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Give feedback on ")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How was the session?")
    assert_accessible(page)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select a score from 1 to 5")
    page.get_by_label("4: good").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Thank you for your feedback")
