"""Keyboard-only journeys (issue 26 item 6): every participant flow done with Tab, Shift+Tab, Enter, Space, the
arrow keys and typing, and nothing else but `goto`. No mouse event is sent: no click, hover, check or fill.

Every stop of the Tab key must show the NHS.UK focus style, the skip link must be the first stop and move the focus
to the main content, and every page is checked with axe. The demo is shared with the other browser tests, so each
journey uses its own titles, and undoes what another test relies on (Amara's interest, her contact choices).
"""

import datetime
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.keyboard import (
    activate,
    choose_in_group,
    choose_option,
    focused,
    keyboard_sign_in,
    open_page,
    set_checkbox,
    skip_to_main,
    tab_to,
    type_into,
)
from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
BEN = "ben@demo.withus.local"
OPEN_TITLE_OTHER_TESTS_USE = "Tell your story at the trust board"
STORY_TITLE = "The night staff explained my medicine (keyboard)"
IDEA_TITLE = "A clock in the day room (keyboard)"


@pytest.fixture
def kb_page(new_context) -> Page:
    return new_context().new_page()


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _wait_for_new_page(page: Page, before: str) -> None:
    page.wait_for_function("before => location.href !== before", arg=before)
    page.wait_for_load_state("load")


def _press_and_wait(page: Page, key: str = "Enter") -> None:
    before = page.url
    page.keyboard.press(key)
    _wait_for_new_page(page, before)


def test_sign_in_with_the_keyboard(kb_page: Page) -> None:
    page = kb_page
    open_page(page, "/accounts/login/")
    type_into(page, "E-mail address", AMARA)
    type_into(page, "Password", "not her password")
    # Back to the e-mail box with Shift+Tab: the focus goes backwards through the form too.
    tab_to(page, "E-mail address", backwards=True)
    tab_to(page, "Sign in", tag="button")
    page.keyboard.press("Enter")
    error = page.locator(".nhsuk-error-summary:not([hidden])")
    expect(error).to_be_visible()
    expect(error).to_be_focused()  # the summary takes the focus, so a screen reader reads it first
    assert_accessible(page)

    keyboard_sign_in(page, AMARA)
    expect(page).to_have_url(re.compile(r"/me/$"))
    _heading(page, "My details")


def _an_open_opportunity_for_amara(page: Page) -> str:
    """An open opportunity Amara can say she is interested in, other than the one test_opportunities.py uses."""
    page.goto("/opportunities/")
    links = page.evaluate(
        "() => Array.from(document.querySelectorAll('main table a, main .nhsuk-card a, main li a'))"
        ".map(a => [a.innerText.trim(), a.getAttribute('href')])"
    )
    for title, href in links:
        if (
            title == OPEN_TITLE_OTHER_TESTS_USE
            or "(" in title
            or not re.search(r"/opportunities/[0-9a-f-]{36}/$", href)
        ):
            continue
        page.goto(href)
        if page.get_by_role("button", name="I am interested").count():
            return title
    pytest.fail(f"No open opportunity for Amara to say she is interested in, among {links}")


def test_express_interest_with_the_keyboard(kb_page: Page) -> None:
    page = kb_page
    keyboard_sign_in(page, AMARA)
    title = _an_open_opportunity_for_amara(page)

    open_page(page, "/opportunities/")
    activate(page, title, tag="a")
    page.wait_for_load_state("load")
    _heading(page, title)
    assert_accessible(page)
    skip_to_main(page)
    activate(page, "I am interested")
    page.wait_for_load_state("load")
    _heading(page, "Tell us you are interested")
    assert_accessible(page)
    skip_to_main(page)
    type_into(page, "Anything you would like to tell us (optional)", "I can come by bus.")
    type_into(page, "Anything that would help you take part (optional)", "A quiet room, please.")
    activate(page, "Send my interest", tag="button")
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("We have your interest")
    assert_accessible(page)

    # Undo it, by keyboard too, so the demo stays as the other tests expect.
    skip_to_main(page)
    activate(page, "Withdraw my interest", tag="a")
    page.wait_for_load_state("load")
    _heading(page, "Withdraw your interest?")
    assert_accessible(page)
    skip_to_main(page)
    activate(page, "Yes, withdraw", tag="button")
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="I am interested")).to_be_visible()


def test_submit_a_claim_with_the_keyboard(kb_page: Page, tmp_path: Path) -> None:
    page = kb_page
    keyboard_sign_in(page, AMARA)
    open_page(page, "/me/payments/")
    activate(page, "Make a claim")
    page.wait_for_load_state("load")
    _heading(page, "Make a claim")
    assert_accessible(page)
    skip_to_main(page)
    # An expenses-only claim: Space takes off any involvement ticked for her, which test_payments.py leaves alone.
    state = tab_to(page, re.compile(r"^(Continue|.*)$"), tag=None)
    while state.name != "Continue":
        if state.type == "checkbox" and state.inputName == "records" and state.checked:
            page.keyboard.press("Space")
        state = tab_to(page, re.compile(r"."))
    assert page.locator("input[name=records]:checked").count() == 0
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claim C-")
    claim_url = page.url
    assert_accessible(page)

    skip_to_main(page)
    activate(page, "Add an expense", tag="a")
    page.wait_for_load_state("load")
    _heading(page, "Add an expense")
    assert_accessible(page)
    skip_to_main(page)
    choose_in_group(page, "category", "Travel")
    spent_on = datetime.datetime.now(tz=datetime.UTC).date() - datetime.timedelta(days=2)
    type_into(page, "Day", str(spent_on.day))
    type_into(page, "Month", str(spent_on.month))
    type_into(page, "Year", str(spent_on.year))
    type_into(page, "What it was", "Bus to the keyboard test and back")
    type_into(page, "Amount in pounds", "3.20")
    # The receipt: Space on the file box opens the file chooser, as it would for someone using a keyboard.
    receipt = tmp_path / "ticket.png"
    Image.new("RGB", (160, 100), "white").save(receipt)
    tab_to(page, "Receipt (a photo or a PDF)", tag="input")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(receipt))
    activate(page, "Add the expense", tag="button")
    expect(page).to_have_url(claim_url)
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("expense is added")
    assert_accessible(page)

    skip_to_main(page)
    activate(page, "Send the claim", tag="button")
    expect(page.locator(".nhsuk-tag", has_text="Waiting for approval")).to_be_visible()
    assert_accessible(page)


def test_tell_a_story_with_the_keyboard(kb_page: Page) -> None:
    page = kb_page
    keyboard_sign_in(page, AMARA)
    open_page(page, "/stories/new/")
    _heading(page, "Tell your story")
    # Sent empty: the error summary takes the focus, and its first link takes the focus to the box to fill in.
    activate(page, "Send the story", tag="button")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Tab")
    assert focused(page).name.startswith("Enter a short title for your story")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'title'")
    page.keyboard.type(STORY_TITLE)

    type_into(page, "What happened?", "I could not sleep. The night nurse sat with me and explained my new medicine.")
    choose_option(page, "Which ward or team is it about?", re.compile("Willow Ward"))
    choose_in_group(page, "theme", "Being listened to and kept informed")
    set_checkbox(page, "Staff training")
    choose_in_group(page, "naming", "First name only")
    activate(page, "Send the story", tag="button")
    page.wait_for_load_state("load")
    _heading(page, "My stories")
    expect(page.get_by_role("link", name=STORY_TITLE)).to_be_visible()
    assert_accessible(page)


def test_raise_an_idea_with_the_keyboard(kb_page: Page) -> None:
    page = kb_page
    keyboard_sign_in(page, AMARA)
    open_page(page, "/ideas/new/")
    _heading(page, "Tell us an idea or concern")
    type_into(page, "Give it a short title", IDEA_TITLE)
    type_into(page, "What happened, or what would help?", "There is no clock, so nobody knows when lunch is.")
    set_checkbox(page, re.compile("Willow Ward"))  # tick boxes: an idea may be about several units
    choose_in_group(page, "theme", re.compile(r"^Things to do"))
    choose_in_group(page, "risk_disclosed", "No")
    choose_in_group(page, "complaint", "No")
    choose_in_group(page, "wants_to_help", "Yes")
    activate(page, "Send", tag="button")
    expect(page.get_by_role("heading", name="We have it")).to_be_visible()
    assert_accessible(page)
    skip_to_main(page)
    activate(page, "You were heard", tag="a")
    page.wait_for_load_state("load")
    expect(page.locator(".nhsuk-card", has_text=IDEA_TITLE).first).to_be_visible()
    assert_accessible(page)


def test_answer_the_monthly_survey_with_the_keyboard(kb_page: Page) -> None:
    # Ben, so that Amara's first answer this month stays test_support.py's to give.
    page = kb_page
    keyboard_sign_in(page, BEN)
    open_page(page, "/me/experience/")
    _heading(page, "How was your involvement this month?")
    for field, answer in (("voice", "4"), ("contribute", "3"), ("agenda", "5"), ("change", "4")):
        choose_in_group(page, field, re.compile(rf"^{answer}\b"))  # "4", or "5 – Completely"
    type_into(page, "Anything you would like to add (optional)", "The papers came in good time.")
    activate(page, "Send my answers", tag="button")
    expect(page.get_by_text(re.compile(r"Your answers for .* are (saved|changed)"))).to_be_visible()
    assert_accessible(page)
    expect(page.locator("input[name=agenda][value='5']")).to_be_checked()


def test_contact_choices_and_messages_with_the_keyboard(kb_page: Page) -> None:
    page = kb_page
    keyboard_sign_in(page, AMARA)
    # Messages through the header's menu: on a long menu the link is under "More", opened with Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'maincontent'")
    state = tab_to(page, re.compile(r"^(Messages|More)\b"), backwards=True)
    if state.name.startswith("More"):
        page.keyboard.press("Enter")
        tab_to(page, re.compile(r"^Messages\b"), tag="a")
    _press_and_wait(page)
    _heading(page, "Messages")
    assert_accessible(page)

    skip_to_main(page)
    activate(page, "Change how you hear from us", tag="a")
    page.wait_for_load_state("load")
    _heading(page, "How you hear from us")
    assert_accessible(page)
    was_easy_read = page.locator("input[name=easy_read]").is_checked()

    # A wrong time: the summary's link takes the focus back to the box.
    skip_to_main(page)
    before = page.locator("input[name=quiet_from]").input_value()
    type_into(page, "Quiet hours start (optional)", "half past never")
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    activate(page, re.compile(r"^Quiet hours start must be a real time"), tag="a")
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'quiet_from'")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(before)
    set_checkbox(page, "Send me easy read versions where there are some", checked=not was_easy_read)
    activate(page, "Save choices", tag="button")
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    assert_accessible(page)

    # And back as it was, by keyboard.
    open_page(page, "/me/contact/")
    expect(page.locator("input[name=easy_read]")).to_be_checked(checked=not was_easy_read)
    set_checkbox(page, "Send me easy read versions where there are some", checked=was_easy_read)
    activate(page, "Save choices", tag="button")
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
