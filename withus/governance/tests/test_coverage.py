"""Coverage: the percentage of panels with a service-user or carer member, by directorate and month."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from withus.governance import presenters, selectors
from withus.governance.services.panels import member_add, vacancy_create

TODAY = datetime.date(2026, 11, 20)


def _vacancy(trust, staff, unit, interview_on, members=(), actor=None):
    vacancy = vacancy_create(
        organisation=trust.organisation,
        unit=unit,
        job_title=f"Post {unit.code} {interview_on}",
        band="5",
        closing_date=interview_on - datetime.timedelta(days=10),
        interview_on=interview_on,
        recruiting_manager=staff.user,
        actor=actor or staff.user,
    )
    for user in members:
        member_add(vacancy=vacancy, user=user, actor=staff.user)
    return vacancy


def test_coverage_by_directorate_and_month(trust, staff, amara, ben, admin_client):
    admin = admin_client.user
    _vacancy(trust, staff, trust.willow, datetime.date(2026, 10, 5), [amara.user])
    _vacancy(trust, staff, trust.cedar, datetime.date(2026, 10, 20), actor=admin)
    _vacancy(trust, staff, trust.willow, datetime.date(2026, 11, 2), [ben.user])
    vacancy_create(
        organisation=trust.organisation,
        unit=trust.nursing,
        job_title="District nurse",
        band="6",
        closing_date=datetime.date(2026, 11, 1),
        recruiting_manager=staff.user,
        actor=admin,
    )
    figures = presenters.coverage(*selectors.panel_coverage_facts(trust.organisation.pk), today=TODAY)
    assert figures["months"] == [datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)]
    table = figures["table"]
    assert [row["percent"] for row in table["Whole trust"]] == [50.0, 50.0]
    assert [row["percent"] for row in table["Riverside Mental Health"]] == [50.0, 100.0]
    assert [row["percent"] for row in table["Marsh Community Health"]] == [None, 0.0]
    assert figures["analysis"]["Riverside Mental Health"]["median"] == 75.0
    assert {"month": "2026-11-01", "group": "Whole trust", "percent": 50.0, "label": "1 of 2"} in figures["series"]
    # A month with no panels is a gap in the line (no percentage), not a zero.
    assert {"month": "2026-10-01", "group": "Marsh Community Health", "percent": None, "label": "no panels"} in (
        figures["series"]
    )


def test_a_month_with_no_panels_is_a_gap_and_each_month_is_on_the_axis_once(trust, staff, amara):
    from withus.core.charts import RunChartLabels, percent_run_chart_spec

    _vacancy(trust, staff, trust.willow, datetime.date(2026, 8, 5), [amara.user])
    _vacancy(trust, staff, trust.willow, datetime.date(2026, 11, 2))
    figures = presenters.coverage(*selectors.panel_coverage_facts(trust.organisation.pk), today=TODAY)
    whole = [row for row in figures["series"] if row["group"] == "Whole trust"]
    assert [(row["month"], row["percent"]) for row in whole] == [
        ("2026-08-01", 100.0),
        ("2026-09-01", None),
        ("2026-10-01", None),
        ("2026-11-01", 0.0),
    ]
    spec = percent_run_chart_spec(
        rows=figures["series"], labels=RunChartLabels(y="%", value="%", count="Panels"), title="t", description="d"
    )
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert [(value["year"], value["month"]) for value in axis["values"]] == [
        (2026, 8),
        (2026, 9),
        (2026, 10),
        (2026, 11),
    ]
    assert axis["labelOverlap"] == "greedy"
    assert spec["layer"][0]["mark"]["invalid"] == "break-paths-filter-domains"  # a gap, not a point at zero
    assert spec["width"] == "container"


def test_the_coverage_page_draws_a_run_chart(trust, staff, amara, lead):
    _vacancy(trust, staff, trust.willow, timezone.localdate(), [amara.user])
    response = lead.client.get(reverse("governance:coverage"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Interview panels with a service user or carer" in page
    spec = json.loads(page.split('<script id="measure-chart-spec" type="application/json">')[1].split("</script>")[0])
    assert spec["datasets"]["series"][0]["percent"] == 100.0
    tooltips = [tip["title"] for layer in spec["layer"] for tip in layer["encoding"].get("tooltip", [])]
    assert "Panels with a service user or carer (%)" in tooltips
    assert "Big I (%)" not in tooltips


def test_staff_and_participants_do_not_see_coverage(staff, amara):
    assert staff.client.get(reverse("governance:coverage")).status_code == 403
    assert amara.client.get(reverse("governance:coverage")).status_code == 403
