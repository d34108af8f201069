"""Passkeys (issue 24 item 3): a local staff account registers a passkey with Chromium's virtual authenticator and
signs in with it alone. WebAuthn refuses IP addresses, so this browser uses the server's `localhost` name."""

import sqlite3

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import PASSWORD, assert_accessible

pytestmark = pytest.mark.browser

QI = "qi@demo.withus.local"


def test_a_staff_account_registers_a_passkey_and_signs_in_with_it(browser: Browser, server) -> None:
    host = server.base_url.replace("127.0.0.1", "localhost")
    context = browser.new_context(base_url=host, bypass_csp=True, locale="en-GB")  # bypass: for axe only
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]

    page.goto("/accounts/login/")
    page.get_by_label("E-mail address", exact=True).fill(QI)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).not_to_have_url("/accounts/login/")

    # Adding a passkey asks them to confirm it is them first.
    page.goto("/accounts/two-step/webauthn/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    assert_accessible(page)
    page.get_by_label("Name for this passkey (optional)").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page).not_to_have_url("/accounts/two-step/webauthn/add/")
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    page.goto("/accounts/two-step/webauthn/")
    expect(page.get_by_role("link", name="Remove Work laptop")).to_be_visible()
    assert_accessible(page)

    # Signed out, they sign in with the passkey alone: no password, no code.
    page.goto("/accounts/logout/")
    page.locator("main form").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to WithUs")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in to WithUs")
    page.goto("/accounts/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your signed-in devices")
    context.close()
    # Other browser tests sign in as qi@ with a password alone: take the passkey away again, in the served database.
    with sqlite3.connect(server.path.parent / "browser.sqlite3") as database:
        database.execute(
            "DELETE FROM mfa_authenticator WHERE user_id = (SELECT id FROM accounts_user WHERE email = ?)", (QI,)
        )
