"""Zoom and motion (issue 26 item 6). A 1280 px window zoomed to 200 % lays pages out in 640 CSS px, and at 400 %
in 320 CSS px (WCAG 1.4.10 Reflow): every participant page must then fit its width with no sideways scrolling.
The browser is given exactly that, a 640 or 320 px viewport at two or four device pixels per CSS pixel, so the
screenshots (in var/screenshots/zoom/, or WITHUS_SCREENSHOTS) look as they would to someone who zooms.

People who ask their device for less motion (prefers-reduced-motion) get no animation or transition at all."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.support import PASSWORD, ServerLog, assert_accessible, sign_in

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
SHOTS = Path(os.environ.get("WITHUS_SCREENSHOTS") or "var/screenshots/zoom")
ZOOMS = {"200": (640, 2), "400": (320, 4)}
SHOT_PAGES = {"home", "opportunity", "interest", "payments", "claim", "story-new", "idea-new", "survey", "contact"}

# Participant pages reached by a fixed address; the ones with an id in them are found from these.
PAGES = [
    ("home", "/me/"),
    ("details", "/me/details/"),
    ("opportunities", "/opportunities/"),
    ("involvement", "/me/involvement/"),
    ("payments", "/me/payments/"),
    ("claim-new", "/claims/new/"),
    ("payment-preference", "/me/payments/preference/"),
    ("stories", "/me/stories/"),
    ("story-new", "/stories/new/"),
    ("idea-new", "/ideas/new/"),
    ("heard", "/me/heard/"),
    ("survey", "/me/experience/"),
    ("support", "/me/support/"),
    ("agreement", "/me/agreement/"),
    ("pause", "/me/pause/"),
    ("contact", "/me/contact/"),
    ("messages", "/me/messages/"),
    ("learning", "/me/learning/"),
    ("accreditation", "/me/accreditation/"),
    ("panels", "/me/panels/"),
    ("projects", "/me/projects/"),
    ("language", "/me/language/"),
]


def _first_link(page: Page, path: str, pattern: str) -> str | None:
    page.goto(path)
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('main a')).map(a => a.getAttribute('href'))")
    return next((href for href in hrefs if href and re.fullmatch(pattern, href)), None)


@pytest.fixture(scope="module")
def participant_pages(browser: Browser, server: ServerLog) -> list[tuple[str, str]]:
    """The fixed pages, plus an opportunity, its interest page, a claim and an expense page of Amara's."""
    context = browser.new_context(base_url=server.base_url, bypass_csp=True)
    try:
        page = context.new_page()
        sign_in(page, AMARA, PASSWORD)
        pages = list(PAGES)
        opportunity = _first_link(page, "/opportunities/", r"/opportunities/[0-9a-f-]{36}/")
        if opportunity:
            pages += [("opportunity", opportunity), ("interest", f"{opportunity}interest/")]
        claim = _first_link(page, "/me/payments/", r"/claims/[0-9a-f-]{36}/")
        if claim:
            pages += [("claim", claim), ("expense-new", f"{claim}expenses/new/")]
        return pages
    finally:
        context.close()


def _overflow(page: Page) -> dict:
    """How wide the page is against its window, and the widest elements that stick out (to say what to fix)."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const limit = root.clientWidth;
          const wide = Array.from(document.querySelectorAll('body *'))
            .filter(el => el.getBoundingClientRect().right > limit + 1)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                 + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
          return {scrollWidth: root.scrollWidth, clientWidth: limit, wide};
        }"""
    )


@pytest.mark.parametrize("zoom", list(ZOOMS))
def test_participant_pages_reflow_when_zoomed(
    browser: Browser, server: ServerLog, participant_pages: list[tuple[str, str]], zoom: str
) -> None:
    width, scale = ZOOMS[zoom]
    context = browser.new_context(
        base_url=server.base_url,
        bypass_csp=True,
        viewport={"width": width, "height": 720 // scale},
        device_scale_factor=scale,
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, AMARA, PASSWORD)
        SHOTS.mkdir(parents=True, exist_ok=True)
        too_wide = []
        for name, path in participant_pages:
            response = page.goto(path)
            assert response is not None
            assert response.status == 200, (path, response.status)
            figures = _overflow(page)
            if figures["scrollWidth"] > figures["clientWidth"]:
                too_wide.append(f"{path}: {figures}")
            if name in SHOT_PAGES:
                # At 400 % a whole long page in device pixels is too tall for one image: CSS pixels there.
                page.screenshot(
                    path=str(SHOTS / f"{name}-{zoom}.png"), full_page=True, scale="device" if zoom == "200" else "css"
                )
        assert not too_wide, f"Pages that scroll sideways at {zoom} % ({width} CSS px):\n" + "\n".join(too_wide)
        # The page at 400 % is still usable: axe on one page with the menu folded away.
        page.goto("/me/")
        assert_accessible(page)
    finally:
        context.close()


_MOVING = """() => Array.from(document.querySelectorAll('*')).flatMap(el => [null, '::before', '::after'].map(
pseudo => {
  const style = getComputedStyle(el, pseudo);
  const seconds = value => Math.max(...value.split(',').map(part => parseFloat(part) || 0));
  const moving = (style.animationName !== 'none' && seconds(style.animationDuration) > 0)
    || seconds(style.transitionDuration) > 0;
  return moving ? `${el.tagName.toLowerCase()}.${el.className}${pseudo || ''}` : null;
})).filter(Boolean)"""


def test_reduced_motion_is_respected(browser: Browser, server: ServerLog, participant_pages) -> None:
    context = browser.new_context(base_url=server.base_url, bypass_csp=True, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, AMARA, PASSWORD)
        for _name, path in participant_pages:
            page.goto(path)
            assert page.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
            moving = page.evaluate(_MOVING)
            assert not moving, f"Still moving on {path} with reduced motion asked for: {moving[:10]}"
    finally:
        context.close()
