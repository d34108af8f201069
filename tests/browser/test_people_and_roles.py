"""People and roles, the trust's published information and a corrected sign-in address, in the browser (issue 14
items 1, 2 and 8): admin@ invites a finance approver, who signs in with a code and approves a claim; admin@
deactivates them and their session ends. Every page touched is checked with axe at 360 px and 1280 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import ServerLog, assert_accessible, expect_error_summary, follow_menu_link, sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.withus.local"
AMARA = "amara@demo.withus.local"
CHEN = "chen@demo.withus.local"
NEW_APPROVER = "ravi.menon@demo.withus.local"
WIDTHS = (360, 1280)


def assert_accessible_at_both_widths(page: Page) -> None:
    original = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size(original)


def _sign_in_with_a_code(page: Page, server: ServerLog, address: str) -> None:
    page.goto("/accounts/login/code/")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    page.get_by_label("Sign-in code").fill(server.latest_sign_in_code(address))
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_an_invited_finance_approver_approves_a_claim_until_deactivated(new_context, server: ServerLog) -> None:
    admin = new_context().new_page()
    sign_in(admin, ADMIN)
    expect(admin.locator(".nhsuk-notification-banner--success")).to_have_count(0)  # no "Successfully signed in"
    follow_menu_link(admin, "People and roles")
    expect(admin.get_by_role("heading", level=1)).to_have_text("People and roles")
    expect(admin.get_by_role("main")).to_contain_text("Invited, not signed in yet")  # the demo's pending invitation
    assert_accessible_at_both_widths(admin)

    admin.get_by_role("button", name="Invite someone").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Invite someone")
    assert_accessible_at_both_widths(admin)
    admin.get_by_role("button", name="Send invitation").click()
    expect_error_summary(admin, "Enter your e-mail address", "Enter their full name", "Select at least one role")
    # An address that already has an account is refused.
    admin.get_by_label("E-mail address").fill("FINANCE@demo.withus.local")
    admin.get_by_label("Full name").fill("Ravi Menon")
    admin.get_by_label("Finance approver").select_option(label="Yes, for the whole trust")
    admin.get_by_role("button", name="Send invitation").click()
    expect_error_summary(admin, "already uses this e-mail address")
    admin.get_by_label("E-mail address").fill(NEW_APPROVER)
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Ravi Menon")
    expect(admin.locator(".nhsuk-notification-banner--success")).to_contain_text("has been invited")
    expect(admin.get_by_role("main")).to_contain_text("Finance approver (whole trust)")
    person_url = admin.url
    # The invitation goes through the outbox, sent by the background worker (none runs beside this test server).
    admin.goto("/notifications/")
    invitation = admin.get_by_role("row").filter(has_text="Ravi Menon").filter(has_text="You have been invited")
    expect(invitation).to_have_count(1)
    admin.goto(person_url)
    assert_accessible_at_both_widths(admin)

    # Ravi signs in with a code sent to the invited address and approves a claim waiting for approval.
    ravi = new_context().new_page()
    _sign_in_with_a_code(ravi, server, NEW_APPROVER)
    expect(ravi.get_by_role("banner")).to_contain_text("Ravi Menon")
    ravi.goto("/claims/?status=submitted")
    rows = ravi.get_by_role("row")
    # One that lead@ sent for someone (not Ben's, which test_payments approves), or else the one finance@ keyed in
    # from a paper form, which another approver (Ravi) may approve, or any other: the first whose person has a way to
    # be paid recorded (the demo's claims differ a little from seed to seed).
    candidates = rows.filter(has_text="Priya Shah").filter(has_not_text="Ben Hughes").all()
    candidates += rows.filter(has_text="Grace Mensah").all()
    candidates += rows.filter(has_text="Waiting for approval").filter(has_not_text="Ben Hughes").all()
    claim_urls = list(dict.fromkeys(row.get_by_role("link").first.get_attribute("href") for row in candidates))
    for url in claim_urls:
        ravi.goto(url)
        expect(ravi.get_by_role("heading", level=1)).to_contain_text("Claim C-")
        if ravi.get_by_role("button", name="Approve claim").count():
            break
    else:
        pytest.fail(f"No claim waiting for approval that Ravi may approve among {claim_urls}")
    ravi.get_by_role("button", name="Approve claim").click()
    expect(ravi.locator(".nhsuk-notification-banner--success")).to_contain_text("is approved")

    # His roles can be changed (the page is checked); then the administrator deactivates him and his session ends.
    admin.goto(person_url)
    admin.get_by_role("link", name=re.compile("^Change name and roles")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Change Ravi Menon's roles")
    expect(admin.get_by_label("Finance approver")).to_have_value("trust")
    assert_accessible_at_both_widths(admin)
    admin.goto(person_url)
    admin.get_by_role("link", name=re.compile("^Deactivate this account")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Deactivate Ravi Menon's account?")
    assert_accessible_at_both_widths(admin)
    admin.get_by_role("button", name="Yes, deactivate the account").click()
    expect(admin.locator(".nhsuk-notification-banner--success")).to_contain_text("signed out everywhere")
    expect(admin.get_by_role("main")).to_contain_text("Deactivated: cannot sign in")
    ravi.goto("/claims/")
    expect(ravi).to_have_url(re.compile(r"/accounts/login/\?next=/claims/$"))

    # Nobody changes their own roles, not even an administrator.
    admin.goto("/accounts/users/")
    admin.get_by_role("link", name="Sam Okafor").click()
    expect(admin.get_by_role("main")).to_contain_text("This is your own account")
    expect(admin.get_by_role("link", name=re.compile("^Change name and roles"))).to_have_count(0)


def test_published_information_reaches_participants_and_the_public(new_context) -> None:
    admin = new_context().new_page()
    sign_in(admin, ADMIN)
    follow_menu_link(admin, "Published information")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Published information")
    assert_accessible_at_both_widths(admin)
    admin.get_by_label("Data Protection Officer's e-mail address").fill("not an address")
    admin.get_by_role("button", name="Save").click()
    expect_error_summary(admin, "Enter an e-mail address in the correct format")
    admin.get_by_label("Data Protection Officer's e-mail address").fill("dpo@riverside-marsh.example.nhs.uk")
    admin.get_by_label("When the team is available").fill("Monday to Friday, 9am to 4pm")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".nhsuk-notification-banner--success")).to_contain_text("has been saved")

    visitor = new_context().new_page()
    for path, heading in (("/privacy/", "Privacy notice"), ("/accessibility/", "Accessibility statement for WithUs")):
        visitor.goto(path)
        expect(visitor.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible_at_both_widths(visitor)
    expect(visitor.get_by_role("main")).to_contain_text("partially compliant")
    visitor.goto("/privacy/")
    expect(visitor.get_by_role("main")).to_contain_text("dpo@riverside-marsh.example.nhs.uk")

    amara = new_context().new_page()
    sign_in(amara, AMARA)
    amara.goto("/me/")
    main = amara.get_by_role("main")
    expect(main).to_contain_text("Your People Participation lead")
    expect(main).to_contain_text("Priya Shah")
    expect(main).to_contain_text("Contact the People Participation team")
    expect(main).to_contain_text("Monday to Friday, 9am to 4pm")
    expect(amara.get_by_role("link", name="feedback", exact=True)).to_have_attribute("href", "/feedback/")
    feedback = amara.request.get("/feedback/", max_redirects=0)
    assert feedback.status == 302
    assert feedback.headers["location"].startswith("https://")
    assert_accessible_at_both_widths(amara)


def test_a_lead_names_a_persons_lead(new_context) -> None:
    lead = new_context().new_page()
    sign_in(lead, "lead@demo.withus.local")
    lead.goto("/people/?q=Chen+Li")
    lead.get_by_role("table").get_by_role("link", name=re.compile("^Chen Li")).click()
    main = lead.get_by_role("main")
    expect(main).to_contain_text("People Participation lead")
    main.get_by_role("link", name="Change People Participation lead").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Who is Chen Li's People Participation lead?")
    assert_accessible_at_both_widths(lead)
    lead.get_by_label("People Participation lead").select_option(label="Priya Shah")
    lead.get_by_role("button", name="Save").click()
    expect(lead.locator(".nhsuk-notification-banner--success")).to_contain_text("Priya Shah is now Chen Li's")


def test_a_mistyped_address_is_corrected_without_waiting(page: Page, server: ServerLog) -> None:
    page.goto("/accounts/login/code/")
    page.get_by_label("E-mail address").fill("chen@demo.withus.lcoal")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("main")).to_contain_text("chen@demo.withus.lcoal")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Use a different e-mail address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a sign-in code")
    # The sign-in page starts afresh too.
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to WithUs")
    expect(page.get_by_text("Forgot your password?")).to_have_count(0)
    expect(page.get_by_text("<a href")).to_have_count(0)
    _sign_in_with_a_code(page, server, CHEN)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".nhsuk-notification-banner--success")).to_have_count(0)
