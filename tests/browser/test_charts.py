"""Readable charts (issue 15): on a phone (360 px) the measure, coverage and Big I pages have no axe violations,
the chart fits the width without sideways scrolling, and the Willow Ward measure shows its two phases, "92 %
fewer" and the icons of the new phase. Screenshots at 360 and 1280 px go to var/screenshots/charts/ to look at."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.support import AXE_PATH, assert_accessible, expect_error_summary, sign_in

pytestmark = pytest.mark.browser

QI = "qi@demo.withus.local"
LEAD = "lead@demo.withus.local"
RACISM = "Reducing racist incidents on Willow Ward"
SHOTS = Path(os.environ.get("WITHUS_SCREENSHOTS", "var/screenshots/charts"))


def _page(new_context, email: str) -> tuple[Page, list[str]]:
    context = new_context(bypass_csp=False)  # the app's own scripts must draw the chart under its CSP
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    sign_in(page, email)
    return page, problems


def _chart_fits(page: Page, width: int) -> None:
    chart = page.locator("[data-vega-chart]")
    expect(chart).to_have_attribute("data-chart-ready", "true")
    svg = chart.locator("svg").first
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    holder = chart.bounding_box()
    assert box is not None
    assert holder is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= min(width, holder["x"] + holder["width"]) + 1, (box, holder)
    assert box["width"] >= holder["width"] * 0.9, "the chart fills the content width"
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways: {scroll} px wide at {width} px"


def _open_table_and_check_its_scrolling(page: Page) -> None:
    """The table view is collapsed until asked for; a table wider than the page scrolls in a labelled region
    that takes keyboard focus, and the page itself does not scroll sideways."""
    table = page.locator("#figures-table table")
    expect(table).to_be_hidden()
    page.locator("#figures-table summary").click()
    expect(table).to_be_visible()
    region = page.get_by_role("region", name=re.compile(r"by month and directorate \(scrolls sideways\)"))
    region.focus()
    expect(region).to_be_focused()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_accessible(page)


def _shoot(page: Page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _measure_url(page: Page) -> str:
    page.goto("/projects/?q=racist")
    page.get_by_role("link", name=RACISM).click()
    page.get_by_role("link", name="Racist incidents each week").first.click()
    return page.url


@pytest.mark.parametrize("width", [360, 1280])
def test_the_willow_ward_measure_on_a_phone_and_a_desktop(new_context, width: int) -> None:
    page, problems = _page(new_context, QI)
    page.set_viewport_size({"width": width, "height": 800})
    _measure_url(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Racist incidents each week")
    _chart_fits(page, width)
    change = page.locator("#before-and-now")
    expect(change).to_contain_text(
        re.compile(
            r"Racist incidents fell from 6\.7 a week \(40 weeks to \d+ \w+ \d{4}\) to 0\.5 a week "
            r"\(the last 28 weeks\): 92 % fewer\."
        )
    )
    expect(change).to_contain_text("Special-cause improvement (lower)")
    expect(page.locator("#variation-icon")).to_contain_text("Common-cause variation")
    expect(page.locator("#assurance-icon")).to_contain_text("Sometimes meets the target, sometimes not")
    phases = page.locator(".withus-phases li")
    expect(phases).to_have_count(2)
    expect(phases.first).to_contain_text("Before the changes")
    expect(phases.last).to_contain_text("After the changes")
    chart_text = page.locator("[data-vega-chart] svg").first
    expect(chart_text).to_contain_text("Before the changes")
    expect(chart_text).to_contain_text("After the changes")
    # Numbered markers have a key a screen reader can list; the text alternative has the key numbers.
    expect(page.get_by_role("list", name="Numbered markers on the chart").get_by_role("listitem")).not_to_have_count(0)
    expect(page.locator("#chart-key-numbers")).to_contain_text("Before the changes")
    # The data table is collapsed until asked for.
    table = page.locator("#data-table table")
    expect(table).to_be_hidden()
    page.get_by_text("Show the table of all 80 points").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(80)
    page.get_by_text("Show the table of all 80 points").click()
    assert_accessible(page)
    _shoot(page, "measure", width)

    # The run chart of community meetings has shifted for long enough: a new phase is suggested, not made.
    page.go_back()
    page.get_by_role("link", name="Community meetings led by service users").first.click()
    suggestion = page.locator("#suggested-recalculation")
    expect(suggestion).to_contain_text("Suggestion: start a new phase?")
    expect(suggestion.get_by_role("button", name="Keep the chart as it is")).to_be_visible()
    _chart_fits(page, width)
    assert_accessible(page)
    _shoot(page, "suggestion", width)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)


def test_big_i_and_coverage_pages_fit_a_phone_with_no_axe_violations(new_context) -> None:
    page, problems = _page(new_context, QI)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/projects/involvement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Big I involvement in QI projects")
    expect(page.locator("#big-i-results")).to_contain_text("92 % fewer")
    _chart_fits(page, 360)
    assert_accessible(page)
    _open_table_and_check_its_scrolling(page)
    _shoot(page, "big-i", 360)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    _chart_fits(page, 1280)
    _shoot(page, "big-i", 1280)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)

    lead, problems = _page(new_context, LEAD)
    for width in (360, 1280):
        lead.set_viewport_size({"width": width, "height": 800})
        lead.goto("/recruitment/coverage/")
        expect(lead.get_by_role("heading", level=1)).to_have_text("Interview panels with a service user or carer")
        _chart_fits(lead, width)
        assert_accessible(lead)
        _open_table_and_check_its_scrolling(lead)
        _shoot(lead, "coverage", width)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)


def test_a_new_phase_with_too_few_points_is_refused_on_a_phone(new_context) -> None:
    page, problems = _page(new_context, QI)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/projects/?q=racist")
    page.get_by_role("link", name=RACISM).click()
    page.get_by_role("link", name="Restraint incidents each week").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restraint incidents each week")
    measure_url = page.url
    latest = page.locator("#chart-key-numbers li").last.inner_text()
    day = re.search(r"Latest week, (\d+) (\w+) (\d{4})", latest)
    assert day is not None
    page.get_by_role("link", name="Start a new phase (recalculate the limits from a date)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recalculate the limits")
    page.get_by_label("Name of the new phase").fill("Too soon")
    page.get_by_label("Reason").fill("Checking the refusal")
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    group = page.get_by_role("group", name="Start the new phase on")
    group.get_by_label("Day").fill(day.group(1))
    group.get_by_label("Month").fill(str(months.index(day.group(2)) + 1))
    group.get_by_label("Year").fill(day.group(3))
    page.get_by_role("button", name="Recalculate from this date").click()
    expect_error_summary(page, "New limits need at least 12 points from the date they start; there is 1 from")
    assert_accessible(page)
    _shoot(page, "recalculation-refused", 360)

    # A frozen baseline of fewer than 12 points is refused the same way, in the measure's form.
    page.goto(measure_url)
    page.get_by_role("link", name="Freeze the baseline limits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the measure")
    baseline = page.get_by_role("group", name="Freeze the baseline limits on the points up to (optional)")
    baseline.get_by_label("Day").fill(day.group(1))
    baseline.get_by_label("Month").fill(str(months.index(day.group(2)) + 1))
    baseline.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Save measure").click()
    expect_error_summary(page, "A frozen baseline needs at least 12 points; there are 0 up to that date")
    _shoot(page, "baseline-refused", 360)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)
