"""The idle-timeout warning (WCAG 2.2.1): shown two minutes before the end, and "Stay signed in" restarts the
timer on the server. The page's clock is fast-forwarded; the server's session is real."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, sign_in

pytestmark = pytest.mark.browser

STAFF = "staff@demo.withus.local"


def test_idle_warning_then_stay_signed_in(page: Page) -> None:
    page.clock.install()
    sign_in(page, STAFF)
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_hidden()

    page.clock.run_for("27:00")
    expect(dialog).to_be_hidden()
    page.clock.run_for("01:05")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_visible()
    assert_accessible(page)

    with page.expect_response(lambda response: "/session/keep-alive/" in response.url) as keep_alive:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.status == 200
    expect(dialog).to_be_hidden()

    # The timer starts again from the beginning: no warning until 28 minutes after staying signed in.
    page.clock.run_for("27:00")
    expect(dialog).to_be_hidden()
    page.clock.run_for("01:05")
    expect(dialog).to_be_visible()


def test_idle_timeout_ends_on_the_sign_in_page(page: Page) -> None:
    page.clock.install()
    sign_in(page, STAFF)
    # The server would have ended the idle session by now; clearing the cookie stands in for that.
    page.context.clear_cookies()
    page.clock.run_for("30:05")
    page.wait_for_url("**/accounts/login/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to WithUs")
