"""Production's manifest storage refuses any reference to a file that is not there: every source map a script
or stylesheet names must have been copied beside it by `make assets` (issue 12)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.urls import reverse

# The comment forms Django's manifest storage follows (django.contrib.staticfiles.storage), JS and CSS.
SOURCE_MAP = re.compile(rb"(?m)^(?://# sourceMappingURL=|/\*# sourceMappingURL=)([^\s*]+)")


def test_every_source_map_a_static_file_names_is_there():
    checked = []
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            if not path.endswith((".js", ".mjs", ".css")):
                continue
            with storage.open(path) as handle:
                content = handle.read()
            for reference in SOURCE_MAP.findall(content):
                target = path.rsplit("/", 1)[0] + "/" + reference.decode() if "/" in path else reference.decode()
                checked.append(target)
                assert finders.find(target), f"{path} names {reference.decode()}, which `make assets` did not copy"
    assert "vega/vega-interpreter.js.map" in checked
    assert settings.STATICFILES_DIRS


class FilesOnlyStaticStorage(StaticFilesStorage):
    """Like production's manifest storage, refuses a URL for anything but a file that collectstatic would copy."""

    def url(self, name):
        found = finders.find(name)
        if not found or not Path(found).is_file():
            raise ValueError(f"static({name!r}) is not a file: the manifest storage would refuse it")
        return super().url(name)


@pytest.fixture
def files_only_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": f"{__name__}.FilesOnlyStaticStorage"},
    }


def test_pages_ask_for_static_files_one_file_at_a_time(files_only_static, client, admin_client):
    assert client.get(reverse("account_login")).status_code == 200
    page = admin_client.get(reverse("home"))
    assert page.status_code == 200
    assert 'rel="icon" href="/static/nhsuk/images/favicon.svg"' in page.content.decode()
