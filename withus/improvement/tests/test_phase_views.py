"""Phases on the measure page: a frozen baseline set in the measure form, a named recalculation, bad input
refused with nothing saved, the suggestion a person accepts or declines, and downloads named after the measure."""

import datetime
import io

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.improvement.models import DeclinedSuggestion, Measure
from withus.improvement.services.measures import measure_refresh_summary
from withus.improvement.tests.factories import MeasureFactory, add_points

BEFORE = [6, 7, 5, 8, 6, 7, 6, 5, 7, 6, 8, 7, 6, 5, 7, 6, 7, 8, 6, 7]
AFTER = [1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1]


@pytest.fixture
def falling(project):
    measure = MeasureFactory(
        project=project, name="Racist incidents each week", chart="c", direction="down", target=2, preset="mdc"
    )
    add_points(measure, BEFORE + AFTER)
    measure_refresh_summary(measure=measure)
    return measure


def _edit(client, measure, **changes):
    data = {
        "name": measure.name,
        "kind": measure.kind,
        "definition": measure.definition,
        "unit_label": measure.unit_label,
        "frequency": measure.frequency,
        "chart": measure.chart,
        "preset": measure.preset,
        "direction": measure.direction,
        "target": "2",
        "baseline_name": "Before the changes",
        "baseline_reason": "Before we tested anything",
    }
    data.update(changes)
    return client.post(reverse("improvement:measure_edit", args=[measure.project_id, measure.pk]), data)


def _until(day: datetime.date) -> dict:
    return {"baseline_until_day": day.day, "baseline_until_month": day.month, "baseline_until_year": day.year}


def test_a_frozen_baseline_too_short_is_refused_and_nothing_is_saved(qi_client, falling):
    response = _edit(qi_client, falling, **_until(datetime.date(2024, 1, 29)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A frozen baseline needs at least 12 points; there are 5 up to that date" in page
    assert "nhsuk-error-summary" in page
    falling.refresh_from_db()
    assert falling.baseline_until is None
    assert falling.baseline_name == ""


def test_freeze_then_accept_the_suggestion_then_the_page_says_before_and_now(qi_client, falling):
    base = [falling.project_id, falling.pk]
    response = _edit(qi_client, falling, **_until(datetime.date(2024, 3, 18)))
    assert response.status_code == 302
    page = qi_client.get(reverse("improvement:measure", args=base)).content.decode()
    assert "Suggestion: start a new phase?" in page
    assert "?period=2024-05-20" in page  # the shift started on week 21
    form = qi_client.get(reverse("improvement:recalculation_add", args=base) + "?period=2024-05-20").content.decode()
    assert 'value="20"' in form
    assert not falling.recalculations.exists()  # a suggestion changes nothing by itself
    qi_client.post(
        reverse("improvement:recalculation_add", args=base),
        {
            "name": "After the changes",
            "reason": "It lasted",
            "period_day": "20",
            "period_month": "5",
            "period_year": "2024",
        },
    )
    page = qi_client.get(reverse("improvement:measure", args=base)).content.decode()
    assert "Suggestion: start a new phase?" not in page
    assert (
        "Racist incidents fell from 6.5 a week (12 weeks to 18 March 2024) to 0.5 a week (the last 14 weeks): "
        "92 % fewer." in page
    )
    assert "Variation in “After the changes”" in page
    falling.refresh_from_db()
    assert falling.before_and_now.endswith("92 % fewer.")


def test_declining_a_suggestion_is_audited_and_it_is_not_suggested_again(qi_client, falling):
    Measure.objects.filter(pk=falling.pk).update(baseline_until=datetime.date(2024, 3, 18))
    base = [falling.project_id, falling.pk]
    response = qi_client.post(reverse("improvement:suggestion_decline", args=base), {"period": "2024-05-20"})
    assert response.status_code == 302
    assert DeclinedSuggestion.objects.filter(measure=falling, period=datetime.date(2024, 5, 20)).exists()
    assert AuditEntry.objects.filter(object_label__contains="declined").exists()
    page = qi_client.get(reverse("improvement:measure", args=base)).content.decode()
    assert "Suggestion: start a new phase?" not in page
    assert not falling.recalculations.exists()


def test_declining_a_date_with_no_point_changes_nothing(qi_client, falling):
    base = [falling.project_id, falling.pk]
    qi_client.post(reverse("improvement:suggestion_decline", args=base), {"period": "2030-01-01"})
    qi_client.post(reverse("improvement:suggestion_decline", args=base), {"period": "not a date"})
    assert not DeclinedSuggestion.objects.exists()


def test_a_recalculation_inside_the_frozen_baseline_is_refused(qi_client, falling):
    Measure.objects.filter(pk=falling.pk).update(baseline_until=datetime.date(2024, 5, 13))
    response = qi_client.post(
        reverse("improvement:recalculation_add", args=[falling.project_id, falling.pk]),
        {"name": "Too early", "reason": "x", "period_day": "6", "period_month": "5", "period_year": "2024"},
    )
    assert "The frozen baseline overlaps the phase that starts on 6 May 2024" in response.content.decode()
    assert not falling.recalculations.exists()


def test_the_page_has_a_text_alternative_a_collapsed_table_and_named_downloads(qi_client, falling):
    base = [falling.project_id, falling.pk]
    page = qi_client.get(reverse("improvement:measure", args=base)).content.decode()
    assert "The chart in numbers" in page
    assert "Baseline, 1 January 2024 to 19 August 2024 (34 weeks): average 4.03, process limits 0 to 10.05." in page
    assert "Latest week, 19 August 2024: 1 (special cause: improvement (shift))." in page
    assert '<details class="nhsuk-details" id="data-table">' in page
    assert 'download="racist-incidents-each-week.svg"' in page
    svg = qi_client.get(reverse("improvement:measure_svg", args=base))
    assert svg["Content-Disposition"] == 'attachment; filename="racist-incidents-each-week.svg"'
    png = qi_client.get(reverse("improvement:measure_png", args=base))
    assert png["Content-Disposition"] == 'attachment; filename="racist-incidents-each-week.png"'


def test_refresh_measures_fills_in_before_and_now_for_measures_that_already_had_phases(falling):
    from django.core.management import call_command

    from withus.improvement.models import Recalculation

    Recalculation.objects.create(
        organisation=falling.organisation, measure=falling, period=datetime.date(2024, 5, 20), reason="Old"
    )
    Measure.objects.filter(pk=falling.pk).update(before_and_now="")
    output = io.StringIO()
    call_command("refresh_measures", stdout=output)
    falling.refresh_from_db()
    assert falling.before_and_now.endswith("92 % fewer.")
    assert "refreshed" in output.getvalue()
