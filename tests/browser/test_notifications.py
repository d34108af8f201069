"""Issue 17 in the browser: Ben's contact choices and messages, and an administrator re-sending a failed message.
axe checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_accessible, expect_error_summary, follow_menu_link

pytestmark = pytest.mark.browser

BEN = "ben@demo.withus.local"
ADMIN = "admin@demo.withus.local"


def test_ben_chooses_how_he_hears_from_us_and_reads_his_messages(new_signed_in_page) -> None:
    page = new_signed_in_page(BEN)
    menu = page.get_by_role("navigation", name="Menu")
    # A long menu moves some items into "More", where they are hidden until it is opened: count those too.
    unread = menu.get_by_role("link", name=re.compile(r"^Messages \(\d+ unread\)$"), include_hidden=True)
    expect(unread).to_have_count(1)
    follow_menu_link(page, re.compile(r"^Messages \(\d+ unread\)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")
    expect(page.get_by_text(re.compile(r"new since you last looked"))).to_be_visible()
    expect(menu.get_by_role("link", name="Messages", exact=True, include_hidden=True)).to_have_count(1)  # all read
    expect(page.get_by_text("Tomorrow: People Participation sub-committee")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change how you hear from us").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How you hear from us")
    expect(page.get_by_role("radio", name="Text message").first).to_be_checked()
    assert_accessible(page)

    page.get_by_label("Quiet hours start (optional)").fill("half past never")
    page.get_by_role("button", name="Save choices").click()
    expect_error_summary(page, "Quiet hours start must be a real time, like 10pm, 7:30am or 22:00")
    assert_accessible(page)

    page.get_by_label("Quiet hours start (optional)").fill("10pm")
    page.get_by_label("Quiet hours end (optional)").fill("7am")
    page.get_by_role("checkbox", name="Opportunities you may like").uncheck()
    page.get_by_role("button", name="Save choices").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    assert_accessible(page)


def test_admin_resends_a_failed_message(new_signed_in_page) -> None:
    page = new_signed_in_page(ADMIN)
    follow_menu_link(page, "Messages sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages sent")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Failed messages")).click()
    page.get_by_role("link", name="Your claim was paid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your claim was paid")
    assert_accessible(page)
    page.get_by_role("button", name="Send it again").click()
    expect(page.get_by_text("The message is queued to be sent again.")).to_be_visible()
    expect(page.get_by_text("Sent again by staff")).to_be_visible()
    assert_accessible(page)
