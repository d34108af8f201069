"""Issue 17, ADR 34: Winnie Osei, who has no e-mail address, signs in on a small phone (360 px) with a code sent by
text message. The demo server's local gateway writes text messages to its console, where this test reads the code
(as the e-mail tests read e-mailed codes). Every page is checked with axe; a wrong code and a number that is not a UK
mobile are refused kindly. Set WITHUS_SCREENSHOTS to a folder to keep 360 px and 1280 px screenshots."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import ServerLog, assert_accessible, expect_error_summary, expect_signed_in_header

pytestmark = pytest.mark.browser

WINNIE_MOBILE = "07700 900047"
SCREENSHOTS = os.environ.get("WITHUS_SCREENSHOTS", "")
TEXT_WITH_CODE = re.compile(r"Text message to 07700900047: (\d{6}) is your WithUs sign-in code")


def _texted_codes(server: ServerLog) -> list[str]:
    return TEXT_WITH_CODE.findall(server.text())


def _keep(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def test_winnie_signs_in_with_a_code_by_text_message_on_a_small_phone(page: Page, server: ServerLog) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/accounts/login/")
    page.get_by_role("link", name="by text message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a sign-in code by text message")
    assert_accessible(page)
    _keep(page, "sign-in-by-text")

    # A landline is not a mobile number: refused, with an NHS.UK error message.
    page.get_by_label("Mobile number").fill("020 7946 0000")
    page.get_by_role("button", name="Text me a code").click()
    expect_error_summary(page, "Enter a UK mobile number, like 07700 900123")
    assert_accessible(page)

    before = len(_texted_codes(server))
    page.get_by_label("Mobile number").fill(WINNIE_MOBILE)
    page.get_by_role("button", name="Text me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    expect(page.get_by_text("If 07700 900047 is the mobile number of a WithUs account")).to_be_visible()
    assert_accessible(page)
    _keep(page, "sign-in-by-text-code")
    codes = _texted_codes(server)
    assert len(codes) == before + 1, server.text()[-3000:]

    # A wrong code first: refused kindly, the attempt goes on.
    page.get_by_label("Sign-in code").fill("000000" if codes[-1] != "000000" else "111111")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect_error_summary(page, "Check the code in your text message")
    assert_accessible(page)

    page.get_by_label("Sign-in code").fill(codes[-1])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect_signed_in_header(page, "Winnie Osei")
    expect(page.get_by_text("Sign-in mobile number")).to_be_visible()
    assert_accessible(page)
    # Nothing sticks out sideways on the small screen.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_text_message_pages_at_1280_px(page: Page, server: ServerLog) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/accounts/login/text/")
    assert_accessible(page)
    _keep(page, "sign-in-by-text")
    page.get_by_label("Mobile number").fill("07700 900999")  # no account: the same answer, and no text sent
    before = server.text().count("Text message to 07700900999")
    page.get_by_role("button", name="Text me a code").click()
    expect(page.get_by_text("If 07700 900999 is the mobile number of a WithUs account")).to_be_visible()
    assert_accessible(page)
    _keep(page, "sign-in-by-text-code")
    assert server.text().count("Text message to 07700900999") == before
