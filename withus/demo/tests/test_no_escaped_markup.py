"""Every demo page, for every demo role, shows no markup as text (issue 14 item 3).

Each demo sign-in walks the demo trust from the home page by following the links on every page it reaches (GET
only, this site only), up to a few pages per URL pattern, and the text of every page must not hold an escaped tag
such as `&lt;br`, `&lt;a ` or `&lt;p`: that is markup shown on screen instead of being drawn.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from withus.accounts.models import User
from withus.demo.world import SIGN_INS

ESCAPED_TAG = re.compile(r"&lt;/?(br|a|p|ul|li|strong|span|div)\b", re.IGNORECASE)
# Pages that are files, or that change something on GET, are not walked.
SKIP = ("/accounts/logout", "/static/", "/media/", "export", "download", ".csv", ".pdf", ".png", ".svg", "/files/")
PER_PATTERN = 2
MOST_PAGES = 250


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path.split("?", maxsplit=1)[0])
    except Resolver404:
        return None
    return match.view_name or match.route


def walk(client: Client) -> dict[str, str]:
    """Path -> page HTML for every page reached from the home page."""
    seen_patterns: dict[str, int] = {}
    queue, pages, visited = ["/"], {}, set()
    while queue and len(pages) < MOST_PAGES:
        path = queue.pop(0)
        if path in visited or any(part in path for part in SKIP):
            continue
        visited.add(path)
        pattern = _pattern(path)
        if pattern is None or seen_patterns.get(pattern, 0) >= PER_PATTERN:
            continue
        seen_patterns[pattern] = seen_patterns.get(pattern, 0) + 1
        response = client.get(path, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        parser = _Links()
        parser.feed(html)
        queue.extend(link for link in parser.links if link not in visited)
    return pages


@pytest.mark.parametrize("sign_in", SIGN_INS, ids=[sign_in.local_part for sign_in in SIGN_INS])
def test_no_demo_page_shows_markup_as_text(demo, sign_in):
    client = Client()
    client.force_login(User.objects.get(email=f"{sign_in.local_part}@demo.withus.local"))
    pages = walk(client)
    assert len(pages) >= 5, f"{sign_in.local_part} reached only {sorted(pages)}"
    shown = {path: ESCAPED_TAG.findall(html) for path, html in pages.items() if ESCAPED_TAG.search(html)}
    assert shown == {}


def test_the_scan_finds_markup_shown_as_text():
    assert ESCAPED_TAG.search("When<dd>1 May&lt;br&gt;2 May</dd>")
    assert ESCAPED_TAG.search("&lt;a href=/x&gt;Forgot your password?&lt;/a&gt;")
    assert not ESCAPED_TAG.search("Ages &lt; 18 &lt;= 25, a&lt;b")
