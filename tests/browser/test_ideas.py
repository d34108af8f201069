"""Ideas (issue 20): amara@ raises an idea on a 360 px phone and sees it on "You were heard"; lead@ moves it to the
QI forum and amara sees the move and the answer; qi@ records the forum's approval, the QI project appears with the
idea linked and Amara on its team, and Amara is told (a message in her messages). axe finds no violations."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, expect_error_summary

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
QI = "qi@demo.withus.local"
PHONE = {"width": 360, "height": 740}
# Unique per run, so the journey can run again against a server that already has it.
TITLE = f"Music in the lounge after tea {datetime.datetime.now(tz=ZoneInfo('Europe/London')):%H%M%S}"


def _today() -> datetime.date:
    return datetime.datetime.now(tz=ZoneInfo("Europe/London")).date()


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def _answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def _date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_raise_answer_forum_project_told(new_signed_in_page) -> None:
    amara = new_signed_in_page(AMARA)
    amara.set_viewport_size(PHONE)
    amara.goto("/ideas/new/")
    expect(amara.get_by_role("heading", level=1)).to_have_text("Tell us an idea or concern")
    assert_accessible(amara)
    _fits_the_screen(amara)
    amara.get_by_role("button", name="Send").click()
    expect_error_summary(amara, "Enter a short title", "Choose the ward, team or service it is about")
    assert_accessible(amara)
    amara.get_by_label("Give it a short title").fill(TITLE)
    amara.get_by_label("What happened, or what would help?").fill("Evenings are long and quiet. Music would help.")
    amara.get_by_role("group", name="Which wards, teams or services is it about?").get_by_label(
        "Willow Ward", exact=False
    ).first.check()
    _answer(amara, "What is it mostly about?", "Things to do")
    amara.get_by_label("A short summary we may show in public (optional)").fill("Evenings are too quiet.")
    _answer(amara, "Is anyone at risk of harm?", "No")
    _answer(amara, "Do you want to make a complaint about care?", "No")
    _answer(amara, "If it becomes a project, would you like to join the team?", "Yes")
    amara.get_by_role("button", name="Send").click()
    expect(amara.get_by_role("heading", name="We have it")).to_be_visible()
    expect(amara.get_by_text(re.compile(r"1 person (is told by|will get|needs)"))).to_be_visible()
    assert_accessible(amara)
    _fits_the_screen(amara)
    amara.get_by_role("link", name="You were heard").click()
    card = amara.locator(".nhsuk-card", has_text=TITLE)
    expect(card.locator(".nhsuk-tag")).to_have_text("Received")
    assert_accessible(amara)
    _fits_the_screen(amara)

    lead = new_signed_in_page(LEAD)
    lead.goto("/ideas/")
    assert_accessible(lead)
    lead.get_by_role("link", name=TITLE).first.click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(lead)
    _answer(lead, "Move it to", "Going to the QI forum: It goes to the next monthly meeting that decides on projects.")
    lead.get_by_label("The answer the person gets").fill("Good idea. It goes to the QI forum this month.")
    _date(lead, "For the QI forum: the date of the forum", _today())
    lead.get_by_role("button", name=re.compile("Save and tell")).click()
    expect(lead.get_by_text(re.compile("Moved to 'Going to the QI forum'"))).to_be_visible()

    amara.reload()
    card = amara.locator(".nhsuk-card", has_text=TITLE)
    # Participant pages spell out the first "QI" on the page (core.plain_words).
    expect(card.locator(".nhsuk-tag")).to_have_text(re.compile(r"Going to the (QI|quality improvement \(QI\)) forum"))
    card.get_by_role("link", name=TITLE).click()
    expect(amara.get_by_text("Good idea. It goes to the QI forum this month.")).to_be_visible()
    assert_accessible(amara)
    _fits_the_screen(amara)

    qi = new_signed_in_page(QI)
    qi.goto("/ideas/forum/")
    assert_accessible(qi)
    qi.get_by_role("link", name=f"Record the decision on {TITLE}").click()
    expect(qi.get_by_role("heading", level=1)).to_have_text("The QI forum's decision")
    assert_accessible(qi)
    _date(qi, "Date of the forum", _today())
    qi.get_by_label("Who chaired the forum").fill("Amara Bello (co-chair)")
    _answer(qi, "What did the forum decide?", "Approve as a QI project")
    qi.get_by_label("What the forum said (the person who raised it gets this)").fill("Approved. Welcome to the team.")
    qi.get_by_label("For a project: its aim").fill("Half of evenings have music by June.")
    qi.get_by_role("button", name="Record the decision").click()
    expect(qi.get_by_text("The QI project is made and linked.")).to_be_visible()
    qi.get_by_role("link", name=TITLE, exact=True).click()
    expect(qi.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(qi.get_by_text("Amara Bello").first).to_be_visible()

    amara.goto("/me/heard/")
    card = amara.locator(".nhsuk-card", has_text=TITLE)
    expect(card.get_by_text("You are on its team.")).to_be_visible()
    amara.goto("/me/messages/")
    # Participant pages spell out the first "QI" on the page (core.plain_words), wherever it falls.
    became = re.compile(r"News about your idea: Became a (QI|quality improvement \(QI\)) project")
    expect(amara.get_by_text(became).first).to_be_visible()
    assert_accessible(amara)
    _fits_the_screen(amara)
