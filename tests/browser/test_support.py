"""Support (issue 21): amara@ on a 360 px phone reads and agrees her agreement, edits her support plan, answers the
monthly survey (a wrong answer is refused kindly) and answers the debrief offered after a panel; lead@ then sees
her low answer on the check-in list, the experience run charts with icons and her adjustment on the next committee
meeting; staff@ gets 404 for her plan. axe finds no violations on any page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
STAFF = "staff@demo.withus.local"
PHONE = {"width": 360, "height": 740}


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def _check(page: Page) -> None:
    assert_accessible(page)
    _fits_the_screen(page)


def test_agreement_survey_debrief_and_check_in(new_signed_in_page) -> None:
    page = new_signed_in_page(AMARA)
    page.set_viewport_size(PHONE)
    page.goto("/me/agreement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your involvement agreement")
    expect(page.get_by_text("Priya Shah, People Participation lead")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Agree to this agreement").click()
    expect_error_summary(page, "Tick the box to say you have read and agree to the agreement")
    page.get_by_label("I have read this agreement and I agree to it").check()
    page.get_by_role("button", name="Agree to this agreement").click()
    expect(page.get_by_text(re.compile("You have agreed your agreement"))).to_be_visible()
    _check(page)

    page.goto("/me/support/")
    expect(page.get_by_text("116 123")).to_be_visible()
    page.get_by_label("What helps me (optional)").fill("Knowing the agenda early, and a quiet room.")
    page.get_by_role("button", name="Save my support plan").click()
    expect(page.get_by_text("Your support plan is saved.")).to_be_visible()
    _check(page)

    page.get_by_role("link", name=re.compile("say whether you would like a debrief")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Would you like a debrief?")
    _check(page)
    page.get_by_label("Yes, I would like a debrief").check()
    page.get_by_role("button", name="Send my answer").click()
    expect_error_summary(page, "Say who you would like to talk to, for example your lead or your buddy")
    page.get_by_label(re.compile("Who would you like to talk to")).fill("Priya")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Your lead will get in touch to arrange your debrief.")).to_be_visible()

    page.goto("/me/experience/")
    _check(page)
    page.get_by_role("button", name="Send my answers").click()
    expect_error_summary(page)
    for question in ("Did you feel heard?", "Were there enough ways", "Was it about things", "Did the organisers"):
        group = page.get_by_role("group", name=re.compile(re.escape(question)))
        group.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text(re.compile("Your answers for .* are saved"))).to_be_visible()

    lead = new_signed_in_page(LEAD)
    lead.goto("/support/check-ins/")
    amara = lead.locator("li", has=lead.get_by_role("link", name="Amara Bello"))
    expect(amara.get_by_text(re.compile("A low answer in the experience survey")).first).to_be_visible()
    assert_accessible(lead)
    lead.goto("/support/experience/")
    expect(lead.get_by_text("Special-cause concern (lower)")).to_be_visible()
    expect(lead.locator("[data-chart-ready='true']")).to_have_count(1)
    assert_accessible(lead)
    lead.goto("/committees/")
    lead.get_by_role("link", name="Riverside QI Forum").click()
    expect(lead.get_by_text(re.compile("Amara Bello: .*a short meeting beforehand"))).to_be_visible()
    assert_accessible(lead)
    staff = new_signed_in_page(STAFF)
    lead.goto("/support/check-ins/")
    href = lead.get_by_role("link", name="Amara Bello").get_attribute("href") or ""
    assert href.startswith("/support/people/")
    response = staff.goto(href)
    assert response is not None
    assert response.status == 404


def test_profile_paper_answers_and_buddy_check_ins(new_signed_in_page) -> None:
    """amara@ keeps her one-page profile on a phone (too many things refused kindly); lead@ sees the paper-answers
    and buddy check-in pages (axe clean). The profile is put back as the demo had it."""
    page = new_signed_in_page(AMARA)
    page.set_viewport_size(PHONE)
    page.goto("/me/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your one-page profile")
    _check(page)
    good_at = page.get_by_label("What you are good at")
    kept = good_at.input_value()
    good_at.fill("\n".join(f"Thing {number}" for number in range(6)))
    page.get_by_role("button", name="Save my profile").click()
    expect_error_summary(page, "List up to 5 things, one on each line")
    _check(page)
    page.get_by_label("What you are good at").fill(kept)
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    lead = new_signed_in_page(LEAD)
    lead.goto("/people/?q=Amara+Bello")
    lead.get_by_role("link", name="Amara Bello").first.click()
    lead.get_by_role("link", name=re.compile("Their support")).click()
    expect(lead.get_by_text(re.compile("Good at: Listening"))).to_be_visible()
    assert_accessible(lead)
    lead.get_by_role("link", name="Enter answers they gave on a paper survey form").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Enter paper survey answers")
    assert_accessible(lead)
    lead.goto("/support/buddies/")
    # A pair's own check-ins page (the menu also has a "Check-ins" link, to people who may need a call).
    lead.locator("main a[href^='/support/buddies/'][href$='/check-ins/']").first.click()
    expect(lead.get_by_text(re.compile("Peer buddy check-in"))).to_be_visible()
    assert_accessible(lead)
