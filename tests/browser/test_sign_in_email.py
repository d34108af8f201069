"""A participant changes the e-mail address they sign in with: a lead gives them a sign-in, they sign in with a
code, confirm it is them with a code, type a code sent to the new address, and from then on sign in with it.
Every page is checked with axe. Set WITHUS_SCREENSHOTS to a folder to keep 360 px and 1280 px screenshots."""

import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    SIGN_IN_CODE,
    ServerLog,
    assert_accessible,
    expect_error_summary,
    expect_signed_in_header,
)

pytestmark = pytest.mark.browser

LEAD = "lead@demo.withus.local"
SCREENSHOTS = os.environ.get("WITHUS_SCREENSHOTS", "")
# Text in the page's content that spills out of its box or past the right edge of the window (a long e-mail
# address that cannot wrap, say). The header's menu is left out: it moves its own links into "More".
TEXT_THAT_SPILLS = """() => {
  const edge = document.documentElement.clientWidth;
  const blockAround = node => {
    let el = node.parentElement;
    while (el && getComputedStyle(el).display.startsWith("inline")) el = el.parentElement;
    return el;
  };
  const spilled = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || node.parentElement.closest(".nhsuk-u-visually-hidden")) continue;
    const box = blockAround(node).getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(node);
    const right = Math.max(...[...range.getClientRects()].map(rect => rect.right));
    if (right > box.right + 1 || right > edge + 1) spilled.push(node.textContent.trim().slice(0, 60));
  }
  return spilled;
}"""


def _screenshots(page: Page, name: str) -> None:
    """At 360 px and 1280 px wide nothing sticks out sideways (long e-mail addresses included); the
    screenshots are kept when WITHUS_SCREENSHOTS names a folder."""
    original = page.viewport_size
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        spilled = page.evaluate(TEXT_THAT_SPILLS)
        assert not spilled, f"On {name} at {width} px, this text does not fit: {spilled}"
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)


def _latest_code(server: ServerLog, address: str, subject: str) -> str:
    emails = [email for email in server.emails_to(address) if subject in email]
    assert emails, f"No e-mail '{subject}' to {address}:\n{server.text()[-4000:]}"
    match = SIGN_IN_CODE.search(emails[-1].split("\n\n", 1)[-1])
    assert match, emails[-1]
    return match.group(1)


def _sign_in_with_a_code(page: Page, server: ServerLog, address: str) -> None:
    page.goto("/accounts/login/code/")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    page.get_by_label("Sign-in code").fill(_latest_code(server, address, "Your sign-in code"))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def test_a_participant_changes_their_sign_in_address(new_signed_in_page, new_context, server: ServerLog) -> None:
    suffix = uuid.uuid4().hex[:8]
    name = f"Dana Whitfield {suffix}"
    old = f"dana.{suffix}@example.org"
    new = f"dana.{suffix}@example.net"

    # A lead adds Dana and gives her a sign-in (no password: she signs in with codes).
    lead = new_signed_in_page(LEAD)
    lead.goto("/people/add/")
    lead.get_by_role("radio", name="Service user").check()
    lead.get_by_label("Full name").fill(name)
    lead.get_by_label("Contact e-mail address (optional)").fill(old)
    lead.get_by_role("radio", name="E-mail").check()
    lead.get_by_label("Give them a WithUs sign-in").check()
    lead.get_by_role("button", name="Add to the register").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(name)
    expect(lead.get_by_role("main")).to_contain_text(f"Yes. They sign in with {old} (only they can change this)")
    assert_accessible(lead)
    _screenshots(lead, "lead-person-page")

    page = new_context().new_page()
    _sign_in_with_a_code(page, server, old)
    expect_signed_in_header(page, name)
    expect(page.get_by_role("main")).to_contain_text(old)
    assert_accessible(page)
    _screenshots(page, "my-details")

    # She confirms it is her with a code sent to her current address.
    page.get_by_role("link", name="Change your sign-in e-mail address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    expect(page.get_by_role("main")).to_contain_text(f"We will send a code to {old}")
    assert_accessible(page)
    _screenshots(page, "confirm-it-is-you")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code we sent you")
    assert_accessible(page)
    page.get_by_label("Code").fill("WRONG-CODE")
    page.get_by_role("button", name="Continue").click()
    expect_error_summary(page)
    _screenshots(page, "confirm-code-wrong")
    page.get_by_label("Code").fill(_latest_code(server, old, "Your sign-in code"))
    page.get_by_role("button", name="Continue").click()

    # Then she gives the new address; nothing is sent with an empty box.
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your sign-in e-mail address")
    assert_accessible(page)
    _screenshots(page, "change-sign-in-address")
    page.get_by_role("button", name="Send a code to the new address").click()
    expect_error_summary(page, "Enter the e-mail address you want to sign in with")
    page.get_by_label("New e-mail address").fill(new)
    page.get_by_role("button", name="Send a code to the new address").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your new e-mail address")
    expect(page.get_by_role("main")).to_contain_text(f"Until you do, you still sign in with {old}")
    assert_accessible(page)
    _screenshots(page, "check-new-address")
    page.get_by_label("Code").fill(_latest_code(server, new, "Your code to confirm your new e-mail address"))
    page.get_by_role("button", name="Confirm my new address").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Your sign-in e-mail address has changed. We have sent an e-mail to your old address to say so."
    )
    sign_in_row = page.locator(".nhsuk-summary-list__row", has_text="Sign-in e-mail address")
    expect(sign_in_row).to_contain_text(new)
    _screenshots(page, "my-details-changed")
    page.reload()
    assert_accessible(page)
    notices = [email for email in server.emails_to(old) if "Your sign-in e-mail address has changed" in email]
    assert len(notices) == 1
    assert new in notices[0]

    # From now on the new address signs her in, and the old one does not.
    page.get_by_role("banner").get_by_role("link", name="Sign out").click()
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    _sign_in_with_a_code(page, server, new)
    expect_signed_in_header(page, name)
    page.get_by_role("banner").get_by_role("link", name="Sign out").click()
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/code/")
    page.get_by_label("E-mail address").fill(old)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    latest = server.emails_to(old)[-1]
    assert "we do not have an account for it" in latest
    assert not SIGN_IN_CODE.search(latest.split("\n\n", 1)[-1])
