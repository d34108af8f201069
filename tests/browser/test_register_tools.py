"""Issue 14 leftovers in a browser, axe-checked at 360 px and 1280 px: the searchable unit list on "Add
someone" (lead@), the register's print view, changing a committee meeting, and a course page that says what you
will learn, how long it takes and whether you are paid (chen@)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

LEAD = "lead@demo.withus.local"
CHEN = "chen@demo.withus.local"
WIDTHS = (360, 1280)


def test_add_someone_has_a_searchable_unit_list_and_asks_about_champions_under_staff(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/people/add/")
        search = page.get_by_label("Search the wards, teams or services", exact=True)
        expect(search).to_be_visible()
        units = page.locator('[data-filter-choices="the wards, teams or services"] .nhsuk-checkboxes__item')
        total = units.count()
        assert total >= 8
        search.fill("willow")
        expect(units.locator("visible=true")).to_have_count(1)
        expect(page.get_by_text(f"1 of {total} shown")).to_be_visible()
        champions = page.get_by_label("Search the wards, teams or services they champion", exact=True)
        expect(champions).to_be_hidden()
        page.get_by_label("Staff colleague", exact=False).first.check()
        expect(champions).to_be_visible()
        assert_accessible(page)
        search.fill("")
        expect(units.locator("visible=true")).to_have_count(total)


def test_the_register_print_view_and_changing_a_meeting(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/people/?status=active")
        page.get_by_role("link", name="Print view").click()
        expect(page).to_have_url(re.compile(r"/people/print/\?status=active$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Involvement register")
        expect(page.get_by_text(re.compile(r"people matching the search and filters"))).to_be_visible()
        assert_accessible(page)

        page.goto("/committees/")
        page.get_by_role("link", name="People Participation Sub-Committee").first.click()
        change = page.get_by_role("link", name=re.compile(r"^Change the meeting on"))
        expect(change.first).to_be_visible()
        change.first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Change the meeting on")
        page.get_by_label("Length of the meeting in hours").fill("lots")
        page.get_by_role("button", name="Save the meeting").click()
        expect(page.get_by_text("Enter hours as a number, like 2 or 2.5").first).to_be_visible()
        assert_accessible(page)


def test_a_course_page_says_what_you_learn_how_long_and_whether_you_are_paid(new_signed_in_page) -> None:
    page = new_signed_in_page(CHEN)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/learning/")
        page.get_by_role("link", name=re.compile(r"^Introduction to ")).first.click()
        expect(page.get_by_role("heading", name="What you will learn")).to_be_visible()
        expect(page.get_by_text("How long it takes")).to_be_visible()
        expect(page.get_by_text("Are you paid to attend?")).to_be_visible()
        expect(page.get_by_text("No. The course is free, but you are not paid to attend it.")).to_be_visible()
        assert_accessible(page)
