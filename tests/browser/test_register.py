"""The involvement register as a participation lead (lead@), and what staff (staff@) are refused."""

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

LEAD = "lead@demo.withus.local"
STAFF = "staff@demo.withus.local"


def register_rows(page: Page):
    return page.get_by_role("table").locator("tbody tr")


def test_register_search_and_filters(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    follow_menu_link(page, "Register")
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement register")
    expect(page).to_have_title(re.compile(r"^Involvement register – WithUs"))
    expect(register_rows(page).first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search by name or e-mail").fill("Amara")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]q=Amara(&|$)"))
    expect(page.get_by_role("status")).to_have_text("1 person matches your search")
    expect(register_rows(page)).to_have_count(1)
    expect(register_rows(page).get_by_role("link", name=person_name("Amara Bello"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Clear search and filters").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    page.get_by_label("Status").select_option(label="Paused")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]status=paused(&|$)"))
    expect(page.get_by_role("status")).to_contain_text("match")
    rows = register_rows(page)
    expect(rows.first).to_be_visible()
    statuses = rows.locator("td:nth-child(3) .nhsuk-tag").all_inner_texts()
    assert statuses, "Filtering by status 'Paused' found nobody in the demo trust"
    assert {status.strip() for status in statuses} == {"Paused"}, statuses
    assert_accessible(page)

    # Filters combine with the search: Amara is active, so she is not among the paused.
    page.get_by_label("Search by name or e-mail").fill("Amara")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_have_text("0 people match your search")
    expect(page.get_by_text("Try a different name, or fewer filters.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Status").select_option(label="Active")
    page.get_by_label("Type").select_option(label="Service user")
    page.get_by_role("button", name="Apply").click()
    expect(register_rows(page).get_by_role("link", name=person_name("Amara Bello"))).to_be_visible()
    assert_accessible(page)


def test_lead_opens_a_person_and_their_equality_record(new_signed_in_page, person_urls: dict[str, str]) -> None:
    page = new_signed_in_page(LEAD)
    page.goto("/people/?q=Amara+Bello")
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name=person_name("Amara Bello")).click()
    expect(page).to_have_url(re.compile(re.escape(person_urls["Amara Bello"]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name("Amara Bello"))
    expect(page.get_by_role("main")).to_contain_text("Active")
    expect(page.get_by_role("main")).to_contain_text("Yes. They sign in with amara@demo.withus.local")
    expect_signed_in_header(page, "Priya Shah")
    assert_accessible(page)

    page.get_by_role("button", name="Equality monitoring").click()
    expect(page).to_have_url(re.compile(re.escape(person_urls["Amara Bello"]) + "equality/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    expect(page.get_by_role("main")).to_contain_text("This is special category information")
    expect(page.get_by_label("Ethnic group")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name("Amara Bello"))
    assert_accessible(page)


def test_add_person_form_shows_errors(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    page.goto("/people/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone to the register")
    assert_accessible(page)

    page.get_by_role("main").locator("form button[type=submit]").last.click()
    expect_error_summary(page, "Enter full name")
    expect(page.locator("#id_full_name-error")).to_contain_text("Enter full name")

    page.get_by_label("Full name").fill("Test Person")
    page.get_by_label("E-mail address (optional)").fill("not an e-mail")
    page.get_by_label("Phone number (optional)").fill("call me")
    page.get_by_role("main").locator("form button[type=submit]").last.click()
    expect_error_summary(
        page,
        "Enter an e-mail address in the correct format, like name@example.com",
        "Enter a phone number, like 01632 960 001",
    )
    expect(page.get_by_label("Full name")).to_have_value("Test Person")


def test_staff_are_refused_equality_records(new_signed_in_page, person_urls: dict[str, str]) -> None:
    page = new_signed_in_page(STAFF)
    expect_signed_in_header(page, "Dr Ellen Park")
    response = page.goto(person_urls["Amara Bello"] + "equality/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(page).to_have_title(re.compile(r"^You cannot see this page – WithUs"))
    expect(page.get_by_role("main")).not_to_contain_text("Ethnic group")
    assert_accessible(page)

    response = page.goto("/people/equality-summary/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    assert_accessible(page)
