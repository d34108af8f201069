"""Plain English, measured (issue 26 item 1): every page a participant reaches in the demo trust, and every
message the demo queues for a participant, scored for reading age with textstat, offline.

A page or message fails over SMOG 14 (the NHS's "fix first"). Pages above the reading-age-11 target (about
grade 6) and sentences over 20 words are reported, not failed, in `docs/content.md`, which lists every page.
Write the report again after changing participant pages:

    WITHUS_CONTENT_REPORT=docs/content.md .venv/bin/pytest -p no:xdist withus/demo/tests/test_reading_age.py
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from withus.accounts.models import Role, User
from withus.demo.tests.readability import (
    LONG_SENTENCE_WORDS,
    READING_AGE_TARGET_GRADE,
    SMOG_FAIL_OVER,
    Scores,
    page_sentences,
    score,
    text_sentences,
)
from withus.demo.tests.walk import url_pattern, walk
from withus.demo.world import DEMO_DOMAIN, SIGN_INS
from withus.notifications.models import Message

PARTICIPANTS = [sign_in.local_part for sign_in in SIGN_INS if sign_in.role == Role.PARTICIPANT]
REPORT = Path(__file__).resolve().parents[3] / "docs" / "content.md"


def participant_pages() -> dict[str, tuple[str, Scores]]:
    """URL pattern -> (an example path, its scores), keeping the hardest-to-read example of each pattern."""
    worst: dict[str, tuple[str, Scores]] = {}
    for local_part in PARTICIPANTS:
        client = Client()
        client.force_login(User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}"))
        for path, html in walk(client).items():
            pattern = url_pattern(path) or path
            examples = [(pattern, path, html)]
            if "read=easy" in html:
                # The page's easy-read version (issue 26 item 3), scored as a page of its own.
                easy = f"{path}{'&' if '?' in path else '?'}read=easy"
                response = client.get(easy)
                if response.status_code == 200:  # the home page redirects to My details, scored as itself
                    examples.append((f"{pattern} (easy read)", easy, response.content.decode()))
            for name, example, page in examples:
                scores = score(page_sentences(page))
                if name not in worst or scores.smog > worst[name][1].smog:
                    worst[name] = (example, scores)
    return worst


def participant_messages() -> dict[str, Scores]:
    """Message template -> scores of the hardest-to-read message of that template queued for a participant."""
    worst: dict[str, Scores] = {}
    messages = Message.objects.filter(person__isnull=False).values_list("template", "subject", "body")
    for template, subject, body in messages:
        scores = score(text_sentences(subject + "\n" + body))
        if template not in worst or scores.smog > worst[template].smog:
            worst[template] = scores
    return worst


def test_no_participant_page_or_message_is_hard_to_read(demo):
    pages = participant_pages()
    messages = participant_messages()
    assert len(pages) >= 20, sorted(pages)
    easy = {name: s for name, (_, s) in pages.items() if name.endswith("(easy read)")}
    assert len(easy) >= 7, sorted(easy)
    assert messages, "the demo queues messages for participants"
    if os.environ.get("WITHUS_CONTENT_REPORT"):
        Path(os.environ["WITHUS_CONTENT_REPORT"]).write_text(_report(pages, messages), encoding="utf-8")
    too_hard = {pattern: round(s.smog, 1) for pattern, (_, s) in pages.items() if s.smog > SMOG_FAIL_OVER}
    too_hard |= {template: round(s.smog, 1) for template, s in messages.items() if s.smog > SMOG_FAIL_OVER}
    assert too_hard == {}
    listed = REPORT.read_text(encoding="utf-8")
    missing = sorted(pattern for pattern in pages if f"`{pattern}`" not in listed)
    assert missing == [], "docs/content.md does not list these pages: write the report again (see this module)"


def test_the_scores_tell_plain_words_from_jargon():
    plain = score(
        text_sentences("You can claim money for your time. We will pay you within 2 weeks. Tell us how to pay you.")
    )
    jargon = score(
        text_sentences(
            "The organisational implementation of multidisciplinary co-production necessitates comprehensive "
            "consideration of institutional accountability. Participation remuneration is administered "
            "retrospectively following verification. Consequently, eligibility determination incorporates "
            "individualised benefit considerations."
        )
    )
    assert plain.smog < 6 < SMOG_FAIL_OVER < jargon.smog
    assert plain.grade < READING_AGE_TARGET_GRADE < jargon.grade


def test_a_page_is_read_as_a_person_sees_it():
    html = (
        "<header>Menu</header><main><h1>Your claims</h1><p>You have <b>2</b> claims.<br>Next</p>"
        "<script>var x = 1;</script><div hidden><p>Not shown</p></div>"
        "<ul><li>Claim one</li><li>Claim <a href='/x'>two</a> here</li></ul></main><footer>Help</footer>"
    )
    assert page_sentences(html) == ["Your claims", "You have 2 claims.", "Next", "Claim one", "Claim two here"]


def test_long_sentences_are_flagged():
    sentence = " ".join(["word"] * (LONG_SENTENCE_WORDS + 1)) + "."
    assert score([sentence, "Short one."]).long_sentences == [sentence]


@pytest.mark.parametrize("text", ["", "   ", "123 456"])
def test_a_page_with_no_words_scores_nothing(text):
    assert score(text_sentences(text)).words == 0


def _report(pages: dict[str, tuple[str, Scores]], messages: dict[str, Scores]) -> str:
    lines = [
        "# Plain English: reading age of participant pages and messages",
        "",
        "Written by `withus/demo/tests/test_reading_age.py` (issue 26): every page the demo participants "
        f"({', '.join(PARTICIPANTS)}) reach from their home page, and every message the demo queues for a "
        "participant, scored offline with textstat. The test fails if any scores SMOG over "
        f"{SMOG_FAIL_OVER:g}; the NHS target is a reading age of 9 to 11 (about grade {READING_AGE_TARGET_GRADE:g} "
        f"or below). Sentences over {LONG_SENTENCE_WORDS} words are counted. Each row is the hardest-to-read page "
        "of its kind. A page's headings, buttons, list items and table cells each count as a sentence, as a "
        'person reads them. A page with an easy-read version is listed again as "(easy read)".',
        "",
        f"Pages: {len(pages)}. Above the reading-age-11 target: "
        f"{sum(1 for _, s in pages.values() if s.grade > READING_AGE_TARGET_GRADE)}. "
        f"Over SMOG {SMOG_FAIL_OVER:g}: {sum(1 for _, s in pages.values() if s.smog > SMOG_FAIL_OVER)}.",
        "",
        "## Pages",
        "",
        "| Page | Example | Words | SMOG | Grade | Above target | Long sentences |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for pattern, (path, s) in sorted(pages.items(), key=lambda item: -item[1][1].grade):
        above = "yes" if s.grade > READING_AGE_TARGET_GRADE else ""
        lines.append(
            f"| `{pattern}` | {path} | {s.words} | {s.smog:.1f} | {s.grade:.1f} | {above} | {len(s.long_sentences)} |"
        )
    lines += ["", "## Messages", "", "| Template | Words | SMOG | Grade | Above target | Long sentences |"]
    lines.append("|---|---:|---:|---:|---|---:|")
    for template, s in sorted(messages.items(), key=lambda item: -item[1].grade):
        above = "yes" if s.grade > READING_AGE_TARGET_GRADE else ""
        lines.append(f"| `{template}` | {s.words} | {s.smog:.1f} | {s.grade:.1f} | {above} | {len(s.long_sentences)} |")
    long = sorted({sentence for _, s in pages.values() for sentence in s.long_sentences})
    lines += ["", f"## Sentences over {LONG_SENTENCE_WORDS} words on pages ({len(long)})", ""]
    lines += [f"- {sentence}" for sentence in long]
    return "\n".join(lines) + "\n"
