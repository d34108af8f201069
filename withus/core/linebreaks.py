"""Text that people typed, with its line breaks kept, rendered safely (escaped first, then marked up).

Jinja filters (registered in withus.config.jinja2_env):
- ``paragraphs``: block text. A blank line starts a new paragraph (<p>); a single line break stays a <br>.
- ``lines``: inline text (inside a <p>, <li> or table cell): each line break becomes a <br>.
- ``line_list``: a list of short lines (sessions, kinds of support) as an unbulleted NHS.UK list.
Nothing here ever trusts the text: every piece is escaped before the markup is added.
"""

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

_BLANK_LINE = re.compile(r"\n\s*\n")


def _normalise(value) -> str:
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def lines(value) -> Markup:
    """Escape the text and turn each line break into <br>."""
    parts = [escape(line.strip()) for line in _normalise(value).split("\n")]
    return Markup("<br>").join(part for part in parts if part)


def paragraphs(value, css_class: str = "") -> Markup:
    """Escape the text and make each block separated by a blank line a paragraph."""
    text = _normalise(value)
    if not text:
        return Markup("")
    opening = Markup('<p class="{}">').format(css_class) if css_class else Markup("<p>")
    blocks = [lines(block) for block in _BLANK_LINE.split(text)]
    return Markup("").join(opening + block + Markup("</p>") for block in blocks if block)


def line_list(items: Iterable | None, css_class: str = "nhsuk-list") -> Markup:
    """Each item (escaped) as a list item of an unbulleted list; nothing when there are no items."""
    entries = [Markup("<li>{}</li>").format(lines(item)) for item in (items or []) if _normalise(item)]
    if not entries:
        return Markup("")
    return Markup('<ul class="{}">').format(css_class) + Markup("").join(entries) + Markup("</ul>")
