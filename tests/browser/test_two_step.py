"""Staff two-step verification in the browser: set up an authenticator app, a wrong code, then turn it off."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import PASSWORD, assert_accessible, expect_error_summary, sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.withus.local"


def authenticator_code(secret: str) -> str:
    """What an authenticator app shows now (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_staff_set_up_and_turn_off_two_step_verification(page: Page) -> None:
    sign_in(page, ADMIN)
    page.goto("/accounts/two-step/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification")
    assert_accessible(page)
    page.get_by_role("link", name="Set up an authenticator app").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator(".withus-secret").inner_text().strip()

    page.get_by_label("Code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect_error_summary(page, "The code is not right")

    page.get_by_label("Code from your authenticator app").fill(authenticator_code(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up two-step verification")
    page.goto("/accounts/two-step/")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("On")
    assert_accessible(page)

    # Leave the shared demo as it was: admin@ signs in with a password only.
    page.get_by_role("link", name="Turn off the authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn off two-step verification")
    assert_accessible(page)
    page.get_by_role("button", name="Turn off two-step verification").click()
    page.goto("/accounts/two-step/")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Off")
