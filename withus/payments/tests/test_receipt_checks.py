"""Receipts with active content or a virus are refused with a kind message, and nothing is saved (issue 12).
Clean receipts still go through, and are served only as attachments."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from withus.core.tests import fake_scanner
from withus.payments.models.claims import ClaimLine, Receipt
from withus.payments.receipts import ACTIVE_PDF, checked_receipt
from withus.payments.services.claims import claim_create

FAKE_SCANNER = "withus.core.tests.fake_scanner.scan"


def _write(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return writer


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _pdf_with_names_tree_script() -> bytes:
    writer = _writer()
    script = writer._add_object(_action("/JavaScript", JS="app.alert('hello');"))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    return _write(writer)


def _pdf_with_open_action_script() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_action("/JavaScript", JS="app.alert(1)"))
    return _write(writer)


def _pdf_with_launch_action() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = _action("/Launch", F="cmd.exe")
    return _write(writer)


def _pdf_with_page_additional_actions() -> bytes:
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _action("/URI", URI="https://x.test")})
    return _write(writer)


def _pdf_with_link_that_launches() -> bytes:
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
            NameObject("/A"): _action("/Launch", F="calc.exe"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _write(writer)


def _pdf_with_a_disguised_script_name() -> bytes:
    # "/J#61vaScript" is /JavaScript written with a #-escape, which PDF readers decode.
    return _pdf_with_names_tree_script().replace(b"/JavaScript", b"/J#61vaScript")


ACTIVE_PDFS = {
    "document script (names tree)": _pdf_with_names_tree_script,
    "script run on opening": _pdf_with_open_action_script,
    "program launched on opening": _pdf_with_launch_action,
    "page additional actions": _pdf_with_page_additional_actions,
    "link that launches a program": _pdf_with_link_that_launches,
    "disguised script name": _pdf_with_a_disguised_script_name,
}


@pytest.mark.parametrize("builder", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_pdfs_with_scripts_or_launch_actions_are_refused_kindly(builder):
    with pytest.raises(ValidationError) as refused:
        checked_receipt(builder())
    assert refused.value.message_dict["receipt"] == [ACTIVE_PDF]
    assert "Save as PDF" in ACTIVE_PDF


def test_plain_pdfs_with_ordinary_links_and_an_opening_page_are_accepted():
    writer = _writer()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[1].indirect_reference, NameObject("/Fit")]
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
            NameObject("/A"): _action("/URI", URI="https://www.nhs.uk/"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    _content, content_type = checked_receipt(_write(writer))
    assert content_type == "application/pdf"


def _jpeg(extra: bytes = b"") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(output, format="JPEG")
    return output.getvalue() + extra


def test_the_configured_scanner_sees_every_receipt_and_an_infected_one_is_refused(settings):
    settings.WITHUS_VIRUS_SCANNER = FAKE_SCANNER
    fake_scanner.scanned.clear()
    checked_receipt(_jpeg())
    assert fake_scanner.scanned == ["receipt"]
    with pytest.raises(ValidationError, match="virus check found a problem"):
        checked_receipt(_jpeg(fake_scanner.MARKER))


def test_when_the_scanner_cannot_check_the_upload_is_refused_not_let_through(settings):
    settings.WITHUS_VIRUS_SCANNER = "withus.core.tests.fake_scanner.unavailable"
    with pytest.raises(ValidationError, match="could not be checked for viruses just now"):
        checked_receipt(_jpeg())


def _expense(client, claim, receipt: SimpleUploadedFile):
    today = timezone.localdate()
    return client.post(
        reverse("payments:claim_expense_add", args=[claim.pk]),
        {
            "category": "travel",
            "date_day": today.day,
            "date_month": today.month,
            "date_year": today.year,
            "description": "Bus to Willow Ward and back",
            "amount": "4.80",
            "receipt": receipt,
        },
    )


def _files_saved(settings) -> list[str]:
    folder = settings.STORAGES["default"]["OPTIONS"]["location"]
    return [name for _, _, names in os.walk(folder) for name in names]


def test_an_infected_receipt_is_refused_on_the_page_and_nothing_is_saved(amara, make_record, rate, settings):
    settings.WITHUS_VIRUS_SCANNER = FAKE_SCANNER
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    infected = SimpleUploadedFile("bus.jpg", _jpeg(fake_scanner.MARKER), content_type="image/jpeg")

    response = _expense(amara.client, claim, infected)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The virus check found a problem with this file, so it has not been saved" in html
    assert not ClaimLine.objects.filter(kind="expense").exists()
    assert not Receipt.objects.exists()
    assert _files_saved(settings) == []


def test_a_pdf_with_a_script_is_refused_on_the_page_and_a_clean_one_is_kept_as_an_attachment(
    amara, make_record, rate, settings
):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    scripted = SimpleUploadedFile("bus.pdf", _pdf_with_open_action_script(), content_type="application/pdf")
    response = _expense(amara.client, claim, scripted)
    assert "contains a script or an instruction to open another program" in response.content.decode()
    assert not Receipt.objects.exists()
    assert _files_saved(settings) == []

    clean = SimpleUploadedFile("bus.pdf", _write(_writer()), content_type="application/pdf")
    assert _expense(amara.client, claim, clean).status_code == 302
    receipt = Receipt.objects.get()
    download = amara.client.get(reverse("payments:receipt", args=[claim.pk, receipt.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_pdf_too_big_to_check_is_refused_with_its_own_message(monkeypatch):
    monkeypatch.setattr("withus.payments.receipts.MAX_PDF_OBJECTS", 3)
    pdf = _writer()
    pdf.add_blank_page(width=200, height=200)
    with pytest.raises(ValidationError, match="too long or complicated to check"):
        checked_receipt(_write(pdf))
