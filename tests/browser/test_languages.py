"""Languages in the browser (issue 26): amara@ switches to Urdu from the link at the foot of the page, reads her
details and the claim journey right to left with axe clean, and switching back to English keeps her place."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"


def _choose(page: Page, language: str) -> None:
    # The link names every offered language in its own script, English included, whatever the page's language.
    page.get_by_role("contentinfo").get_by_role("link", name="English").click()
    page.get_by_label(language).check()
    page.locator("form button").click()


def test_reading_withus_in_urdu_right_to_left(new_signed_in_page) -> None:
    amara = new_signed_in_page(AMARA)
    try:
        amara.goto("/claims/new/")
        claim_page = amara.url
        _choose(amara, "اردو")
        # Back on the page she was on, now in Urdu and right to left.
        expect(amara).to_have_url(claim_page)
        expect(amara.locator("html")).to_have_attribute("dir", "rtl")
        expect(amara.locator("html")).to_have_attribute("lang", "ur")
        expect(amara.get_by_role("heading", level=1)).to_have_text("دعویٰ کریں")
        expect(amara.get_by_role("main")).to_contain_text("اب آپ WithUs اردو میں پڑھ رہے ہیں۔")
        # The flipped stylesheet: the page's text starts at the right-hand side.
        direction = amara.evaluate("getComputedStyle(document.querySelector('main')).direction")
        assert direction == "rtl"
        assert_accessible(amara)

        amara.get_by_role("navigation").get_by_role("link", name="میری تفصیلات").first.click()
        expect(amara.get_by_role("heading", level=1)).to_have_text("میری تفصیلات")
        assert_accessible(amara)

        # Switching back to English keeps her place.
        details = amara.url
        _choose(amara, "English")
        expect(amara).to_have_url(details)
        expect(amara.locator("html")).to_have_attribute("dir", "ltr")
        expect(amara.get_by_role("heading", level=1)).to_have_text("My details")
    finally:
        # Other browser tests expect amara@ in English: put it back even if a check above failed.
        amara.goto("/me/language/")
        amara.get_by_label("English").check()
        amara.locator("form button").click()
