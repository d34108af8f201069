"""Signing in with a password or an e-mailed code, the layout around it, and signing out."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    PASSWORD,
    SERVICE_NAME,
    ServerLog,
    assert_accessible,
    expect_error_summary,
    expect_signed_in_header,
    sign_in,
)

pytestmark = pytest.mark.browser

LEAD = "lead@demo.withus.local"
CHEN = "chen@demo.withus.local"


def expect_skip_link_first(page: Page) -> None:
    """The first Tab reaches the NHS.UK skip link, and following it moves focus to the main content."""
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#maincontent")
    page.keyboard.press("Enter")
    expect(page.locator("main#maincontent")).to_be_focused()


def test_sign_in_page_layout_and_wrong_password(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page).to_have_title(f"Sign in – {SERVICE_NAME}")
    expect(page.get_by_role("banner").locator(".nhsuk-header__service-name")).to_have_text(SERVICE_NAME)
    assert_accessible(page)
    expect_skip_link_first(page)

    page.get_by_role("button", name="Sign in", exact=True).click()
    expect_error_summary(page)
    expect(page.locator("#id_login-error")).to_have_text(re.compile(r"^\s*Error:\s+\S"))
    expect(page.locator("#id_password-error")).to_have_text(re.compile(r"^\s*Error:\s+\S"))

    page.get_by_label("E-mail address", exact=True).fill(LEAD)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect_error_summary(page, "password")  # any wording, as long as it is about the password
    expect(page).to_have_title(f"Error: Sign in – {SERVICE_NAME}")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign out")).to_have_count(0)


def test_lead_signs_in_with_password(page: Page) -> None:
    sign_in(page, LEAD, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".nhsuk-notification-banner--success")).to_have_count(0)  # no "Successfully signed in as"
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya Shah")
    expect_signed_in_header(page, "Priya Shah")
    expect(page).to_have_title(re.compile(r"^Home – WithUs – Riverside and Marsh NHS Foundation Trust$"))

    page.reload()  # without the success banner, which takes focus when it is shown
    assert_accessible(page)
    expect_skip_link_first(page)
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Register")).to_be_visible()


def test_participant_signs_in_with_a_code(page: Page, server: ServerLog) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with a code sent to your e-mail instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a sign-in code")
    assert_accessible(page)

    page.get_by_role("button", name="Send me a code").click()
    expect_error_summary(page)
    page.get_by_label("E-mail address").fill("chen at demo")
    page.get_by_role("button", name="Send me a code").click()
    expect_error_summary(page)

    page.get_by_label("E-mail address").fill(CHEN)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    expect(page.get_by_role("main")).to_contain_text(CHEN)
    assert_accessible(page)
    code = server.latest_sign_in_code(CHEN)

    page.get_by_label("Sign-in code").fill("WRONG-CODE")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect_error_summary(page)
    expect(page.locator("#id_code-error")).to_be_visible()

    page.get_by_label("Sign-in code").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
    # A participant's home is their own record.
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My details")
    expect_signed_in_header(page, "Chen Li")
    expect(page.get_by_role("main")).to_contain_text("Enquiry")
    assert_accessible(page)


def test_sign_out_ends_the_session(page: Page, new_context) -> None:
    sign_in(page, "ben@demo.withus.local", PASSWORD)
    expect_signed_in_header(page, "Ben Hughes")
    session_cookies = page.context.cookies()
    assert any(cookie["name"] == "sessionid" for cookie in session_cookies)

    page.get_by_role("banner").get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you want to sign out?")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to WithUs")
    assert_accessible(page)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    assert_accessible(page)
    page.goto("/me/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/me/$"))
    assert_accessible(page)

    # The old session cookie is dead on the server too, not just forgotten by this browser.
    replay = new_context()
    replay.add_cookies(session_cookies)
    old_session = replay.new_page()
    old_session.goto("/me/")
    expect(old_session).to_have_url(re.compile(r"/accounts/login/\?next=/me/$"))
    assert_accessible(old_session)
