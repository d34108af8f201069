"""Plain words on participant pages: the first use of a QI term on a page is spelled out.

Applied to the whole of a participant page's content by the layout, so every page, now and later, gets it:
the first "QI" becomes "quality improvement (QI)", and so on, unless the page already explains the term. Only
text between tags changes: never tag attributes, links, form values or scripts.
"""

import re

from django.utils.translation import gettext, gettext_noop
from markupsafe import Markup

# (term as written, its plain explanation at first use, text that shows it is already explained)
GLOSSARY = [
    (re.compile(r"\bQI\b"), gettext_noop("quality improvement (QI)"), re.compile(r"quality improvement \(QI", re.I)),
    (
        re.compile(r"\bPDSA\b"),
        gettext_noop("PDSA (Plan, Do, Study, Act: trying a change on a small scale and learning from it)"),
        re.compile(r"PDSA \(Plan, Do, Study, Act"),
    ),
    (
        re.compile(r"\bBig I\b"),
        gettext_noop("Big I (service users or carers are members of the team)"),
        re.compile(r"Big I \(service users"),
    ),
    (
        re.compile(r"\blittle i\b"),
        gettext_noop("little i (service users or carers are asked for views)"),
        re.compile(r"little i \(service users"),
    ),
]
# Text inside these elements is left exactly as it is.
_LEAVE = re.compile(r"(<(script|style|textarea|title)\b.*?</\2>)", re.S | re.I)
_TEXT = re.compile(r">([^<]+)<")


def spell_out_first_use(html: str) -> Markup:
    """The page content with the first use of each term explained."""
    html = str(html)
    for term, explained, explained_in_english in GLOSSARY:
        # On a translated page the explanation is in the page's language (an English one would sit inside a
        # sentence in Urdu); either wording counts as already explained.
        shown, already = gettext(explained), explained_in_english
        found = term.search(shown)
        if shown != explained and found:
            # As in English: the explanation up to the term itself ("poprawa jakości (QI") shows it is explained.
            already = re.compile(f"{already.pattern}|{re.escape(shown[: found.end()])}", already.flags)
        html = _replace_first(html, term, shown, already)
    return Markup(html)  # noqa: S704 # nosec B704 - our own rendered, already escaped page content, changed only in text


def _replace_first(html: str, term: re.Pattern, explained: str, already: re.Pattern) -> str:
    """Spell out the first use of `term`, unless the page has explained it before that point."""
    parts = _LEAVE.split(html)
    # re.split with two groups yields: text, whole element, tag name, text, ...
    for index in range(0, len(parts), 3):
        segment = f">{parts[index]}<"
        for match in _TEXT.finditer(segment):
            found = term.search(match.group(1))
            if found:
                start = match.start(1) + found.start()
                end = match.start(1) + found.end()
                earlier = "".join(parts[:index]) + segment[:end]
                if already.search(earlier) or segment[end:].startswith(" ("):
                    return html
                parts[index] = (segment[:start] + explained + segment[end:])[1:-1]
                return "".join(part for number, part in enumerate(parts) if number % 3 != 2)
    return html


def plain_words(html, participant: bool):
    """A Jinja filter for the layout: explain terms only on participant pages."""
    return spell_out_first_use(html) if participant else html
