"""Every demo page, for every demo role, shows no markup as text (issue 14 item 3).

Each demo sign-in walks the demo trust from the home page by following the links on every page it reaches (GET
only, this site only), up to a few pages per URL pattern, and the text of every page must not hold an escaped tag
such as `&lt;br`, `&lt;a ` or `&lt;p`: that is markup shown on screen instead of being drawn.
"""

import re

import pytest
from django.test import Client

from withus.accounts.models import User
from withus.demo.tests.walk import walk
from withus.demo.world import SIGN_INS

ESCAPED_TAG = re.compile(r"&lt;/?(br|a|p|ul|li|strong|span|div)\b", re.IGNORECASE)


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
