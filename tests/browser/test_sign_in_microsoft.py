"""Issue 24, "done when": in Chromium, Grace Mensah signs in through the (mock) Microsoft directory as a finance
approver and lands on her home page with finance permissions; the directory then takes her app role away and her
next sign-in has none. The demo server talks to the session's mock provider on 127.0.0.1 (conftest), where the demo
directory's person "finance" is connected to finance@ (withus.demo.accounts_world). Her role is given back at the
end, through the directory and a sign-in, so the other tests find finance@ as the demo made it."""

import re

import pytest
import requests
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import assert_accessible, expect_signed_in_header
from withus.demo.accounts_world import directory_claims

pytestmark = pytest.mark.browser


def _directory_says(provider: str, sub: str, **changes) -> None:
    """What the directory puts in this person's next ID token (PUT /users/<sub> on oidc-provider-mock)."""
    response = requests.put(f"{provider}/users/{sub}", json={**directory_claims(sub), **changes}, timeout=5)
    assert response.status_code == 204, response.text


def _sign_in_with_microsoft(context: BrowserContext, sub: str) -> Page:
    page = context.new_page()
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Microsoft").click()
    # The mock directory's own sign-in page: choose the demo directory's person.
    page.get_by_role("button", name=sub, exact=True).click()
    return page


def test_a_finance_approver_signs_in_with_microsoft_and_loses_the_role_when_the_directory_removes_it(
    new_context, microsoft_directory: str
) -> None:
    _directory_says(microsoft_directory, "finance")
    try:
        page = _sign_in_with_microsoft(new_context(), "finance")
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Grace Mensah")
        expect_signed_in_header(page, "Grace Mensah")
        expect(page.get_by_role("link", name="Claims and payments")).to_be_visible()
        assert_accessible(page)
        # Finance permissions: the payment batches open.
        page.goto("/finance/batches/")
        expect(page).to_have_url(re.compile(r"/finance/batches/$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.get_by_role("heading", level=1).inner_text() != "You do not have permission to see this page"

        # The trust's directory takes the finance app role away; the next sign-in has no role, and says so.
        _directory_says(microsoft_directory, "finance", roles=[])
        later = _sign_in_with_microsoft(new_context(), "finance")
        expect(later.get_by_text("You do not have a role in WithUs yet")).to_be_visible()
        assert_accessible(later)
        expect(later.get_by_role("banner").get_by_role("link", name="Sign out")).to_have_count(0)
        later.goto("/finance/batches/")
        expect(later).to_have_url(re.compile(r"/accounts/login/\?next=/finance/batches/$"))
    finally:
        # Give the role back through the directory (the next sign-in sets it again) for the other tests.
        _directory_says(microsoft_directory, "finance")
        again = _sign_in_with_microsoft(new_context(), "finance")
        expect(again.get_by_role("heading", level=1)).to_have_text("Welcome, Grace Mensah")
