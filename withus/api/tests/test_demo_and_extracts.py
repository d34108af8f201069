"""With the demo trust's token: the Willow Ward racist-incidents measure as its page and data.csv show it, a push
that changes its chart and icons (and the same push again that changes nothing), and the extracts."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.api.services import token_create
from withus.api.tests.conftest import bearer
from withus.core.models import AuditEntry
from withus.demo.api_world import DEMO_SECRET
from withus.improvement.models import DataPoint, Measure
from withus.involvement.models import InvolvementRecord
from withus.organisations.tests.factories import OrganisationFactory
from withus.payments.models.claims import Claim, ClaimStatus

pytestmark = pytest.mark.slow


@pytest.fixture
def racism(demo):
    return Measure.objects.get(organisation=demo, name="Racist incidents each week", project__title__contains="racist")


@pytest.fixture
def qi(demo):
    client = Client()
    assert client.login(username="qi@demo.withus.local", password="withus-demo")
    return client


def _figure(value):
    return "" if value is None else f"{value:.6g}"


def test_the_demo_racism_measure_reads_as_its_data_csv_and_page_and_a_push_changes_it_once(demo, racism, qi):
    api = bearer(DEMO_SECRET)
    listed = api.get("/api/v1/measures/?page_size=1000").json()
    assert str(racism.pk) in {item["id"] for item in listed["results"]}
    body = api.get(f"/api/v1/measures/{racism.pk}/").json()

    download = qi.get(reverse("improvement:measure_csv", args=[racism.project_id, racism.pk]))
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["date"], r["value"], r["centre"], r["lower"], r["upper"], r["category"]) for r in rows] == [
        (p["date"], _figure(p["value"]), _figure(p["centre"]), _figure(p["lower"]), _figure(p["upper"]), p["category"])
        for p in body["points"]
    ]
    page = qi.get(reverse("improvement:measure", args=[racism.project_id, racism.pk])).content.decode()
    assert body["variation"]["label"] in page.split('id="variation-icon"')[1].split("</dd>")[0]
    if body["assurance"]:
        assert body["assurance"]["label"] in page.split('id="assurance-icon"')[1].split("</dd>")[0]

    # The latest three weeks were high after all (the warehouse corrects them): the chart and the icons change.
    pushed = [{"date": point["date"], "value": 12} for point in body["points"][-3:]]
    first = api.put(f"/api/v1/measures/{racism.pk}/points/", {"points": pushed}, content_type="application/json")
    assert first.status_code == 200, first.content
    after = api.get(f"/api/v1/measures/{racism.pk}/").json()
    assert first.json()["changed"] == 3
    assert after["variation"] != body["variation"]
    assert [p["value"] for p in after["points"][-3:]] == [12, 12, 12]
    page = qi.get(reverse("improvement:measure", args=[racism.project_id, racism.pk])).content.decode()
    assert after["variation"]["label"] in page.split('id="variation-icon"')[1].split("</dd>")[0]
    assert "Fed by the API" in page

    points = list(
        DataPoint.objects.filter(measure=racism).order_by("period").values_list("period", "value", "updated_at")
    )
    again = api.put(f"/api/v1/measures/{racism.pk}/points/", {"points": pushed}, content_type="application/json")
    assert (again.json()["added"], again.json()["changed"]) == (0, 0)
    assert (
        list(DataPoint.objects.filter(measure=racism).order_by("period").values_list("period", "value", "updated_at"))
        == points
    )
    assert api.get(f"/api/v1/measures/{racism.pk}/").json() == after


def test_the_involvement_extract_is_paged_without_personal_details_and_audited(demo):
    api = bearer(DEMO_SECRET)
    start, end = timezone.localdate() - datetime.timedelta(days=365), timezone.localdate()
    expected = InvolvementRecord.objects.filter(organisation=demo, date__gte=start, date__lte=end).count()
    assert expected > 3
    body = api.get(f"/api/v1/extracts/involvement-records/?start={start}&end={end}&page_size=3").json()
    assert (body["count"], len(body["results"]), body["pages"]) == (expected, 3, -(-expected // 3))
    record = body["results"][0]
    assert not {"full_name", "email", "phone", "name", "ethnicity", "postal_address"} & set(record)
    assert AuditEntry.objects.filter(action="export", object_label__startswith="API extract: involvement").exists()
    as_csv = api.get(f"/api/v1/extracts/involvement-records.csv?start={start}&end={end}&page_size=1000")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert as_csv["X-Total-Count"] == str(expected)
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == min(expected, 1000)
    assert "person_ref" in rows[0]


def test_the_paid_claims_extract_has_only_paid_claims_of_the_trust(demo):
    api = bearer(DEMO_SECRET)
    start, end = timezone.localdate() - datetime.timedelta(days=366), timezone.localdate()
    paid = Claim.objects.filter(organisation=demo, status=ClaimStatus.PAID, paid_on__gte=start, paid_on__lte=end)
    body = api.get(f"/api/v1/extracts/paid-claims/?start={start}&end={end}").json()
    assert {item["id"] for item in body["results"]} == {str(pk) for pk in paid.values_list("pk", flat=True)}
    assert body["count"] >= 1
    elsewhere = OrganisationFactory(name="Elsewhere NHS Trust")
    admin = UserFactory(organisation=elsewhere, roles=[(Role.ADMINISTRATOR, None)])
    _, secret = token_create(organisation=elsewhere, name="Theirs", scopes=["payments:read"], actor=admin)
    theirs = bearer(secret).get(f"/api/v1/extracts/paid-claims/?start={start}&end={end}").json()
    assert theirs["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-05-01&end=2026-04-01", "end is before start"),
        ("start=2024-01-01&end=2026-01-01", "366 days"),
        ("start=yesterday&end=2026-01-01", "start"),
        ("end=2026-01-01", "start"),
    ],
)
def test_a_bad_period_is_a_422_saying_why(api, query, field):
    response = api.get(f"/api/v1/extracts/involvement-records/?{query}")
    assert response.status_code == 422
    assert field in str(response.json()["problems"])


def test_an_extract_needs_its_scope(make_token):
    _, secret = make_token(["measures:read"])
    response = bearer(secret).get("/api/v1/extracts/paid-claims/?start=2026-01-01&end=2026-02-01")
    assert response.status_code == 403
    assert "payments:read" in response.json()["detail"]
