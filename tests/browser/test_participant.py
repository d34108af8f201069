"""A participant (amara@) sees and corrects their own record, and reaches nobody else's."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary, expect_signed_in_header

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
GOOD_PHONE = "07700 900 982"


def summary_value(page: Page, key: str):
    """The value cell of the NHS.UK summary list row whose key is `key`."""
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    )
    return row.locator(".nhsuk-summary-list__value")


def test_participant_sees_and_updates_her_details(new_signed_in_page) -> None:
    page = new_signed_in_page(AMARA)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My details")
    expect_signed_in_header(page, "Amara Bello")
    expect(summary_value(page, "Name")).to_have_text("Amara Bello")
    expect(summary_value(page, "Your involvement")).to_have_text("Active")
    assert_accessible(page)

    page.get_by_role("button", name="Change my details").click()
    expect(page).to_have_url(re.compile(r"/me/details/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change my details")
    assert_accessible(page)

    phone = page.get_by_label("Your phone number (optional)")
    phone.fill("phone me maybe")
    page.get_by_role("button", name="Save my details").click()
    expect_error_summary(page, "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    expect(page.locator("#id_phone-error")).to_contain_text("Enter a phone number")
    expect(phone).to_have_value("phone me maybe")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"id_phone-error"))

    phone.fill(GOOD_PHONE)
    page.get_by_role("button", name="Save my details").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    banner = page.locator(".nhsuk-notification-banner--success")
    expect(banner).to_contain_text("Thank you. Your details have been updated.")
    expect(summary_value(page, "Phone")).to_have_text(GOOD_PHONE)
    assert_accessible(page)

    # Saved for real: still there on a fresh load, without the banner.
    page.goto("/me/")
    expect(banner).to_have_count(0)
    expect(summary_value(page, "Phone")).to_have_text(GOOD_PHONE)
    assert_accessible(page)


def test_participant_cannot_reach_another_persons_record(new_signed_in_page, person_urls: dict[str, str]) -> None:
    page = new_signed_in_page(AMARA)
    ben = person_urls["Ben Hughes"]
    for path in (ben, f"{ben}edit/", f"{ben}status/"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, (path, response.status)
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page).to_have_title(re.compile(r"^Page not found – WithUs"))
        expect(page.get_by_role("main")).not_to_contain_text("Ben Hughes")
        assert_accessible(page)

    for path in (f"{ben}equality/", "/people/", "/audit/"):
        response = page.goto(path)
        assert response is not None
        assert response.status in {403, 404}, (path, response.status)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"^(You cannot see this page|Page not found)$")
        )
        expect(page.get_by_role("main")).not_to_contain_text("Ben Hughes")
        assert_accessible(page)
