"""Accreditation, the whole cycle (issue 18): lead@ registers Riverside CMHT South, enters the team's self-review
and chooses the visit team; amara@ rates every standard alone; lead@ records the report agreed, is refused a staff
chair for the service-user panel, records it chaired by a service user, opens the final panel and decides. Axe
finds no violations on the pages on the way."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
UNIT = "Riverside CMHT South"
NEXT_STAGE = "Move the review to the next stage"


def _rate_every_standard(page: Page, value: str) -> None:
    groups = page.get_by_role("group")
    for index in range(groups.count()):
        groups.nth(index).get_by_role("radio", name=value, exact=True).check()


def _today(page: Page) -> None:
    today = datetime.datetime.now(ZoneInfo("Europe/London")).date()  # the server's time zone
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))


def _next_stage(page: Page, stage: str) -> None:
    page.get_by_role("button", name=NEXT_STAGE).click()
    expect(page.get_by_text(f"The review is now at {stage}.")).to_be_visible()


def test_self_review_visit_ratings_panels_and_decision(new_signed_in_page) -> None:
    lead = new_signed_in_page(LEAD)
    lead.goto("/accreditation/reviews/new/")
    lead.get_by_label("Programme").select_option(label="Ward accreditation")
    lead.get_by_label("Ward, team or service").select_option(label=UNIT)
    lead.get_by_role("button", name="Register for review").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(f"Accreditation review of {UNIT}")
    review = re.sub(r"^https?://[^/]+", "", lead.url)

    # The team's self-review, before the visit.
    lead.get_by_role("link", name="Enter your team's self-review").click()
    _rate_every_standard(lead, "Met")
    lead.get_by_role("button", name="Save your team's ratings").click()
    expect(lead.get_by_text("Your team's ratings have been saved (30 standards).")).to_be_visible()
    assert_accessible(lead)

    # The visit team: Amara leads, with one more trained assessor who is free to assess this unit.
    lead.goto(review + "team/")
    lead.get_by_label("Assessor", exact=True).select_option(label="Amara Bello")
    lead.get_by_label("Lead assessor (a service user)").check()
    lead.get_by_role("button", name="Add to the visit team").click()
    expect(lead.get_by_text("Amara Bello is on the visit team.")).to_be_visible()
    available = lead.locator("tbody tr", has_text="Available").first.locator("td").first.inner_text()
    second = available.replace("Assessor", "", 1).strip()
    lead.get_by_label("Assessor", exact=True).select_option(label=second)
    lead.get_by_role("button", name="Add to the visit team").click()
    expect(lead.get_by_text(f"{second} is on the visit team.")).to_be_visible()
    assert_accessible(lead)
    lead.goto(review)
    _next_stage(lead, "self-review")
    _next_stage(lead, "visit")

    # Amara rates every standard alone, on her own sign-in.
    amara = new_signed_in_page(AMARA)
    amara.goto(review + "rate/")
    expect(amara.get_by_role("heading", level=1)).to_have_text(f"Your ratings for {UNIT}")
    _rate_every_standard(amara, "Met")
    amara.get_by_role("button", name="Save your ratings").click()
    expect(amara.get_by_text("Your ratings have been saved (30 standards).")).to_be_visible()
    assert_accessible(amara)

    # Report agreed, then the service-user panel (a staff chair is refused), then the final panel.
    lead.reload()
    _next_stage(lead, "report drafted")
    lead.get_by_role("link", name="Record that the report is agreed with the unit").click()
    _today(lead)
    lead.get_by_role("button", name="Record that the report is agreed").click()
    expect(lead.get_by_text("The report is recorded as agreed.")).to_be_visible()
    _next_stage(lead, "service-user panel")
    lead.get_by_role("link", name="Record the service-user panel").click()
    assert_accessible(lead)
    chair = lead.get_by_label("Who chaired the panel")
    staff = next(text for text in chair.locator("option").all_inner_texts() if text.endswith("(Staff colleague)"))
    chair.select_option(label=staff)
    _today(lead)
    lead.get_by_role("button", name="Record the service-user panel").click()
    expect_error_summary(lead, "The panel is chaired by a service user or carer")
    lead.get_by_label("Who chaired the panel").select_option(label="Amara Bello (Service user)")
    lead.get_by_role("button", name="Record the service-user panel").click()
    expect(lead.get_by_text("The service-user panel is recorded.")).to_be_visible()
    _next_stage(lead, "final panel")

    # The decision, on the rule as the final panel found it.
    expect(lead.get_by_text("The panel decides on CCQI thresholds, version 1")).to_be_visible()
    assert_accessible(lead)
    lead.get_by_label("Who chaired the panel").select_option(label="Amara Bello (Service user)")
    lead.get_by_role("radio", name="Award what the rule gives").check()
    lead.get_by_role("button", name="Record the decision").click()
    expect(lead.get_by_text("Decided: Gold.")).to_be_visible()
    expect(lead.get_by_text("Every standard was met, so there are no actions.")).to_be_visible()
    assert_accessible(lead)
