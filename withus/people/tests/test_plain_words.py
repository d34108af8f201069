"""Plain words on participant pages (issue 14 item 9): every page Amara can reach from her own page is crawled
and its main content checked for jargon, payment codes, and "their" where it should say "you"."""

import re
from collections import deque
from html.parser import HTMLParser

from django.test import Client

from withus.accounts.models import User

NEVER = [
    (re.compile(r"\bINV-[A-Z]+"), "a payment code"),
    (re.compile(r"accounts payable", re.IGNORECASE), "accounts payable"),
    (re.compile(r"\bstage \d\.\d\b(?! –)", re.IGNORECASE), "a stage number without what it means"),
]
# Terms that must be explained where they are first used on the page.
EXPLAINED = [
    (re.compile(r"\bQI\b"), re.compile(r"quality improvement \(QI$", re.IGNORECASE)),
    (re.compile(r"\bPDSA\b"), re.compile(r"PDSA$")),
    (re.compile(r"\bBig I\b"), re.compile(r"Big I$")),
    (re.compile(r"\blittle i\b"), re.compile(r"little i$")),
]
# On the person's own pages, "you" and "your", never "their".
OWN_PAGES = re.compile(r"^/me/")
THEIR = re.compile(r"\btheir\b", re.IGNORECASE)
SKIP = re.compile(r"/accounts/logout|\.pdf$|\.csv$|\.png$|\.svg$|\.xlsx$|/receipts/|/certificate")


class _Main(HTMLParser):
    """The visible text of <main> and the links in it."""

    def __init__(self):
        super().__init__()
        self.depth, self.hidden, self.text, self.links = 0, 0, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        if self.depth and tag in ("script", "style"):
            self.hidden += 1
        if self.depth and tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if self.depth and tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.text.append(data)


def _problems(url: str, text: str) -> list[str]:
    text = " ".join(text.split())
    found = [name for pattern, name in NEVER if pattern.search(text)]
    for term, spelled in EXPLAINED:
        first = term.search(text)
        if first is None:
            continue
        before, after = text[: first.end()], text[first.end() :]
        if not spelled.search(before) and not after.startswith(" ("):
            found.append(f'{first.group()} not explained on first use ("{before[-50:]}")')
    if OWN_PAGES.search(url) and THEIR.search(text):
        found.append('"their" on your own page (say "you" or "your")')
    return found


def test_participant_pages_use_plain_words(demo):
    client = Client()
    client.force_login(User.objects.get(email="amara@demo.withus.local"))
    queue, seen, problems = deque(["/me/"]), set(), {}
    while queue and len(seen) < 80:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Main()
        parser.feed(response.content.decode())
        found = _problems(url, " ".join(parser.text))
        if found:
            problems[url] = found
        queue.extend(link for link in parser.links if link not in seen)
    assert len(seen) > 15, seen
    assert not problems, "\n".join(f"{url}: {', '.join(found)}" for url, found in sorted(problems.items()))


def test_first_use_is_spelled_out_in_text_only():
    from withus.core.plain_words import spell_out_first_use

    html = '<a href="/qi/?x=QI" title="QI">My QI projects</a><textarea>QI</textarea><p>QI and PDSA cycles</p>'
    out = str(spell_out_first_use(html))
    assert out == (
        '<a href="/qi/?x=QI" title="QI">My quality improvement (QI) projects</a><textarea>QI</textarea>'
        "<p>QI and PDSA (Plan, Do, Study, Act: trying a change on a small scale and learning from it) cycles</p>"
    )
    already = "<p>Quality improvement (QI) is how we test changes. QI works.</p>"
    assert str(spell_out_first_use(already)) == already
    later = "<h1>QI</h1><p>Quality improvement (QI) is how we test changes.</p>"
    assert str(spell_out_first_use(later)).startswith("<h1>quality improvement (QI)</h1>")


def test_staff_pages_are_left_as_they_are(lead):
    from django.urls import reverse

    html = lead.client.get(reverse("home")).content.decode()
    assert "quality improvement (QI)" not in html
    assert "QI projects" in html
