"""The "to do" home and fair selection that respects training: lead@ sees what waits for her at 360 px and
1280 px; on an opportunity needing Introduction to QI, Suggest fairly ticks only people who hold it; the
champions page shows where the movement has not reached. Every page is checked with axe at both widths."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

LEAD = "lead@demo.withus.local"
FINANCE = "finance@demo.withus.local"
QI_TEAM_TITLE = "Join the Willow Ward QI team: fewer restraints at night"
WIDTHS = (360, 1280)
SCREENSHOTS = os.environ.get("WITHUS_SCREENSHOTS", "")


def _at_both_widths(page: Page, name: str) -> None:
    """axe-clean, and nothing sticking out sideways, on a phone and on a desktop (screenshots kept when
    WITHUS_SCREENSHOTS names a folder)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        if SCREENSHOTS:
            page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}.png"), full_page=True)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


def test_lead_home_lists_what_waits_for_her(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    page.goto("/")
    expect(page.get_by_role("heading", level=2, name="To do")).to_be_visible()
    main = page.get_by_role("main")
    item = main.get_by_role("link", name="Opportunities closed for interest, with people waiting to be chosen")
    expect(item).to_be_visible()
    expect(main.locator("ul.withus-todo li").first).to_have_text(re.compile(r": \d+$"))
    expect(main.get_by_role("link", name="People who enquired and have not been contacted yet")).to_be_visible()
    _at_both_widths(page, "lead-home")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Opportunities|Selection"))


def test_suggest_fairly_ticks_only_holders_of_the_training(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    page.goto("/opportunities/")
    page.get_by_role("link", name=QI_TEAM_TITLE, exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Introduction to QI for service users and carers, in date")
    page.goto(page.url + "selection/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Selection")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Their note: “I was restrained on a ward years ago")
    expect(main.get_by_text(re.compile("Cannot be offered a place: needs introduction to qi"))).to_have_count(2)
    page.get_by_role("button", name="Suggest fairly").click()
    boxes = page.get_by_role("group", name=re.compile("Who will you offer a place to")).get_by_role("checkbox")
    expect(boxes).to_have_count(3)  # only the three who hold the training can be chosen at all
    checked = [box for box in boxes.all() if box.is_checked()]
    assert len(checked) == 2  # two places, both suggested from the holders
    _at_both_widths(page, "selection-suggested")


def test_champions_page_and_a_home_with_nothing_special(new_signed_in_page) -> None:
    page = new_signed_in_page(LEAD)
    page.goto("/champions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement champions")
    expect(page.get_by_role("heading", level=2, name="Where there is no champion yet")).to_be_visible()
    _at_both_widths(page, "champions")
    finance = new_signed_in_page(FINANCE)
    finance.goto("/")
    expect(finance.get_by_role("heading", level=2, name="To do")).to_be_visible()
    _at_both_widths(finance, "finance-home")
