"""Accreditation standards (issue 18 item 1, ADR 35): lead@ finds the demo's edition 2 in review, changes a
standard (a blank one is refused kindly), publishes it, then drafts edition 3 from it, changes a standard, sends it
for review and publishes it. axe finds no violations; the pages fit a 360 px phone.

State: editions 2 and 3 of "Our ward standards" end published (published editions cannot be undone). The demo's
programme and reviews use edition 1, which this test never touches, so no other test depends on what it changes.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary

pytestmark = pytest.mark.browser

LEAD = "lead@demo.withus.local"
PHONE = {"width": 360, "height": 740}


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def _change_standard(page: Page, code: str, text: str) -> None:
    page.get_by_role("link", name=f"Change standard {code}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Change standard {code}")
    page.get_by_label("The standard", exact=True).fill(text)
    page.get_by_role("button", name="Save the standard").click()
    expect(page.get_by_text(f"Standard {code} is saved.")).to_be_visible()


def _publish(page: Page, number: int) -> None:
    page.get_by_role("link", name=f"Publish edition {number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publish edition {number}")
    expect(page.get_by_text("A published edition never changes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name=f"Publish edition {number}").click()
    expect(page.get_by_text(re.compile(rf"Edition {number} of Our ward standards is published"))).to_be_visible()
    expect(page.get_by_text("This edition is published and never changes.")).to_be_visible()
    expect(page.get_by_role("button", name="Send for review")).to_have_count(0)
    expect(page.get_by_role("link", name="Change standard 1.1", exact=True)).to_have_count(0)
    assert_accessible(page)


def test_lead_drafts_changes_and_publishes_an_edition(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    page.goto("/accreditation/")
    page.get_by_role("link", name="Accreditation standards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accreditation standards")
    expect(page.get_by_text("Edition 2 is in review.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go to edition 2 of Our ward standards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edition 2")
    assert_accessible(page)

    page.get_by_role("link", name="What changed from the edition before").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed in edition 2")
    expect(
        page.get_by_text("Now: I have time with a member of staff every day, at a time that suits me")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="New standards (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Standards taken out (1)")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Change standard 1.1", exact=True).click()
    page.get_by_label("The standard", exact=True).fill("   ")
    page.get_by_role("button", name="Save the standard").click()
    expect_error_summary(page, "Enter the standard")
    page.get_by_label("The standard", exact=True).fill(
        "Someone showed me around, introduced me to people and told me what would happen on my first day"
    )
    page.get_by_role("button", name="Save the standard").click()
    expect(page.get_by_text("Standard 1.1 is saved.")).to_be_visible()
    page.set_viewport_size(PHONE)
    page.reload()
    _fits_the_screen(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    _publish(page, 2)

    page.get_by_role("link", name="Back to the standards").click()
    page.get_by_role("button", name="Draft edition 3 from edition 2").click()
    expect(
        page.get_by_text("Edition 3 of Our ward standards is started as a copy of edition 2. It is a draft.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edition 3")
    assert_accessible(page)
    _change_standard(page, "6.5", "I was asked about my experience of the ward, and told what changed because of it")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Edition 3 is sent for review.")).to_be_visible()
    _publish(page, 3)
