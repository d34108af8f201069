"""Driving pages with the keyboard only (issue 26 item 6): Tab, Shift+Tab, Enter, Space, arrow keys and typing.

Nothing here clicks, hovers or fills through Playwright's element handles: every step is a key press on
`page.keyboard`, and the page is only read (with `evaluate`) to know where the focus is. After every Tab the
focused element must show the NHS.UK focus style (the yellow #ffeb3b), on itself, on its label's box (radios and
checkboxes draw the box in the label) or on its text (the details summary draws it on an inner span).
"""

import re
from dataclasses import dataclass

from playwright.sync_api import Page

from tests.browser.support import PASSWORD, assert_accessible

FOCUS_YELLOW = "rgb(255, 235, 59)"
MAX_TABS = 160

# What is focused, its accessible-ish name, and where its visible focus style is (empty when there is none).
_FOCUS_STATE = """
(focusYellow) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const squash = text => (text || '').replace(/\\s+/g, ' ').trim();
  let name = el.getAttribute('aria-label') || '';
  if (!name && el.labels && el.labels.length) name = el.labels[0].innerText;
  if (!name && ['A', 'BUTTON', 'SUMMARY'].includes(el.tagName)) name = el.innerText;
  if (!name && el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) name = el.value;
  const shows = value => (value || '').includes(focusYellow);
  const yellow = style => [style.backgroundColor, style.boxShadow, style.borderColor].some(shows)
    || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor === focusYellow);
  const where = [];
  if (yellow(getComputedStyle(el))) where.push('element');
  if (el.labels && el.labels.length) {
    const label = el.labels[0];
    if (yellow(getComputedStyle(label, '::before')) || yellow(getComputedStyle(label, '::after'))) where.push('label');
  }
  for (const child of Array.from(el.querySelectorAll('*')).slice(0, 6)) {
    if (yellow(getComputedStyle(child))) { where.push('child'); break; }
  }
  const rect = el.getBoundingClientRect();
  const selected = el.tagName === 'SELECT' && el.selectedIndex >= 0 ? squash(el.options[el.selectedIndex].text) : '';
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id || '', inputName: el.name || '',
    name: squash(name), focusStyle: where.join(','), checked: !!el.checked, selected: selected,
    value: el.value === undefined ? '' : String(el.value), href: el.getAttribute('href') || '',
    onScreen: rect.width > 0 && rect.height > 0,
  };
}
"""


@dataclass(frozen=True)
class Focused:
    tag: str
    type: str
    id: str
    inputName: str  # noqa: N815 - the DOM's name
    name: str
    focusStyle: str  # noqa: N815
    checked: bool
    selected: str
    value: str
    href: str
    onScreen: bool  # noqa: N815

    def describe(self) -> str:
        return f"<{self.tag}{' type=' + self.type if self.type else ''}> {self.name!r}"


def focused(page: Page) -> Focused | None:
    state = page.evaluate(_FOCUS_STATE, FOCUS_YELLOW)
    return Focused(**state) if state else None


def _matches(state: Focused, name: str | re.Pattern, tag: str | None) -> bool:
    if tag and state.tag != tag:
        return False
    if isinstance(name, re.Pattern):
        return bool(name.search(state.name))
    return state.name == name


def assert_focus_visible(state: Focused, page: Page) -> None:
    assert state.onScreen, f"{state.describe()} has the focus but takes no space on {page.url}"
    assert state.focusStyle, f"{state.describe()} has the focus but shows no focus style on {page.url}"


def tab_to(
    page: Page, name: str | re.Pattern, *, tag: str | None = None, backwards: bool = False, limit: int = MAX_TABS
) -> Focused:
    """Press Tab (or Shift+Tab) until the focused element has this name; every stop must show its focus."""
    passed: list[str] = []
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        if state is None:
            passed.append("(nothing: the focus left the page)")
            continue
        assert_focus_visible(state, page)
        if _matches(state, name, tag):
            return state
        passed.append(state.describe())
    raise AssertionError(f"{key} never reached {name!r} on {page.url}; it passed:\n" + "\n".join(passed))


def activate(page: Page, name: str | re.Pattern, *, tag: str | None = None, key: str = "Enter") -> None:
    """Tab to a link or button and press Enter (or Space)."""
    tab_to(page, name, tag=tag)
    page.keyboard.press(key)


def type_into(page: Page, label: str | re.Pattern, text: str) -> None:
    """Tab to a text box by its label, empty it with the keyboard, and type."""
    state = tab_to(page, label)
    assert state.tag in {"input", "textarea"}, state.describe()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def tab_to_radio_group(page: Page, input_name: str) -> Focused:
    """Tab until a radio of the group named `input_name` (the form field) has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focused(page)
        if state is None:
            continue
        assert_focus_visible(state, page)
        if state.type == "radio" and state.inputName == input_name:
            return state
    raise AssertionError(f"Tab never reached the radios {input_name} on {page.url}")


def choose_in_group(page: Page, input_name: str, choice: str | re.Pattern) -> None:
    """Tab into the radios of the field `input_name`, then arrow to `choice` and make sure it is chosen."""
    state = tab_to_radio_group(page, input_name)
    for _ in range(30):
        if _matches(state, choice, None):
            if not state.checked:
                page.keyboard.press("Space")
            state = focused(page)
            assert state is not None
            assert state.checked, f"{choice!r} is not chosen on {page.url}"
            return
        page.keyboard.press("ArrowDown")
        state = focused(page)
        assert state is not None
        assert state.inputName == input_name, f"the arrow keys left the group {input_name}"
        assert_focus_visible(state, page)
    raise AssertionError(f"No radio {choice!r} among {input_name} on {page.url}")


def set_checkbox(page: Page, label: str | re.Pattern, *, checked: bool = True) -> None:
    state = tab_to(page, label, tag="input")
    assert state.type == "checkbox", state.describe()
    if state.checked != checked:
        page.keyboard.press("Space")
    state = focused(page)
    assert state is not None
    assert state.checked == checked, f"{label!r} did not change on {page.url}"


def choose_option(page: Page, label: str | re.Pattern, option: str | re.Pattern) -> None:
    """Tab to a drop-down list and move through its options with the arrow keys (it never opens)."""
    tab_to(page, label, tag="select")
    page.keyboard.press("Home")
    for _ in range(300):
        state = focused(page)
        assert state is not None
        assert state.tag == "select", f"the arrow keys left the list {label!r}"
        chosen = bool(option.search(state.selected)) if isinstance(option, re.Pattern) else state.selected == option
        if chosen:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"No option {option!r} in {label!r} on {page.url}")


def skip_to_main(page: Page) -> None:
    """The first Tab on a page reaches the skip link, shown with its focus style; Enter moves the focus to main.

    A page that put the focus in its main content itself (a success banner or an error summary takes it, so a
    screen reader reads it first) needs no skip: the next Tab goes on from there."""
    if page.evaluate("() => !!document.activeElement && !!document.activeElement.closest('#maincontent')"):
        return
    page.keyboard.press("Tab")
    state = focused(page)
    assert state is not None
    assert state.name == "Skip to main content", f"the first Tab reached {state}"
    assert_focus_visible(state, page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'maincontent'")


def open_page(page: Page, path: str) -> None:
    """Go to a page (the one step that is not a key press), check it with axe, and skip to its main content."""
    page.goto(path)
    assert_accessible(page)
    skip_to_main(page)


def keyboard_sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page with the keyboard alone."""
    open_page(page, "/accounts/login/")
    type_into(page, "E-mail address", email)
    type_into(page, "Password", password)
    page.keyboard.press("Enter")  # Enter in a text box sends its form
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    assert_accessible(page)
