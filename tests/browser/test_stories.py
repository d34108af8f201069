"""Stories (issue 19): amara@ tells a story on a 360 px screen; lead@ moderates with a reason and sends it to her;
she approves; lead@ publishes; staff@ responds "change made" linked to the QI project; amara@ sees it and stops
the staff-training use. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
LEAD = "lead@demo.withus.local"
STAFF = "staff@demo.withus.local"
TITLE = "Nobody explained why my leave was stopped"


def test_tell_moderate_approve_respond_withdraw(new_signed_in_page) -> None:
    amara = new_signed_in_page(AMARA)
    amara.set_viewport_size({"width": 360, "height": 800})
    amara.goto("/stories/new/")
    expect(amara.get_by_role("heading", level=1)).to_have_text("Tell your story")
    assert_accessible(amara)
    amara.get_by_role("button", name="Send the story").click()
    expect(amara.locator(".nhsuk-error-summary")).to_contain_text("Enter give your story a short title")
    assert_accessible(amara)
    amara.get_by_label("Give your story a short title").fill(TITLE)
    amara.get_by_label("What happened?").fill("My leave was stopped and nobody told me why. Nurse Sam just walked off.")
    amara.get_by_label("Which ward or team is it about?").select_option(label="Willow Ward")
    amara.get_by_label("Being listened to and kept informed").check()
    amara.get_by_label("Staff training").check()
    amara.get_by_label("Board or committee meetings").check()
    amara.get_by_label("First name only").check()
    amara.get_by_role("button", name="Send the story").click()
    expect(amara.get_by_role("heading", level=1)).to_have_text("My stories")
    expect(amara.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(amara)

    lead = new_signed_in_page(LEAD)
    lead.goto("/stories/moderation/")
    assert_accessible(lead)
    lead.get_by_role("link", name=TITLE).click()
    lead.get_by_role("button", name="Start moderating").click()
    lead.get_by_role("link", name="Change the wording").click()
    lead.get_by_label("What happened").check()
    lead.get_by_label("The new wording").fill("My leave was stopped and nobody told me why. A nurse just walked off.")
    lead.get_by_label("Why you changed it").fill("We replaced the nurse's name with their role.")
    assert_accessible(lead)
    lead.get_by_role("button", name="Save the change").click()
    lead.get_by_role("button", name="Send to the teller to approve").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("in the messages to send")
    story_url = lead.url

    amara.goto("/me/stories/")
    amara.get_by_role("link", name="Look at the version to be shared and approve it").click()
    expect(amara.get_by_text("We replaced the nurse's name with their role.")).to_be_visible()
    assert_accessible(amara)
    amara.get_by_label("Yes, share this version").check()
    amara.get_by_role("button", name="Send my answer").click()
    expect(amara.locator(".nhsuk-notification-banner")).to_contain_text("You approved this version")

    lead.goto(story_url)
    lead.get_by_role("button", name="Publish to the uses agreed").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("published")
    assert_accessible(lead)

    staff = new_signed_in_page(STAFF)
    staff.goto(story_url)
    staff.get_by_label("Your role").fill("Ward manager")
    staff.get_by_label("Your response").fill("Thank you. You should always be told why leave is stopped.")
    staff.get_by_label("Change made").check()
    staff.get_by_label("What has changed or will change?").fill("Nurses now explain any change to leave that day.")
    staff.get_by_label("Linked QI project (optional)").select_option(label="Reducing racist incidents on Willow Ward")
    assert_accessible(staff)
    staff.get_by_role("button", name="Publish the response").click()
    expect(staff.locator(".nhsuk-notification-banner")).to_contain_text("in the messages to send")

    amara.goto(story_url)
    expect(amara.get_by_text("Nurses now explain any change to leave that day.")).to_be_visible()
    assert_accessible(amara)
    amara.get_by_role("link", name="Stop this use (Staff training)").click()
    assert_accessible(amara)
    amara.get_by_role("button", name="Stop this use").click()
    expect(amara.get_by_role("heading", level=1)).to_have_text("We will not use the story for staff training again")
    assert_accessible(amara)
