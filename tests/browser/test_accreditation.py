"""Accreditation: lead@ sees Willow Ward at Gold and Cedar Ward's visit in progress with the rule simulator;
amara@ rates standards alone on a 360 px phone; a review she is not on is not found; axe finds no violations."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
PHONE = {"width": 360, "height": 740}


def _path(link) -> str:
    return re.sub(r"^https?://[^/]+", "", link.get_attribute("href") or "")


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def test_lead_sees_awards_and_amara_rates_alone_on_a_phone(new_signed_in_page) -> None:
    lead = new_signed_in_page(LEAD)
    lead.goto("/accreditation/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Accreditation")
    willow_row = lead.locator("tr", has_text="Willow Ward")
    expect(willow_row.get_by_role("link", name="Gold")).to_be_visible()
    assert_accessible(lead)
    willow = _path(willow_row.get_by_role("link", name="Gold"))
    lead.get_by_role("link", name="Visit").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Accreditation review of Cedar Ward")
    expect(lead.get_by_role("heading", name="What each rule would give")).to_be_visible()
    expect(lead.get_by_text("CCQI thresholds, version 1 (this programme's)")).to_be_visible()
    assert_accessible(lead)
    cedar = re.sub(r"^https?://[^/]+", "", lead.url)
    lead.set_viewport_size(PHONE)
    lead.reload()
    _fits_the_screen(lead)
    lead.get_by_role("link", name="Agree ratings where the assessors differ").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Agree ratings for Cedar Ward")
    assert_accessible(lead)
    _fits_the_screen(lead)

    page = new_signed_in_page(AMARA)
    page.set_viewport_size(PHONE)
    page.goto("/me/accreditation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your accreditation visits")
    assert_accessible(page)
    _fits_the_screen(page)
    page.get_by_role("link", name="Enter your ratings for Cedar Ward").click()
    assert page.url.endswith(cedar + "rate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ratings for Cedar Ward")
    expect(page.get_by_text("You have rated 0 of 30 standards")).to_be_visible()
    assert_accessible(page)
    _fits_the_screen(page)
    page.get_by_role("button", name="Save your ratings").click()
    expect_error_summary(page, "Choose a rating for at least one standard")
    first = page.get_by_role("group").first
    expect(first).to_have_accessible_name(re.compile(r"^1\.1 Someone showed me around"))
    first.get_by_role("radio", name="Met", exact=True).check()
    page.get_by_role("group").nth(1).get_by_role("radio", name="Partly met").check()
    page.get_by_role("button", name="Save your ratings").click()
    expect(page.get_by_text("Your ratings have been saved (2 standards).")).to_be_visible()
    expect(page.get_by_text("You have rated 2 of 30 standards")).to_be_visible()
    _fits_the_screen(page)

    response = page.goto(willow)
    assert response is not None
    assert response.status == 404
