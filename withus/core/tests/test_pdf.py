"""core.pdf: every PDF is tagged PDF/UA-1, says its language and title, and fetches nothing."""

import base64
import io

import pytest
from pypdf import PdfReader

from withus.core.pdf import html_to_pdf

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>Peer support review</h1><p>Seven people took part.</p>{extra}</body></html>"""
# A 1×1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _pdf(*, title="Peer support review", language="en-GB", extra="") -> PdfReader:
    return PdfReader(io.BytesIO(html_to_pdf(PAGE.format(title=title, extra=extra), title=title, language=language)))


def _tags(node, found=None) -> list[str]:
    found = [] if found is None else found
    node = node.get_object()
    if "/S" in node:
        found.append(str(node["/S"]))
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, list) else [kids]:
        child = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(child, dict):
            _tags(child, found)
    return found


def _images(reader: PdfReader) -> int:
    resources = reader.pages[0]["/Resources"]
    objects = resources.get("/XObject", {})
    return sum(1 for item in objects.values() if item.get_object().get("/Subtype") == "/Image")


def test_a_pdf_is_tagged_with_its_language_and_title():
    reader = _pdf()
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Peer support review"
    assert reader.pdf_header == "%PDF-1.7"
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    tags = _tags(root["/StructTreeRoot"])
    assert "/H1" in tags
    assert "/P" in tags


def test_the_title_and_language_given_are_the_documents():
    reader = _pdf(title="Adolygiad cymorth cymheiriaid", language="cy")
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert reader.metadata.title == "Adolygiad cymorth cymheiriaid"


@pytest.mark.parametrize(("title", "language"), [("", "en-GB"), ("   ", "en-GB"), ("Review", ""), ("Review", " ")])
def test_a_pdf_without_a_title_or_language_is_refused(title, language):
    with pytest.raises(ValueError, match="needs"):
        html_to_pdf(PAGE.format(title=title, extra=""), title=title, language=language)


def test_files_and_the_network_are_never_read_but_data_urls_are(tmp_path):
    picture = tmp_path / "pixel.png"
    picture.write_bytes(PIXEL)
    outside = f'<img src="{picture.as_uri()}" alt="A file"><img src="http://127.0.0.1:9/pixel.png" alt="The network">'
    assert _images(_pdf(extra=outside)) == 0
    inline = f'<img src="data:image/png;base64,{base64.b64encode(PIXEL).decode()}" alt="A dot">'
    assert _images(_pdf(extra=inline)) == 1
