"""Stories (issue 19): amara@ tells a story on a 360 px screen; lead@ moderates with a reason and sends it to her;
she approves; lead@ publishes; staff@ responds "change made" linked to the QI project; amara@ sees it and stops
the staff-training use. Every page is checked with axe."""

import datetime

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
    expect(amara.locator(".nhsuk-error-summary")).to_contain_text("Enter a short title for your story")
    assert_accessible(amara)
    amara.get_by_label("Give your story a short title").fill(TITLE)
    amara.get_by_label("What happened?").fill("My leave was stopped and nobody told me why. Nurse Sam just walked off.")
    amara.get_by_label("Which ward or team is it about?").select_option(label="Willow Ward")
    amara.get_by_label("Being listened to and kept informed").check()
    story_uses = amara.get_by_role("group", name="How may we use your story?")
    story_uses.get_by_label("Staff training").check()
    story_uses.get_by_label("Board or committee meetings").check()
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
    staff.get_by_label("Linked QI project").select_option(label="Reducing racist incidents on Willow Ward")
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


def test_a_change_planned_is_a_tracked_action_and_overdue_ones_reach_the_lead(new_signed_in_page) -> None:
    """lead@ sees the demo's overdue changes on the moderation page; staff@ answers one of those Willow Ward stories
    with "change planned": refused without an owner, then saved with an owner and a date and shown on the story."""
    lead = new_signed_in_page(LEAD)
    lead.goto("/stories/moderation/")
    expect(lead.get_by_role("heading", name="Changes planned that are overdue")).to_be_visible()
    expect(lead.get_by_role("link", name="Too noisy to sleep")).to_be_visible()
    assert_accessible(lead)
    lead.get_by_role("link", name="Being listened to at ward round").click()
    expect(lead.get_by_text("Overdue", exact=True)).to_be_visible()
    story_url = lead.url

    staff = new_signed_in_page(STAFF)
    staff.goto(story_url)
    staff.get_by_label("Your role").fill("Ward manager")
    staff.get_by_label("Your response").fill("Thank you. We will ask everyone to speak first at ward round.")
    staff.get_by_label("Change planned").check()
    staff.get_by_label("What has changed or will change?").fill("A card to write your points on before ward round.")
    staff.get_by_role("button", name="Publish the response").click()
    expect(staff.locator(".nhsuk-error-summary")).to_contain_text("Link a QI project, or select who owns the change")
    assert_accessible(staff)
    owner = staff.get_by_label("Who owns the change?")
    owner.select_option(index=1)
    owner_name = owner.locator("option:checked").inner_text().strip()
    due = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=45)
    staff.get_by_label("Day").fill(str(due.day))
    staff.get_by_label("Month").fill(str(due.month))
    staff.get_by_label("Year").fill(str(due.year))
    staff.get_by_role("button", name="Publish the response").click()
    expect(staff.locator(".nhsuk-notification-banner")).to_contain_text("in the messages to send")
    expect(staff.get_by_text(f"{owner_name} owns this change. It is due by {due:%-d %B %Y}.")).to_be_visible()
    assert_accessible(staff)


def test_a_photo_with_its_own_consent_then_removed(new_signed_in_page, tmp_path) -> None:
    """amara@ adds a photo to a story on a 360 px screen: a file that is not a photo is refused kindly; a real one
    is kept with the uses she chose for it; she sees it on her story and removes it."""
    import io

    from PIL import Image

    fake = tmp_path / "holiday.png"
    fake.write_bytes(b"this is not really a picture")
    real = tmp_path / "garden.png"
    output = io.BytesIO()
    Image.new("RGB", (120, 80), (76, 142, 58)).save(output, format="PNG")
    real.write_bytes(output.getvalue())

    amara = new_signed_in_page(AMARA)
    amara.set_viewport_size({"width": 360, "height": 800})
    amara.goto("/stories/new/")
    amara.get_by_label("Give your story a short title").fill("The garden I helped to plant")
    amara.get_by_label("What happened?").fill("We planted the raised beds together and it helped me sleep.")
    amara.get_by_label("Which ward or team is it about?").select_option(label="Willow Ward")
    amara.get_by_label("The ward or place").check()
    amara.get_by_role("group", name="How may we use your story?").get_by_label("Learning inside the trust").check()
    amara.get_by_label("Anonymous").check()
    amara.get_by_label("A photo or sound recording (optional)").set_input_files(str(fake))
    media_uses = amara.get_by_role("group", name="How may we use the photo or recording?")
    media_uses.get_by_label("Learning inside the trust").check()
    amara.get_by_role("button", name="Send the story").click()
    expect(amara.locator(".nhsuk-error-summary")).to_contain_text("The file must be a photo (JPEG or PNG)")
    assert_accessible(amara)
    amara.get_by_label("A photo or sound recording (optional)").set_input_files(str(real))
    amara.get_by_label("Describe the photo or recording in a few words (optional)").fill("Our raised beds")
    amara.get_by_role("button", name="Send the story").click()
    expect(amara.get_by_role("heading", level=1)).to_have_text("My stories")
    amara.get_by_role("link", name="The garden I helped to plant").click()
    photo = amara.get_by_role("img", name="Our raised beds")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.naturalWidth") == 120
    assert_accessible(amara)
    amara.get_by_role("link", name="Remove the photo").click()
    assert_accessible(amara)
    amara.get_by_role("button", name="Remove the photo").click()
    expect(amara.locator(".nhsuk-notification-banner")).to_contain_text("The photo is deleted")
    expect(amara.get_by_role("img", name="Our raised beds")).to_have_count(0)
