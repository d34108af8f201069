"""QI projects: qi@ reads the Willow Ward story and its chart, starts a project, adds a measure, uploads data and
reads the chart; amara@ sees only her projects. Charts are drawn by vega-embed under the strict CSP."""

import csv
import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.support import AXE_PATH, assert_accessible, expect_error_summary, sign_in

pytestmark = pytest.mark.browser

QI = "qi@demo.withus.local"
AMARA = "amara@demo.withus.local"
RACISM = "Reducing racist incidents on Willow Ward"


def _csp_page(new_context) -> tuple[Page, list[str]]:
    """A page that enforces the Content Security Policy and collects every console error or CSP report."""
    context = new_context(bypass_csp=False)
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return page, problems


def _expect_chart_drawn(page: Page) -> None:
    chart = page.locator("[data-vega-chart]")
    expect(chart).to_have_attribute("data-chart-ready", "true")
    expect(chart.locator("svg").first).to_be_visible()


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_qi_reads_the_willow_ward_story_with_its_chart_and_downloads(new_context) -> None:
    page, problems = _csp_page(new_context)
    sign_in(page, QI)
    page.goto("/projects/")
    expect(page.get_by_role("heading", level=1)).to_have_text("QI projects")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^3\d projects$"))
    assert_accessible(page)
    page.get_by_label("Search titles, aims and problems").fill("racist")
    page.get_by_label("Involvement").select_option(label="Big I")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_have_text("1 project matches your search")
    assert_accessible(page)
    page.get_by_role("link", name=RACISM).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(RACISM)
    expect(page.locator(".nhsuk-tag", has_text="Big I")).to_be_visible()
    team = page.get_by_role("table", name="Team members")
    expect(team).to_contain_text("Amara Bello")
    expect(page.get_by_role("list", name="Primary drivers")).to_contain_text("A ward culture where racism is named")
    diagram = page.get_by_role("list", name="Primary drivers")
    expect(diagram.get_by_text("Change idea: A ward agreement co-produced with service users")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Change idea: A ward agreement co-produced with service users")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Peer supporters on every day shift")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change or print the driver diagram").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Driver diagram")
    expect(page.get_by_role("link", name="Rename A “call it out” peer-support role")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Racist incidents each week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Racist incidents each week")
    _expect_chart_drawn(page)
    # Two phases (a frozen baseline, new limits once the fall lasted): the change in words, the icons of the new one.
    expect(page.locator("#before-and-now")).to_contain_text("92 % fewer")
    expect(page.get_by_text("Special-cause improvement (lower)")).to_be_visible()
    expect(page.locator("#chart-reading")).to_have_text(
        "The latest week shows only common-cause variation: no sign of change."
    )
    # PDSA cycle starts are marked on the chart and listed under it.
    expect(page.get_by_role("heading", name="Numbered markers on the chart")).to_be_visible()
    expect(page.get_by_text(re.compile(r"PDSA: Draft the ward agreement"))).to_be_visible()
    page.get_by_text("Show the table of all 80 points").click()
    last_row = page.get_by_role("table").locator("tbody tr").last
    expect(last_row).to_contain_text("Common cause")
    assert_accessible(page)

    with page.expect_download() as svg_download:
        page.get_by_role("link", name="chart (SVG)").click()
    svg = Path(svg_download.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "Racist incidents each week" in svg
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="data (CSV)").click()
    rows = list(csv.reader(Path(csv_download.value.path()).read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["date", "value", "centre", "lower", "upper", "category"]
    assert rows[-1][-1] == "common"

    page.goto("/projects/involvement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Big I involvement in QI projects")
    _expect_chart_drawn(page)
    assert_accessible(page)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)


def test_qi_starts_a_project_adds_a_measure_uploads_data_and_reads_the_chart(new_context, tmp_path: Path) -> None:
    page, problems = _csp_page(new_context)
    sign_in(page, QI)
    page.goto("/projects/")
    page.get_by_role("link", name="Start a QI project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a QI project")
    assert_accessible(page)
    page.get_by_role("button", name="Start the project").click()
    expect_error_summary(page, "Enter project title", "Select at least one ward, team or service")

    page.get_by_label("Project title").fill("Kinder ward rounds on Cedar Ward")
    page.get_by_label("Cedar Ward").check()
    page.get_by_label("The problem, in plain English").fill("People say ward rounds feel rushed and frightening.")
    page.get_by_label("Aim statement").fill("90% of people say their ward round was kind, by June 2027.")
    _fill_date(page, "Start date", datetime.date(2026, 1, 5))
    page.get_by_label("1.0 – Team formed").check()
    page.get_by_label("Active", exact=True).check()
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kinder ward rounds on Cedar Ward")
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("has been started")
    expect(page.locator(".nhsuk-tag", has_text="None yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Measure name").fill("Frightening ward rounds each week")
    page.get_by_label("Outcome").check()
    page.get_by_label("Operational definition").fill("Ward rounds a person called frightening in the exit question.")
    page.get_by_label("Weekly").check()
    page.get_by_label("C chart (counts)").check()
    page.get_by_label("NHS Making Data Count").check()
    page.get_by_label("Lower is better").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frightening ward rounds each week")
    assert_accessible(page)

    mondays = [datetime.date(2025, 1, 6) + datetime.timedelta(weeks=week) for week in range(26)]
    values = [9, 8, 10, 7, 9, 8, 11, 9, 8, 10, 9, 8, 9, 10, 2, 1, 2, 1, 0, 1, 2, 1, 0, 1, 1, 0]
    bad = tmp_path / "bad.csv"
    bad.write_text("week,count\n2025-01-06,9\n2025-01-13,lots\n", encoding="utf-8")
    good = tmp_path / "ward-rounds.csv"
    good.write_text(
        "week,count\n" + "".join(f"{day.isoformat()},{value}\n" for day, value in zip(mondays, values, strict=True)),
        encoding="utf-8",
    )
    page.get_by_role("button", name="Paste or upload data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paste or upload data")
    assert_accessible(page)
    page.get_by_label("Or upload a CSV or Excel (.xlsx) file").set_input_files(str(bad))
    page.get_by_role("button", name="Add the data").click()
    expect_error_summary(page, "Nothing was added: fix the 1 problem listed, then try again")
    expect(page.locator("#import-problems")).to_contain_text("Row 3, column B (value): “lots” is not a number")

    page.get_by_label("Or upload a CSV or Excel (.xlsx) file").set_input_files(str(good))
    page.get_by_role("button", name="Add the data").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("26 points added to the chart.")
    _expect_chart_drawn(page)
    expect(page.locator("#chart-reading")).to_have_text(
        "The last 12 weeks are all below the average — a shift: special-cause improvement."
    )
    page.get_by_text("Show the table of all 26 points").click()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(26)
    assert_accessible(page)
    assert not problems, "Blocked or failing scripts:\n" + "\n".join(problems)


def test_amara_sees_her_projects_and_no_others(new_signed_in_page) -> None:
    qi = new_signed_in_page(QI)
    qi.goto("/projects/?q=falls")
    qi.get_by_role("link", name="Fewer falls on Birch Ward").click()
    other_url = re.sub(r"^https?://[^/]+", "", qi.url)

    page = new_signed_in_page(AMARA)
    page.get_by_role("link", name="My QI projects").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My quality improvement (QI) projects")
    expect(page.get_by_role("link", name=RACISM)).to_be_visible()
    expect(page.get_by_role("link", name="Fewer falls on Birch Ward")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=RACISM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RACISM)
    assert_accessible(page)
    response = page.goto(other_url)
    assert response is not None
    assert response.status == 404
    assert_accessible(page)
