"""Helpers shared by the browser tests: axe-core checks, signing in, and reading e-mails the server printed."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "withus-demo"
SERVICE_NAME = "WithUs"
TRUST_NAME = "Riverside and Marsh NHS Foundation Trust"
# The console e-mail backend ends every message with a line of 79 dashes.
EMAIL_SEPARATOR = re.compile(r"^-{79}$", re.MULTILINE)
SIGN_IN_CODE = re.compile(r"^\s*([A-Z0-9]{3,8}(?:-[A-Z0-9]{3,8})*)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ServerLog:
    """The running demo server: its address, and its combined stdout/stderr (where console e-mails go)."""

    path: Path
    base_url: str

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8", errors="replace") if self.path.exists() else ""

    def emails_to(self, address: str) -> list[str]:
        """Every e-mail the console backend printed for `address`, oldest first (headers and body)."""
        emails = []
        for chunk in EMAIL_SEPARATOR.split(self.text()):
            start = chunk.find("Content-Type:")
            message = chunk[start:] if start >= 0 else ""
            if re.search(rf"^To: .*{re.escape(address)}", message, re.MULTILINE | re.IGNORECASE):
                emails.append(message)
        return emails

    def latest_sign_in_code(self, address: str) -> str:
        """The code in the newest sign-in code e-mail to `address`.

        The e-mail is written and flushed while the request is handled, before the browser gets its
        response, so it is already in the log when the "Enter your sign-in code" page has loaded.
        """
        emails = [email for email in self.emails_to(address) if "sign-in code" in email.lower()]
        assert emails, f"No sign-in code e-mail to {address} in the server output:\n{self.text()[-4000:]}"
        body = emails[-1].split("\n\n", 1)[-1]
        match = SIGN_IN_CODE.search(body)
        assert match, f"No sign-in code in the e-mail to {address}:\n{emails[-1]}"
        return match.group(1)


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    target {target}")
            lines.append(f"      html: {node['html'][:300]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary[:500]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core (npm, from node_modules) on the page and fail with every WCAG 2.2 AA violation found."""
    page.wait_for_load_state("load")  # stylesheets applied, so colour-contrast checks see the real page
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = results["violations"]
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {page.url} "
        f"(title {page.title()!r}):\n{_describe(violations)}"
    )


def expect_error_summary(page: Page, *messages: str) -> None:
    """The NHS.UK error summary is shown and focused, lists each message, and the title starts "Error: "."""
    summary = page.locator(".nhsuk-error-summary:not([hidden])")  # the sign-in page keeps a hidden passkey one
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    links = summary.locator(".nhsuk-error-summary__list a")
    expect(links.first).to_be_visible()
    texts = [" ".join(text.split()) for text in links.all_inner_texts()]
    # Each error is its plain message, e.g. "Enter full name", never a Python repr like "['Enter full name']".
    assert all(text and not text.startswith(("[", "(", "{")) for text in texts), texts
    for message in messages:
        assert any(message in text for text in texts), (message, texts)
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in with a password through the sign-in page (checked with axe on the way)."""
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to WithUs")
    assert_accessible(page)
    page.get_by_label("E-mail address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)


def expect_signed_in_header(page: Page, name: str) -> None:
    """The NHS.UK header names the service and the trust, and shows who is signed in."""
    header = page.get_by_role("banner")
    expect(header.locator(".nhsuk-header__service-name")).to_have_text(SERVICE_NAME)
    expect(header.locator(".nhsuk-header__organisation-name")).to_have_text(TRUST_NAME)
    account = header.get_by_role("navigation", name="Account")
    expect(account).to_contain_text(name)
    expect(account.get_by_role("link", name="Sign out")).to_be_visible()


def person_name(full_name: str) -> re.Pattern:
    """How the register shows someone: their full name, then their preferred name in brackets if they have one."""
    return re.compile(rf"^\s*{re.escape(full_name)}( \([^)]+\))?\s*$")


def person_url_by_search(page: Page, full_name: str) -> str:
    """Find someone with the register's search and return the path of their page."""
    page.goto("/people/")
    assert_accessible(page)
    page.get_by_label("Search by name or e-mail").fill(full_name)
    page.get_by_role("button", name="Apply").click()
    link = page.get_by_role("table").get_by_role("link", name=person_name(full_name))
    expect(link).to_be_visible()
    assert_accessible(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name(full_name))
    assert_accessible(page)
    return re.sub(r"^https?://[^/]+", "", page.url)


def follow_menu_link(page: Page, name: str) -> None:
    """Follow a link in the header's menu; on narrow screens or long menus, NHS.UK moves some into "More"."""
    menu = page.get_by_role("navigation", name="Menu")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        menu.get_by_role("button", name=re.compile("More")).click()
    link.click()
