"""The translation catalogue is kept up to date with the code (issue 26 item 4): what `make messages` would extract
is what is committed, every language has every string (empty ones show in English), and each compiled catalogue
is the one its .po file gives."""

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

from withus.core.languages import TRANSLATED

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "withus" / "locale"
KEYWORDS = {"_l": None, "gettext_lazy": None, "gettext_noop": None, "gettext": None, "ngettext": (1, 2), "_": None}


def _extracted() -> set[str]:
    method_map, options_map = parse_mapping_cfg(io.StringIO((ROOT / "babel.cfg").read_text(encoding="utf-8")))
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _ids(catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def test_the_committed_catalogue_has_every_string_marked_in_the_code():
    committed = _ids(read_po((LOCALE / "django.pot").open("rb")))
    extracted = _extracted()
    assert sorted(extracted - committed) == [], "Run `make messages`: these strings are not in the catalogue yet"
    assert sorted(committed - extracted) == [], "Run `make messages`: these strings are no longer in the code"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_language_has_every_string_and_its_compiled_catalogue_is_current(code):
    template = _ids(read_po((LOCALE / "django.pot").open("rb")))
    folder = LOCALE / code / "LC_MESSAGES"
    po = read_po((folder / "django.po").open("rb"))
    assert _ids(po) == template
    compiled = read_mo((folder / "django.mo").open("rb"))
    assert {_key(m.id): _key(m.string) for m in compiled if m.id and _translated(m)} == {
        _key(m.id): _key(m.string) for m in po if m.id and _translated(m) and not m.fuzzy
    }, "Run `make messages` to compile the catalogues"


def _key(value):
    """A plural message's id and strings come as lists or tuples: one hashable, comparable form."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _translated(message) -> bool:
    return any(message.string) if isinstance(message.string, list | tuple) else bool(message.string)


def _forms(value) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else [value]


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_survive_translation(code):
    """A translation that drops or renames %(name)s would fail when the page is drawn."""
    placeholder = re.compile(r"%\((\w+)\)s")
    po = read_po((LOCALE / code / "LC_MESSAGES" / "django.po").open("rb"))
    wrong = [
        m.id
        for m in po
        if m.id
        and _translated(m)
        and any(
            set(placeholder.findall(" ".join(_forms(m.id)))) != set(placeholder.findall(form))
            for form in _forms(m.string)
        )
    ]
    assert wrong == []


def test_a_missing_translation_falls_back_to_english():
    with translation.override("ur"):
        assert translation.gettext("My details") == "میری تفصیلات"
        assert translation.gettext("A sentence nobody has translated") == "A sentence nobody has translated"
