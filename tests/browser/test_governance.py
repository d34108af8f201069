"""Committees and recruitment panels: amara@ scores alone on a phone, then sees the equal-weight result; a panel
she is not on is not found; lead@ reads committees, panels and the coverage run chart."""

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.support import AXE_PATH, assert_accessible, expect_error_summary, follow_menu_link, sign_in

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
PHONE = {"width": 320, "height": 720}


def _fits_the_screen(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling at 320 CSS pixels (WCAG 1.4.10 Reflow)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def test_service_user_scores_alone_on_a_phone_then_sees_the_combined_result(new_signed_in_page) -> None:
    lead = new_signed_in_page(LEAD)
    lead.goto("/recruitment/")
    not_hers = lead.get_by_role("link", name="Care coordinator, Early Intervention in Psychosis")
    not_hers_url = re.sub(r"^https?://[^/]+", "", not_hers.get_attribute("href") or "")
    assert not_hers_url.startswith("/recruitment/")

    page = new_signed_in_page(AMARA)
    page.set_viewport_size(PHONE)
    page.goto("/me/")
    page.get_by_role("link", name=re.compile("^My panels and committees")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My panels and committees")
    assert_accessible(page)
    _fits_the_screen(page)
    page.get_by_role("link", name="Ward manager, Willow Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ward manager, Willow Ward")
    assert_accessible(page)
    _fits_the_screen(page)

    page.get_by_role("link", name=re.compile(r"^Score candidate ")).first.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Score candidate [A-Z0-9-]+ \([A-Z]+\)$"))
    reference = re.search(r"candidate ([A-Z0-9-]+)", heading.inner_text()).group(1)
    expect(page.get_by_text("Score on your own, without talking to the rest of the panel")).to_be_visible()
    assert_accessible(page)
    _fits_the_screen(page)

    # Each criterion is a group of radios named by its legend, so a screen reader announces the question first.
    groups = page.get_by_role("group")
    expect(groups.first).to_have_accessible_name(re.compile(r"^1\. Shows how they involve service users"))
    expect(groups.first.get_by_role("radio", name="3 – Excellent evidence")).to_be_visible()
    page.get_by_role("button", name="Send my scores").click()
    expect_error_summary(page, "Choose a score for question 1")
    _fits_the_screen(page)

    count = groups.count()
    for index in range(count):
        groups.nth(index).get_by_role("radio", name="2 – Good evidence").check()
    page.get_by_role("button", name="Send my scores").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(rf"^Combined result for candidate {reference}")
    )
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        f"Your scores for candidate {reference} are sent"
    )
    expect(page.get_by_text(re.compile(r"^Combined score: \d+\.\d\d out of \d+$"))).to_be_visible()
    expect(page.get_by_text("Amara Bello (you)")).to_be_visible()
    expect(page.get_by_text("Every member's scores count the same")).to_be_visible()
    assert_accessible(page)
    _fits_the_screen(page)

    response = page.goto(not_hers_url)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_lead_reads_committees_panels_and_coverage(new_context) -> None:
    # The strict Content Security Policy is enforced here, so the chart must draw with the app's own scripts.
    context = new_context(bypass_csp=False)
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    sign_in(page, LEAD)
    follow_menu_link(page, "Committees")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board and committees")
    expect(page.get_by_text("Seats to fill")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="People Participation Sub-Committee").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People Participation Sub-Committee")
    expect(page.get_by_text("Ben Hughes", exact=False).first).to_be_visible()
    assert_accessible(page)

    follow_menu_link(page, "Recruitment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recruitment panels")
    expect(page.get_by_text("No service user or carer").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Healthcare assistant, Birch Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Healthcare assistant, Birch Ward")
    expect(page.get_by_text("No service user or carer on this panel")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Take off the panel"))).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Coverage by directorate and month").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview panels with a service user or carer")
    chart = page.locator("[data-vega-chart]")
    expect(chart).to_have_attribute("data-chart-ready", "true")
    expect(chart.locator("svg").first).to_be_visible()
    assert_accessible(page)
    assert problems == []
