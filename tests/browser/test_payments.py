"""Payments in the browser: amara@ sees her payments and sends a claim with a receipt; finance@ approves it
(and a claim lead@ sent for Ben), cannot approve one she keyed in, exports a batch and downloads it twice."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from tests.browser.support import assert_accessible, expect_error_summary, follow_menu_link

pytestmark = pytest.mark.browser

AMARA = "amara@demo.withus.local"
FINANCE = "finance@demo.withus.local"
LEAD = "lead@demo.withus.local"


def test_claim_approval_and_export(new_signed_in_page, tmp_path: Path) -> None:
    amara = new_signed_in_page(AMARA)
    follow_menu_link(amara, "My payments")
    expect(amara.get_by_role("heading", level=1)).to_have_text("My payments")
    main = amara.get_by_role("main")
    expect(main).to_contain_text("Close to your limit")
    expect(main).to_contain_text("This tax year")
    assert_accessible(amara)

    # Her draft claim: add a bus fare. A web page renamed .png is refused; a real photo is accepted.
    row = main.get_by_role("row").filter(has_text="Not sent yet")
    row.get_by_role("link").click()
    expect(amara.get_by_role("heading", level=1)).to_contain_text("Claim C-")
    claim_url = amara.url
    reference = amara.get_by_role("heading", level=1).inner_text().removeprefix("Claim ").strip()
    assert_accessible(amara)
    amara.get_by_role("link", name="Add an expense").click()
    expect(amara.get_by_role("heading", level=1)).to_have_text("Add an expense")
    assert_accessible(amara)
    amara.get_by_label("Travel").check()
    # A few days ago: expenses can be claimed for up to a year and never for a day still to come.
    spent_on = datetime.datetime.now(tz=datetime.UTC).date() - datetime.timedelta(days=3)
    amara.get_by_label("Day").fill(str(spent_on.day))
    amara.get_by_label("Month").fill(str(spent_on.month))
    amara.get_by_label("Year").fill(str(spent_on.year))
    amara.get_by_label("What it was").fill("Bus to Willow Ward and back")
    amara.get_by_label("Amount in pounds").fill("4.80")
    fake = tmp_path / "receipt.png"
    fake.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    amara.get_by_label("Receipt (a photo or a PDF)").set_input_files(str(fake))
    amara.get_by_role("button", name="Add the expense").click()
    expect_error_summary(amara, "must be a photo")
    real = tmp_path / "bus.png"
    Image.new("RGB", (200, 120), "white").save(real)
    amara.get_by_label("Receipt (a photo or a PDF)").set_input_files(str(real))
    amara.get_by_role("button", name="Add the expense").click()
    expect(amara).to_have_url(claim_url)
    expect(amara.locator(".nhsuk-notification-banner--success")).to_contain_text("expense is added")
    assert_accessible(amara)
    amara.get_by_role("button", name="Send the claim").click()
    expect(amara.locator(".nhsuk-tag", has_text="Waiting for approval")).to_be_visible()
    assert_accessible(amara)

    # Finance approves Amara's claim and the one lead@ sent for Ben.
    finance = new_signed_in_page(FINANCE)
    follow_menu_link(finance, "Claims")
    expect(finance.get_by_role("heading", level=1)).to_have_text("Claims")
    assert_accessible(finance)
    finance.get_by_role("link", name="Waiting for approval").click()
    finance.get_by_role("link", name=reference).click()
    main = finance.get_by_role("main")
    expect(main).to_contain_text("Amara Bello")
    expect(main.get_by_role("link", name=re.compile("Download receipt"))).to_be_visible()
    # It takes her over the weekly limit she set: finance must record what she agreed, not click past it.
    expect(main).to_contain_text("This claim would go over a limit Amara Bello set")
    expect(finance.get_by_role("button", name="Approve claim")).to_have_count(0)
    assert_accessible(finance)
    finance.get_by_label("Pay it anyway: the person agreed").check()
    finance.get_by_role("button", name="Save the choice").click()
    expect_error_summary(finance, "Enter what the person agreed, and when, to pay it anyway")
    assert_accessible(finance)
    finance.get_by_label("Pay it anyway: the person agreed").check()
    finance.get_by_label("What the person agreed, and when").fill("Amara agreed by phone with her adviser")
    finance.get_by_role("button", name="Save the choice").click()
    expect(finance.locator(".nhsuk-notification-banner--success")).to_contain_text("is approved")
    expect(finance.get_by_role("main")).to_contain_text("Amara Bello agreed to be paid in full")
    assert_accessible(finance)

    # Ben's busy week, sent by lead@, is over his Carer's Allowance limit: he chose a charity.
    finance.goto("/claims/?status=submitted")
    finance.get_by_role("row").filter(has_text="Ben Hughes").filter(has_text="Priya Shah").get_by_role(
        "link"
    ).first.click()
    expect(finance.get_by_role("main")).to_contain_text("Submitted by someone on their behalf")
    expect(finance.get_by_role("main")).to_contain_text("limit set for Carer's Allowance earnings limit")
    finance.get_by_label("Pay it to a charity the person chose").check()
    finance.get_by_label("Name of the charity the person chose").fill("Carers Trust")
    finance.get_by_role("button", name="Save the choice").click()
    expect(finance.locator(".nhsuk-notification-banner--success")).to_contain_text("is approved")

    # The claim lead@ sent for someone with no way to be paid yet cannot be approved, and says why.
    # (Who it is differs a little from seed to seed, so look through the claims waiting for approval.)
    finance.goto("/claims/?status=submitted")
    links = finance.locator("tbody tr").get_by_role("link")
    urls = list(dict.fromkeys(links.nth(index).get_attribute("href") for index in range(links.count())))
    for url in urls:
        finance.goto(url)
        if "has no payment method recorded" in finance.get_by_role("main").inner_text():
            break
    else:
        pytest.fail(f"No claim waiting for approval says it has no payment route, among {urls}")
    expect(finance.get_by_role("main")).to_contain_text("has no payment method recorded")
    expect(finance.get_by_role("button", name="Approve claim")).to_have_count(0)
    assert_accessible(finance)

    # The claim she keyed in from a paper form needs another approver.
    finance.goto("/claims/?status=submitted")
    finance.get_by_role("row").filter(has_text="Grace Mensah").get_by_role("link").first.click()
    expect(finance.get_by_role("main")).to_contain_text("another finance approver needs to approve it")
    expect(finance.get_by_role("button", name="Approve claim")).to_have_count(0)
    assert_accessible(finance)

    # Export a batch; both downloads are the same bytes, and no cell is a formula.
    follow_menu_link(finance, "Finance")
    expect(finance.get_by_role("heading", level=1)).to_have_text("Finance batches")
    assert_accessible(finance)
    # One batch per way of paying: payroll first (Amara), then vouchers (Ben's, paid to the charity he chose).
    finance.get_by_role("radio", name=re.compile(r"^Payroll")).check()
    finance.get_by_role("button", name="Create the batch").click()
    expect(finance.get_by_role("heading", level=1)).to_contain_text("Batch B-")
    main = finance.get_by_role("main")
    expect(main).to_contain_text("Payroll")
    expect(main).to_contain_text("Pay it anyway: the person agreed")
    expect(main).not_to_contain_text("Ben Hughes")
    assert_accessible(finance)
    with finance.expect_download() as first:
        finance.get_by_role("button", name="Download CSV").click()
    with finance.expect_download() as second:
        finance.get_by_role("button", name="Download CSV").click()
    one = Path(first.value.path()).read_bytes()
    assert one == Path(second.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(one.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Batch", "Claim reference", "Payee name", "Payroll number"]
    assert any(reference in row for row in rows)
    assert not any("total" in cell.lower() for row in rows[1:] for cell in row[:3])  # data rows only
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    with finance.expect_download() as workbook:
        finance.get_by_role("button", name="Download Excel (XLSX)").click()
    sheets = load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes()))
    assert sheets.sheetnames == ["Payments", "Summary"]
    dates = [row[8] for row in sheets["Payments"].iter_rows(min_row=2, values_only=True)]
    assert dates
    assert all(isinstance(day, datetime.datetime) for day in dates)
    with finance.expect_download() as summary:
        finance.get_by_role("link", name="Download the summary (CSV)").click()
    totals = dict(csv.reader(io.StringIO(Path(summary.value.path()).read_text(encoding="utf-8-sig"))))
    assert totals["Route"] == "Payroll"
    assert len(totals["SHA-256 of the CSV payments file"]) == 64

    follow_menu_link(finance, "Finance")
    finance.get_by_role("radio", name=re.compile(r"^Vouchers")).check()
    finance.get_by_role("button", name="Create the batch").click()
    expect(finance.get_by_role("main")).to_contain_text("Pay it to a charity the person chose (Carers Trust)")
    assert_accessible(finance)

    # Amara sees her claim has gone to finance.
    amara.goto(claim_url)
    expect(amara.locator(".nhsuk-tag", has_text="Sent to finance for payment")).to_be_visible()
    assert_accessible(amara)


def test_lead_sees_claims_and_lateness(new_signed_in_page) -> None:
    lead = new_signed_in_page(LEAD)
    follow_menu_link(lead, "Claims")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Claims")
    assert_accessible(lead)
    lead.get_by_role("link", name="Claims paid late").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Claims paid late")
    expect(lead.get_by_role("main")).to_contain_text("Median days")
    assert_accessible(lead)
    lead.goto("/finance/rates/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Rate card")
    assert_accessible(lead)
    lead.goto("/opportunities/")
    lead.get_by_role("link", name=re.compile("Interview panel")).first.click()
    expect(lead.get_by_role("main")).to_contain_text("£13.85 an hour")
    assert_accessible(lead)
