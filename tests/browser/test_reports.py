"""Board reporting: lead@ makes last quarter's board pack, reads it (axe finds no violations), downloads the PDF,
names the executive lead and signs as author; admin@ signs as executive lead and the pack is issued. The equity
page shows the panel gap with small counts suppressed; staff@ does not find it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary

pytestmark = pytest.mark.browser

LEAD = "lead@demo.withus.local"
ADMIN = "admin@demo.withus.local"
STAFF = "staff@demo.withus.local"
PHONE = {"width": 360, "height": 740}


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def test_lead_makes_and_signs_a_pack_and_admin_issues_it(new_signed_in_page) -> None:
    lead = new_signed_in_page(LEAD)
    lead.goto("/reports/board/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Board packs")
    assert_accessible(lead)
    lead.get_by_role("button", name="Make the pack").click()
    expect_error_summary(lead, "Choose the quarter the pack is for")
    lead.get_by_role("radio").first.check()
    # Making a pack counts and draws every metric: seconds, more on a busy machine, so the wait is longer here.
    lead.get_by_role("button", name="Make the pack").click(no_wait_after=True)
    expect(lead.get_by_text("The pack is made. Its figures are frozen")).to_be_visible(timeout=120_000)
    expect(lead.get_by_role("table", name="Summary of the metrics")).to_be_visible()
    expect(lead.get_by_role("img", name=re.compile(r"^Hours of involvement: "))).to_be_visible()
    assert_accessible(lead)
    pack_url = re.sub(r"^https?://[^/]+", "", lead.url)
    with lead.expect_download() as download:
        lead.get_by_role("link", name="Download the pack (PDF)").click()
    assert download.value.suggested_filename.startswith("board-pack-")
    lead.set_viewport_size(PHONE)
    lead.reload()
    _fits_the_screen(lead)

    lead.get_by_role("link", name="Sign off the pack").click()
    assert_accessible(lead)
    lead.get_by_role("combobox", name="Executive lead").select_option(label="Sam Okafor")
    lead.get_by_role("button", name="Save the executive lead").click()
    lead.get_by_role("radio", name="Author", exact=True).check()
    lead.get_by_role("button", name="Sign the pack").click()
    expect(lead.get_by_text("You have signed the pack.")).to_be_visible()

    admin = new_signed_in_page(ADMIN)
    admin.goto(pack_url + "sign/")
    admin.get_by_role("radio", name="Executive lead").check()
    admin.get_by_role("button", name="Sign the pack").click()
    expect(admin.get_by_text("It is now issued and can no longer change")).to_be_visible()
    expect(admin.locator("#pack-status")).to_contain_text("Issued")
    assert_accessible(admin)


def test_equity_page_shows_the_panel_gap_and_staff_do_not_find_it(new_signed_in_page) -> None:
    lead = new_signed_in_page(LEAD)
    lead.goto("/reports/equity/")
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Race equity")
    panels = lead.locator("#cohort-panels")
    expect(panels).to_be_visible()
    expect(panels.get_by_text("Fewer than 5").first).to_be_visible()
    expect(lead.get_by_text("Illustrative figures for the demonstration area")).to_be_visible()
    assert_accessible(lead)
    staff = new_signed_in_page(STAFF)
    response = staff.goto("/reports/equity/")
    assert response is not None
    assert response.status == 404


BOARD = "board@demo.withus.local"


def test_a_board_member_reads_packs_and_the_annual_report_and_nothing_else(new_signed_in_page) -> None:
    board = new_signed_in_page(BOARD)
    board.goto("/")
    board.get_by_role("link", name="Board reports").first.click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Board packs")
    expect(board.get_by_role("button", name="Make the pack")).to_have_count(0)
    board.locator("table a").first.click()
    expect(board.get_by_role("table", name="Summary of the metrics")).to_be_visible()
    expect(board.get_by_role("link", name="Sign off the pack")).to_have_count(0)
    assert_accessible(board)
    for path in ("/reports/equity/", "/reports/pcref/", "/people/"):
        response = board.goto(path)
        assert response is not None
        assert response.status in (403, 404), path  # refused, as for anyone without the permission


def test_the_pcref_workspace_and_a_bad_population_file(new_signed_in_page, tmp_path) -> None:
    lead = new_signed_in_page(LEAD)
    lead.goto("/reports/equity/")
    lead.get_by_role("link", name=re.compile(r"^PCREF workspace")).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("PCREF workspace")
    expect(lead.get_by_role("table", name=re.compile("Actions of the PCREF plan"))).to_be_visible()
    assert_accessible(lead)
    lead.goto("/reports/equity/population/")
    bad = tmp_path / "population.csv"
    bad.write_text('"date","geography","geography code"\n"2021","Somewhere","E09000002"\n', encoding="utf-8")
    lead.get_by_role("radio", name=re.compile(r"^The resident population")).check()
    lead.get_by_label("Name", exact=True).fill("Census 2021: test")
    lead.get_by_label("The CSV file").set_input_files(str(bad))
    lead.get_by_role("button", name="Load the figures").click()
    expect_error_summary(lead, "Nothing was loaded")
    expect(lead.locator("#file-problems")).to_contain_text("The column for “Roma” is missing.")
    assert_accessible(lead)
