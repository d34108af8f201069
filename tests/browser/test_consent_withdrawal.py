"""Consent withdrawal has effects (issue 14 item 4): as chen@, withdrawing "being contacted about opportunities"
means she is no longer offered them, including the next one posted; lead@ sees the flag on the register and on
her page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, person_url_by_search

pytestmark = pytest.mark.browser

CHEN = "chen@demo.withus.local"
LEAD = "lead@demo.withus.local"
FLAG = "Do not contact about opportunities"


def _open_opportunities(page: Page) -> int:
    page.goto("/opportunities/")
    status = page.get_by_role("status").filter(has_text="open to you")
    expect(status).to_be_visible()
    return int(re.match(r"\s*(\d+)", status.inner_text()).group(1))


def test_after_withdrawing_contact_chen_is_not_offered_opportunities_and_the_lead_sees_the_flag(
    new_signed_in_page,
) -> None:
    chen = new_signed_in_page(CHEN)
    before = _open_opportunities(chen)
    assert before > 0, "the demo offers Chen at least one opportunity"
    first = chen.locator(".withus-opportunity h2 a").first
    offered_url = first.get_attribute("href")

    chen.goto("/me/")
    chen.get_by_role("link", name=re.compile(r"Withdraw\s*agreement to being contacted about opportunities")).click()
    expect(chen.get_by_role("heading", level=1)).to_contain_text("being contacted about opportunities")
    expect(chen.get_by_text("We will not offer you opportunities")).to_be_visible()
    assert_accessible(chen)
    chen.get_by_role("button", name="Yes, withdraw").click()
    expect(chen).to_have_url(re.compile(r"/me/$"))
    expect(chen.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "We will not offer them to you or e-mail you about them"
    )
    expect(chen.get_by_text("You withdrew on")).to_be_visible()
    assert_accessible(chen)

    assert _open_opportunities(chen) == 0
    expect(chen.get_by_text("You asked us not to contact you about opportunities")).to_be_visible()
    assert_accessible(chen)
    # The one she was offered before is no longer offered to her.
    assert chen.goto(f"{offered_url}interest/").status == 404

    lead = new_signed_in_page(LEAD)
    lead.goto("/people/?q=Chen+Li")
    row = lead.get_by_role("row").filter(has=lead.get_by_role("link", name="Chen Li"))
    expect(row.get_by_text(FLAG)).to_be_visible()
    assert_accessible(lead)
    person_url_by_search(lead, "Chen Li")
    expect(lead.locator("main").get_by_text(FLAG)).to_be_visible()
    assert_accessible(lead)
    lead.set_viewport_size({"width": 360, "height": 780})
    lead.reload()
    expect(lead.locator("main").get_by_text(FLAG)).to_be_visible()
    assert_accessible(lead)
