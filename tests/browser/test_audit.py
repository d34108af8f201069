"""The audit log (admin@) lists sign-ins and views of records; nobody else can open it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    assert_accessible,
    expect_error_summary,
    expect_signed_in_header,
    follow_menu_link,
    person_name,
)

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.withus.local"
LEAD = "lead@demo.withus.local"
AMARA = "amara@demo.withus.local"


def audit_rows(page: Page, *cells: str):
    """Rows of the audit table containing every one of `cells`."""
    rows = page.get_by_role("table").locator("tbody tr")
    for text in cells:
        rows = rows.filter(has_text=text)
    return rows


def search_audit(page: Page, *, who: str = "", action: str = "") -> None:
    page.goto("/audit/")
    page.get_by_text("Search the audit log").click()
    page.get_by_label("Who (e-mail address)").fill(who)
    if action:
        page.get_by_label("What happened").select_option(label=action)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/audit/\?"))
    assert_accessible(page)


def test_admin_sees_sign_ins_and_record_views(new_signed_in_page, person_urls: dict[str, str]) -> None:
    # Things to be audited, done in this test so it does not depend on the order tests run in.
    lead = new_signed_in_page(LEAD)
    lead.goto(person_urls["Amara Bello"])
    expect(lead.get_by_role("heading", level=1)).to_have_text(person_name("Amara Bello"))
    assert_accessible(lead)
    lead.goto(person_urls["Amara Bello"] + "equality/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    assert_accessible(lead)
    response = lead.goto("/audit/")
    assert response is not None
    assert response.status == 403
    expect(lead.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    assert_accessible(lead)

    amara = new_signed_in_page(AMARA)
    expect(amara.get_by_role("heading", level=1)).to_have_text("My details")

    admin = new_signed_in_page(ADMIN)
    expect_signed_in_header(admin, "Sam Okafor")
    follow_menu_link(admin, "Audit log")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(audit_rows(admin, ADMIN, "Signed in").first).to_be_visible()
    assert_accessible(admin)

    search_audit(admin, who=LEAD)
    expect(audit_rows(admin, LEAD, "Signed in").first).to_be_visible()
    expect(audit_rows(admin, LEAD, "Viewed", "Person Amara Bello").first).to_be_visible()
    expect(audit_rows(admin, LEAD, "Viewed", "Equality record of Amara Bello").first).to_be_visible()
    expect(audit_rows(admin, "127.0.0.1").first).to_be_visible()
    expect(admin.get_by_role("table").locator("tbody tr").filter(has_text=AMARA)).to_have_count(0)

    search_audit(admin, who=AMARA, action="Signed in")
    expect(audit_rows(admin, AMARA, "Signed in").first).to_be_visible()
    statuses = admin.get_by_role("table").locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert statuses
    assert {status.strip() for status in statuses} == {"Signed in"}, statuses

    search_audit(admin, who=AMARA, action="Viewed")
    expect(audit_rows(admin, AMARA, "Viewed", "Person Amara Bello").first).to_be_visible()


def test_audit_search_shows_errors(new_signed_in_page) -> None:
    admin = new_signed_in_page(ADMIN)
    admin.goto("/audit/?object_id=not-a-record-id")
    expect_error_summary(admin, "Enter a record ID in the format shown in the address bar")
