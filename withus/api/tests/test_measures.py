import csv
import datetime
import io

import pytest
from django.urls import reverse

from withus.api.tests.conftest import bearer
from withus.core.models import AuditEntry
from withus.improvement.models import DataPoint, Measure
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory

START = datetime.date(2024, 1, 1)  # a Monday: the fixture's weekly points


def _detail(api, measure):
    return api.get(f"/api/v1/measures/{measure.pk}/")


def _push(api, measure, points):
    return api.put(f"/api/v1/measures/{measure.pk}/points/", {"points": points}, content_type="application/json")


def _week(number: int) -> str:
    return (START + datetime.timedelta(weeks=number)).isoformat()


def _figure(value):
    return "" if value is None else f"{value:.6g}"


def test_a_measure_reads_the_same_points_limits_and_categories_as_its_data_csv(api, measure, qi_client):
    response = _detail(api, measure)
    assert response.status_code == 200, response.content
    body = response.json()
    download = qi_client.get(reverse("improvement:measure_csv", args=[measure.project_id, measure.pk]))
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == len(body["points"]) == 23
    for row, point in zip(rows, body["points"], strict=True):
        assert row["date"] == point["date"]
        assert row["value"] == _figure(point["value"])
        assert row["centre"] == _figure(point["centre"])
        assert row["lower"] == _figure(point["lower"])
        assert row["upper"] == _figure(point["upper"])
        assert row["category"] == point["category"]
    assert body["points"][-1]["rules"]  # the shift after the change is named


def _icon_on_page(html: str, element_id: str) -> str:
    part = html.split(f'id="{element_id}"', 1)[1].split("</dd>", 1)[0]
    return part.split("<span>", 1)[1].split("</span>", 1)[0] if "<span>" in part else ""


def test_a_measure_has_the_same_icons_and_reading_as_its_page(api, measure, qi_client):
    body = _detail(api, measure).json()
    page = qi_client.get(reverse("improvement:measure", args=[measure.project_id, measure.pk])).content.decode()
    assert body["variation"]["code"] == "improvement-low"
    assert _icon_on_page(page, "variation-icon") == body["variation"]["label"]
    assert _icon_on_page(page, "assurance-icon") == body["assurance"]["label"]
    assert body["reading"] in page.replace("&#39;", "'")
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.variation, stored.assurance) == (body["variation"]["code"], body["assurance"]["code"])


def test_another_trusts_measure_is_404_and_never_listed(api, measure, other_trust):
    theirs = other_trust["measure"]
    assert _detail(api, theirs).status_code == 404
    assert _push(api, theirs, [{"date": _week(23), "value": 1}]).status_code == 404
    assert theirs.pk not in {item["id"] for item in api.get("/api/v1/measures/").json()["results"]}
    assert DataPoint.objects.filter(measure=theirs).count() == 23


def test_a_token_limited_to_projects_reaches_only_their_measures(make_token, measure, trust):
    elsewhere = MeasureFactory(project=ProjectFactory(organisation=trust.organisation), name="Other")
    _, secret = make_token(["measures:read"], projects=[measure.project])
    client = bearer(secret)
    assert [item["name"] for item in client.get("/api/v1/measures/").json()["results"]] == [measure.name]
    assert client.get(f"/api/v1/measures/{elsewhere.pk}/").status_code == 404


def test_the_list_is_paged_and_takes_few_queries(api, measure, project, django_assert_max_num_queries):
    for number in range(5):
        MeasureFactory(project=project, name=f"Extra {number}")
    with django_assert_max_num_queries(8):
        body = api.get("/api/v1/measures/?page=2&page_size=2").json()
    assert (body["count"], body["page"], body["pages"], len(body["results"])) == (6, 2, 3, 2)
    assert api.get("/api/v1/measures/?page_size=5000").status_code == 422


def test_pushing_points_adds_and_updates_by_date_and_again_changes_nothing(api, measure):
    before = _detail(api, measure).json()
    points = [{"date": _week(22), "value": 9}, {"date": _week(23), "value": 8}, {"date": _week(24), "value": 9}]
    response = _push(api, measure, points)
    assert response.status_code == 200, response.content
    assert {key: response.json()[key] for key in ("added", "changed", "unchanged")} == {
        "added": 2,
        "changed": 1,
        "unchanged": 0,
    }
    assert response.json()["variation"]["code"] == Measure.objects.get(pk=measure.pk).variation
    after = _detail(api, measure).json()
    assert len(after["points"]) == 25
    assert after["points"][22]["value"] == 9  # changed
    untouched = [(point["date"], point["value"]) for point in after["points"][:22]]
    assert untouched == [(point["date"], point["value"]) for point in before["points"][:22]]
    assert after["variation"]["code"] != before["variation"]["code"]  # the chart and icons changed
    assert after["points"][0]["centre"] != before["points"][0]["centre"]
    assert after["fed_by_api"] is True

    stamp = list(DataPoint.objects.filter(measure=measure).values_list("pk", "updated_at").order_by("period"))
    again = _push(api, measure, points)
    assert again.json()["added"] == again.json()["changed"] == 0
    assert again.json()["unchanged"] == 3
    assert list(DataPoint.objects.filter(measure=measure).values_list("pk", "updated_at").order_by("period")) == stamp
    assert _detail(api, measure).json() == after


def test_a_push_is_audited_against_the_token(api, measure):
    _push(api, measure, [{"date": _week(23), "value": 1}])
    entry = AuditEntry.objects.filter(object_id=str(measure.pk)).latest("occurred_at")
    assert entry.actor_email.startswith(f"API token {api.token.prefix}")
    assert "1 added" in entry.object_label


def test_the_measure_page_says_it_is_fed_by_the_api(api, measure, qi_client):
    url = reverse("improvement:measure", args=[measure.project_id, measure.pk])
    assert "Fed by the API" not in qi_client.get(url).content.decode()
    _push(api, measure, [{"date": _week(23), "value": 1}])
    assert "Fed by the API" in qi_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("points", "index", "field", "words"),
    [
        (
            [{"date": _week(23), "value": 1}, {"date": _week(25), "value": 1}, {"date": _week(24), "value": 1}],
            2,
            "date",
            "oldest first",
        ),
        ([{"date": _week(23), "value": 1}, {"date": "2024-06-12", "value": 1}], 1, "date", "Wednesday"),
        ([{"date": _week(23), "value": 1}, {"date": _week(23), "value": 2}], 1, "date", "already on row"),
        ([{"date": _week(23), "value": -1}], 0, "value", "negative"),
        ([{"date": "2999-01-07", "value": 1}], 0, "date", "future"),
    ],
)  # fmt: skip
def test_a_bad_row_is_named_and_nothing_is_saved(api, measure, points, index, field, words):
    response = _push(api, measure, [{"date": _week(22), "value": 5}, *points])
    assert response.status_code == 422, response.content
    problems = response.json()["problems"]
    assert any(p["index"] == index + 1 and p["field"] == field and words in p["message"] for p in problems), problems
    assert DataPoint.objects.filter(measure=measure).count() == 23
    assert DataPoint.objects.get(measure=measure, period=_week(22)).value == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"points": [{"date": "2024-13-01", "value": 1}]}, "points.date"),
        ({"points": [{"date": _week(23), "value": "lots"}]}, "points.value"),
        ({"points": [{"date": _week(23)}]}, "points.value"),
        ({"points": "none"}, "points"),
        ({}, "points"),
    ],
)
def test_wrong_types_get_a_message_per_field(api, measure, body, field):
    response = api.put(f"/api/v1/measures/{measure.pk}/points/", body, content_type="application/json")
    assert response.status_code == 422
    assert field in [problem["field"] for problem in response.json()["problems"]], response.json()


def test_malformed_json_is_a_json_422(api, measure):
    response = api.put(f"/api/v1/measures/{measure.pk}/points/", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/json")


def test_a_push_over_the_limit_is_refused(api, measure, settings):
    settings.WITHUS_MAX_POINTS_PER_IMPORT = 2
    points = [{"date": _week(23 + number), "value": 1} for number in range(3)]
    response = _push(api, measure, points)
    assert response.status_code == 422
    assert "at most 2" in response.json()["problems"][0]["message"]
    settings.WITHUS_MAX_POINTS_PER_IMPORT = 100
    settings.WITHUS_MAX_POINTS_PER_MEASURE = 24
    response = _push(api, measure, points[:2])
    assert response.status_code == 422
    assert "holds at most 24" in response.json()["problems"][0]["message"]
    assert DataPoint.objects.filter(measure=measure).count() == 23


def test_a_p_chart_needs_denominators(api, project):
    measure = MeasureFactory(project=project, chart="p", direction="up")
    response = _push(api, measure, [{"date": _week(0), "value": 3}])
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "denominator"
    response = _push(api, measure, [{"date": _week(0), "value": 3, "denominator": 10}])
    assert response.status_code == 200
    assert _detail(api, measure).json()["points"][0]["denominator"] == 10
