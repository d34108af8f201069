"""Production's manifest storage refuses any reference to a file that is not there: every source map a script
or stylesheet names must have been copied beside it by `make assets` (issue 12)."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders

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
