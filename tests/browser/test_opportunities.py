"""Opportunities: a participant (amara@) applies and sees her involvement; a lead (lead@) selects fairly and
records attendance; spread shows which wards have started."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary, follow_menu_link, person_url_by_search

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
OPEN_TITLE = "Tell your story at the trust board"
CLOSED_TITLE = "Interview panel: Willow Ward manager (closed, choosing people)"
PAST_TITLE = "Co-deliver training for new nurses (earlier round)"
CANCEL_TITLE = "Menu tasting on Willow Ward (browser test)"


def test_participant_applies_and_sees_her_involvement(new_signed_in_page) -> None:
    page = new_signed_in_page(AMARA)
    follow_menu_link(page, "Opportunities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities to get involved")
    expect(page.get_by_role("status")).to_contain_text("open to you")
    assert_accessible(page)

    page.get_by_role("link", name=OPEN_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OPEN_TITLE)
    expect(page.get_by_role("main")).to_contain_text("Payment")
    assert_accessible(page)
    detail = page.url

    page.get_by_role("button", name="I am interested").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us you are interested")
    assert_accessible(page)
    page.get_by_label("Anything you would like to tell us (optional)").fill("x" * 1001)
    page.get_by_role("button", name="Send my interest").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must be 1,000 characters or fewer")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Anything you would like to tell us (optional)").fill("I have shared my story before.")
    page.get_by_label("Anything that would help you take part (optional)").fill("A short pre-meeting, please")
    page.get_by_role("button", name="Send my interest").click()
    expect(page).to_have_url(detail)
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("We have your interest")
    expect(page.locator(".nhsuk-tag", has_text="We have your interest")).to_be_visible()
    assert_accessible(page)

    follow_menu_link(page, "My involvement")
    expect(page.get_by_role("heading", level=1)).to_have_text("My involvement")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=OPEN_TITLE, exact=True)).to_be_visible()
    expect(main).to_contain_text("Reducing racist incidents on Willow Ward")
    expect(main).to_contain_text("Total hours")
    assert_accessible(page)

    # Selection pages are not for participants.
    response = page.goto(f"{detail}selection/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_lead_selects_fairly_and_records_attendance(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    follow_menu_link(page, "Opportunities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities to get involved")
    assert_accessible(page)
    page.get_by_label("Kind of involvement").select_option(label="Recruitment interview panel")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name=CLOSED_TITLE).click()
    page.get_by_role("button", name="Selection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Selection")
    expect(page.get_by_role("table", name="Fair-selection facts")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Hours in the last 3 months")
    assert_accessible(page)

    page.get_by_role("button", name="Suggest fairly").click()
    expect(page.locator("strong.nhsuk-tag", has_text="Suggested")).to_have_count(2)
    expect(
        page.get_by_role("group", name="Who will you offer a place to?").get_by_role("checkbox", checked=True)
    ).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Offer places and tell people").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("2 people have been offered a place")
    expect(page.locator(".nhsuk-tag", has_text="Offered a place")).to_have_count(2)
    assert_accessible(page)

    page.goto("/opportunities/")
    page.get_by_label("Kind of involvement").select_option(label="Co-delivering staff training")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name=PAST_TITLE).click()
    page.get_by_role("button", name="Selection").click()
    page.get_by_role("link", name=re.compile(r"^Record attendance")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    assert_accessible(page)
    attended = page.get_by_label("Attended", exact=True)
    for number in range(attended.count()):
        attended.nth(number).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Attendance saved")
    assert_accessible(page)

    # Each attended session is now an involvement record, seen from the person's page.
    person_url_by_search(page, "Amara Bello")
    page.get_by_role("link", name=re.compile(r"^Involvement records")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement")
    expect(page.get_by_role("main")).to_contain_text(PAST_TITLE)
    assert_accessible(page)

    follow_menu_link(page, "Spread")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spread of involvement")
    expect(page.get_by_role("main")).to_contain_text("Not started")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Records this quarter")).click()
    expect(page).to_have_url(re.compile(r"\?sort=records$"))
    assert_accessible(page)


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_lead_cancels_an_opportunity_saying_why(new_signed_in_page) -> None:
    """The lead posts an opportunity of their own (no other test uses it), then cancels it."""
    page = new_signed_in_page(LEAD)
    page.goto("/opportunities/new/")
    page.get_by_label("Title").fill(CANCEL_TITLE)
    page.get_by_label("What it involves, in plain English").fill("Taste the new menu and tell us what you think.")
    page.get_by_role("radio", name="Recruitment interview panel", exact=True).check()
    units = page.get_by_label("Ward, team or service")
    units.select_option(units.locator("option", has_text=re.compile(r"Willow Ward$")).get_attribute("value"))
    today = datetime.datetime.now(tz=datetime.UTC).date()
    _fill_date(page, "Date of the first session", today + datetime.timedelta(days=21))
    page.get_by_label("Start time").fill("10am")
    page.get_by_label("End time").fill("12pm")
    page.get_by_label("Where (optional)").fill("Willow Ward dining room")
    page.get_by_label("Number of places").fill("3")
    _fill_date(page, "Closing date for interest", today + datetime.timedelta(days=14))
    page.get_by_role("button", name="Save opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CANCEL_TITLE)
    detail = page.url

    page.get_by_role("button", name="Cancel opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this opportunity?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel it").click()
    expect_error_summary(page, "Enter why it is cancelled")
    page.get_by_label("Why is it cancelled?").fill("The new menu has been delayed until the spring.")
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page).to_have_url(detail)
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("The opportunity is cancelled")
    expect(page.get_by_role("main")).to_contain_text("The new menu has been delayed until the spring.")
    expect(page.get_by_role("button", name="Cancel opportunity")).to_have_count(0)
    assert_accessible(page)
