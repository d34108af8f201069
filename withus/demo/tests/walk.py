"""Walking the demo trust as a signed-in person: every page reached from the home page by following links (GET
only, this site only), up to a few pages per URL pattern. Shared by the page checks (markup shown as text,
reading age)."""

from html.parser import HTMLParser

from django.test import Client
from django.urls import Resolver404, resolve

# Pages that are files, or that change something on GET, are not walked.
# "read=" switches the person's pages to easy read for the rest of the visit (issue 26): the walk reads the standard
# pages, and the reading-age test reads the easy-read ones on purpose.
SKIP = (
    "/accounts/logout",
    "/static/",
    "/media/",
    "export",
    "download",
    ".csv",
    ".pdf",
    ".png",
    ".svg",
    "/files/",
    "read=",
)
PER_PATTERN = 2
MOST_PAGES = 600  # high enough that the walk ends by itself: a cap it reaches makes the pages seen depend on ids


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])


def url_pattern(path: str) -> str | None:
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
        pattern = url_pattern(path)
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
