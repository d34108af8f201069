"""Issue 16 item 6: earnings by tax year, the thresholds they reach, and a year-end summary PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from withus.core.models import AuditEntry
from withus.payments.models.claims import LimitChoice
from withus.payments.services.approvals import claim_approve
from withus.payments.services.claims import claim_create, claim_submit
from withus.payments.services.safeguards import LimitDecision
from withus.payments.tax_year import TaxYear, thresholds_on, year_payments, years_with_payments


def _approved(person_user, make_record, finance, *, days_ago=5, hours=2, decision=None):
    record = make_record(person_user.person, hours=hours, days_ago=days_ago)
    claim = claim_create(person=person_user.person, record_ids=[record.pk], actor=person_user.user)
    claim_submit(claim=claim, actor=person_user.user)
    return claim_approve(claim=claim, actor=finance.user, limit_decision=decision)


@pytest.mark.parametrize(
    ("label", "start"),
    [("2026-27", datetime.date(2026, 4, 6)), ("1999-00", None), ("2026-28", None), ("2026", None), ("x-y", None)],
)
def test_tax_year_labels(label, start):
    year = TaxYear.from_label(label)
    assert (year.start if year else None) == start


def test_a_tax_year_runs_from_6_april_to_5_april():
    assert TaxYear.containing(datetime.date(2027, 4, 5)).label == "2026-27"
    assert TaxYear.containing(datetime.date(2027, 4, 6)).label == "2027-28"
    assert TaxYear.containing(datetime.date(2027, 4, 6)).name == "6 April 2027 to 5 April 2028"


def test_thresholds_are_dated(settings):
    settings.WITHUS_TAX_THRESHOLDS = [
        {"name": "Personal Allowance", "amount": "12500.00", "from": "2019-04-06", "meaning": "Old"},
        {"name": "Personal Allowance", "amount": "12570.00", "from": "2021-04-06", "meaning": "New"},
    ]
    assert [t.amount for t in thresholds_on(datetime.date(2020, 4, 5))] == [Decimal("12500.00")]
    assert [t.amount for t in thresholds_on(datetime.date(2022, 4, 5))] == [Decimal("12570.00")]


def test_year_totals_leave_out_charity_payments_and_expenses(amara, make_record, rate, finance, settings):
    settings.WITHUS_TAX_THRESHOLDS = [{"name": "Test", "amount": "50.00", "from": "2000-04-06", "meaning": "Test"}]
    first = _approved(amara, make_record, finance, days_ago=3)
    _approved(amara, make_record, finance, days_ago=4)
    year = TaxYear.containing(first.first_activity_on)
    payments = year_payments(amara.person, year, method="payroll")
    assert payments.fees == Decimal("80.00")
    assert [reaching.reached for reaching in payments.thresholds] == [True]
    assert payments.reported_through_payroll
    assert years_with_payments(amara.person)[0] == year


def test_a_charity_payment_is_listed_but_not_earnings(amara, make_record, rate, finance):
    from withus.payments.models.preferences import EarningsLimit, LimitPeriod

    EarningsLimit.objects.create(
        organisation_id=amara.person.organisation_id,
        person=amara.person,
        benefit="ESA",
        period=LimitPeriod.MONTH,
        amount=Decimal("10.00"),
    )
    claim = _approved(amara, make_record, finance, decision=LimitDecision(choice=LimitChoice.CHARITY, charity="Mind"))
    payments = year_payments(amara.person, TaxYear.containing(claim.first_activity_on))
    assert (payments.fees, payments.to_charity) == (Decimal("0.00"), Decimal("40.00"))


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_amara_downloads_her_summary_pdf(amara, make_record, rate, finance):
    claim = _approved(amara, make_record, finance)
    year = TaxYear.containing(claim.first_activity_on)
    page = amara.client.get(reverse("payments:my_payments")).content.decode()
    assert "Tax this year" in page
    url = reverse("payments:my_tax_year_summary", args=[year.label])
    assert url in page
    response = amara.client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="involvement-payments-{year.label}.pdf"'
    text = _pdf_text(response.content)
    assert "Amara Bello" in text
    assert "£40.00" in text
    assert "reports these payments to HM Revenue and Customs" in text
    assert AuditEntry.objects.filter(object_label=f"Tax year summary {year.label} for Amara Bello").exists()


def test_a_year_with_nothing_paid_says_so(amara):
    response = amara.client.get(reverse("payments:my_tax_year_summary", args=["2015-16"]))
    assert response.status_code == 200
    assert "You had no approved involvement payments or expenses in this tax year" in _pdf_text(response.content)


def test_a_bad_tax_year_is_not_found_and_staff_have_none(amara, finance):
    assert amara.client.get(reverse("payments:my_tax_year_summary", args=["2026-99"])).status_code == 404
    assert finance.client.get(reverse("payments:my_tax_year_summary", args=["2025-26"])).status_code == 404


def test_the_payment_page_shows_staff_the_tax_year(amara, make_record, rate, finance):
    _approved(amara, make_record, finance)
    page = finance.client.get(reverse("payments:person_preference", args=[amara.person.pk])).content.decode()
    assert "Approved involvement payments: £40.00" in page
    assert "Personal Allowance (£12,570.00): not reached by these payments alone." in page
