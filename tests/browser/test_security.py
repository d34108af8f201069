"""The pages work under the app's strict Content Security Policy, with nothing blocked."""

import re

import pytest
from playwright.sync_api import ConsoleMessage, expect

from tests.browser.support import AXE_PATH, assert_accessible, expect_signed_in_header, sign_in

pytestmark = pytest.mark.browser


def test_pages_run_their_scripts_under_the_content_security_policy(new_context) -> None:
    context = new_context(bypass_csp=False)
    # This context enforces the CSP, which blocks page.add_script_tag(); an init script is injected through
    # the DevTools protocol, which the page's CSP does not govern, so axe-core is still available here.
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))

    response = page.goto("/accounts/login/")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert re.search(r"script-src 'self' 'nonce-[^']+'", policy), policy
    assert "unsafe-inline" not in policy
    # NHS.UK frontend's inline (nonced) and module scripts ran: the skip link and body were initialised.
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
    expect(page.get_by_role("link", name="Skip to main content")).to_have_attribute("data-nhsuk-skip-link-init", "")
    assert_accessible(page)

    sign_in(page, "qi@demo.withus.local")
    expect_signed_in_header(page, "Tom Reilly")
    page.goto("/people/equality-summary/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
    expect(page.locator("dialog#session-timeout")).to_be_attached()
    assert_accessible(page)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)
