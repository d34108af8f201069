import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from withus.core.models import AuditAction, AuditEntry
from withus.improvement.imports import ImportRefused, Table, check_rows, table_from_upload
from withus.improvement.models import DataPoint, Measure, Project
from withus.improvement.tests.factories import MeasureFactory, add_points

# The measure fixture's 23 weekly points start on Monday 1 January 2024, so the next week is 10 June 2024.
NEXT = "2024-06-10"


def _import(client, measure, **data):
    return client.post(reverse("improvement:points_import", args=[measure.project_id, measure.pk]), data)


def _xlsx(rows, *, sheets=1, formula_at=None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "value"])
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=SUM(B2:B3)"
    for number in range(1, sheets):
        workbook.create_sheet(f"Other {number}").append(["ignored", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("data.xlsx", buffer.getvalue())


def test_pasted_columns_are_added_and_the_summary_follows(qi_client, measure):
    response = _import(qi_client, measure, pasted=f"Week\tIncidents\n{NEXT}\t0\n17/06/2024\t1\n")
    assert response.status_code == 302
    assert measure.points.count() == 25
    measure.refresh_from_db()
    assert (measure.latest_period, measure.latest_value) == (datetime.date(2024, 6, 17), 1.0)
    entry = AuditEntry.objects.get(object_type="measure", changed_fields=["points"])
    assert "Imported 2 points (pasted)" in entry.object_label


@pytest.mark.parametrize(
    ("pasted", "row", "expected"),
    [
        (f"{NEXT}\tlots", 1, "“lots” is not a number"),
        (f"{NEXT}\t", 1, "the value is empty"),
        ("not a date\t3", 1, "“not a date” is not a date"),
        ("2024-06-12\t3", 1, "is a Wednesday, but the weeks of this measure start on a Monday"),
        (f"{NEXT}\t3\n{NEXT}\t4", 2, "is already on row 3"),
        ("2024-01-01\t3", 1, "there is already a value for 01/01/2024"),
        (f"{NEXT}\t-2", 1, "counts cannot be negative"),
    ],
)
def test_a_bad_row_is_refused_by_its_number_and_nothing_changes(qi_client, measure, pasted, row, expected):
    before = list(measure.points.values_list("period", "value"))
    response = _import(qi_client, measure, pasted=f"date\tvalue\n2024-06-24\t1\n{pasted}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was added" in page
    # The header is row 1 and the good row is row 2, so the bad row's number is shifted by 2.
    assert f"Row {row + 2}" in page
    assert expected in page
    assert list(measure.points.values_list("period", "value")) == before


def test_monthly_data_must_use_the_first_of_the_month(qi_client, project):
    measure = MeasureFactory(project=project, frequency="monthly", chart="xmr")
    page = _import(qi_client, measure, pasted="2024-01-01,3\n2024-02-15,4\n2024-03,5").content.decode()
    assert "Row 2" in page
    assert "is not the first day of a month" in page
    assert not measure.points.exists()


def test_denominators_of_zero_are_refused(qi_client, project):
    measure = MeasureFactory(project=project, chart="p", direction="up")
    page = _import(qi_client, measure, pasted="2024-01-01,3,10\n2024-01-08,4,0\n2024-01-15,12,10").content.decode()
    assert "Row 2, column C (denominator): the denominator is 0 or less" in page
    assert "Row 3, column B (value): the value is larger than its denominator" in page
    assert not measure.points.exists()


def test_a_csv_upload_is_read(qi_client, measure):
    upload = SimpleUploadedFile("data.csv", f"date,value\r\n{NEXT},2\r\n2024-06-17,1\r\n".encode())
    assert _import(qi_client, measure, upload=upload).status_code == 302
    assert measure.points.count() == 25


def test_an_xlsx_with_several_sheets_uses_the_first_and_says_so(qi_client, measure):
    excel_date = datetime.datetime(2024, 6, 10)  # noqa: DTZ001 - Excel dates have no time zone
    response = _import(qi_client, measure, upload=_xlsx([[excel_date, 2]], sheets=3))
    assert response.status_code == 302
    assert measure.points.filter(period=datetime.date(2024, 6, 10)).exists()
    page = qi_client.get(response.url).content.decode()
    assert "only the first, “Sheet”, was read" in page


def test_an_xlsx_with_a_formula_is_refused_naming_the_cell(qi_client, measure):
    upload = _xlsx([["2024-06-10", 2], ["2024-06-17", 3]], formula_at="B3")
    page = _import(qi_client, measure, upload=upload).content.decode()
    assert "Row 3, column B: this cell has a formula" in page
    assert measure.points.count() == 23


def test_a_file_over_5_mb_is_refused(qi_client, measure):
    upload = SimpleUploadedFile("big.csv", b"2024-06-10,1\n" + b"x" * (5 * 1024 * 1024))
    page = _import(qi_client, measure, upload=upload).content.decode()
    assert "The file is larger than 5 MB" in page
    assert measure.points.count() == 23


def test_more_rows_than_one_import_may_add_are_refused(measure, settings):
    settings.WITHUS_MAX_POINTS_PER_IMPORT = 50
    rows = [(number, ["2024-06-10", "1"]) for number in range(1, 53)]
    with pytest.raises(ImportRefused) as refused:
        check_rows(Table(rows), frequency="daily", chart="xmr", needs_denominator=False)
    assert "more than 50 rows of data. Add at most 50 points at a time" in str(refused.value.problems[0])


def test_other_file_types_are_refused():
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(SimpleUploadedFile("data.pdf", b"%PDF"))
    assert "CSV (.csv) or Excel workbook (.xlsx)" in str(refused.value.problems[0])
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(SimpleUploadedFile("data.xlsx", b"not a workbook"))
    assert "could not be read as an Excel workbook" in str(refused.value.problems[0])


def test_nothing_to_import_asks_for_data(qi_client, measure):
    assert "Paste the data, or choose a file to upload" in _import(qi_client, measure, pasted="  ").content.decode()


def test_editing_and_deleting_a_point_are_audited(qi_client, measure):
    point = measure.points.get(period=datetime.date(2024, 1, 1))
    url = reverse("improvement:point_edit", args=[measure.project_id, measure.pk, point.pk])
    response = qi_client.post(
        url, {"period_day": "1", "period_month": "1", "period_year": "2024", "value": "5", "ghost": "on"}
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.value, point.ghost) == (5, True)
    assert AuditEntry.objects.filter(object_type="datapoint", action=AuditAction.UPDATE).exists()
    delete_url = reverse("improvement:point_delete", args=[measure.project_id, measure.pk, point.pk])
    assert "Delete the point for 1 January 2024?" in qi_client.get(delete_url).content.decode()
    qi_client.post(delete_url)
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    deleted = AuditEntry.objects.get(object_type="datapoint", changed_fields=["deleted"])
    assert "value 5" in deleted.object_label


def test_a_point_on_the_wrong_weekday_is_refused(qi_client, measure):
    response = qi_client.post(
        reverse("improvement:point_add", args=[measure.project_id, measure.pk]),
        {"period_day": "12", "period_month": "6", "period_year": "2024", "value": "1"},
    )
    assert "start on a Monday" in response.content.decode()


def test_recalculations_and_notes_reach_the_chart(qi_client, measure):
    base = [measure.project_id, measure.pk]
    bad = qi_client.post(
        reverse("improvement:recalculation_add", args=base),
        {"period_day": "2", "period_month": "4", "period_year": "2024", "name": "After", "reason": "New agreement"},
    )
    assert "Choose the date of a point on the chart" in bad.content.decode()
    first = qi_client.post(
        reverse("improvement:recalculation_add", args=base),
        {"period_day": "1", "period_month": "1", "period_year": "2024", "name": "After", "reason": "From the start"},
    )
    assert "new limits need points before them" in first.content.decode()
    too_soon = qi_client.post(
        reverse("improvement:recalculation_add", args=base),
        {"period_day": "15", "period_month": "4", "period_year": "2024", "name": "After", "reason": "New agreement"},
    )
    assert "New limits need at least 12 points from the date they start; there are 8 from 15 April 2024" in (
        too_soon.content.decode()
    )
    assert not measure.recalculations.exists()
    add_points(measure, [1, 0, 1, 0], start=datetime.date(2024, 6, 10))
    qi_client.post(
        reverse("improvement:recalculation_add", args=base),
        {"period_day": "15", "period_month": "4", "period_year": "2024", "name": "After", "reason": "New agreement"},
    )
    qi_client.post(
        reverse("improvement:annotation_add", args=base),
        {"on_day": "15", "on_month": "4", "on_year": "2024", "text": "Agreement on the wall"},
    )
    page = qi_client.get(reverse("improvement:measure", args=base)).content.decode()
    assert "After, from 15 April 2024: New agreement" in page
    assert "Agreement on the wall" in page
    assert "PDSA: Draft the agreement" in page


def test_the_csv_export_has_the_points_and_is_escaped_and_audited(qi_client, measure):
    Measure.objects.filter(pk=measure.pk).update(chart="xmr")
    measure.points.filter(period=datetime.date(2024, 1, 1)).update(value=-3)
    response = qi_client.get(reverse("improvement:measure_csv", args=[measure.project_id, measure.pk]))
    lines = response.content.decode().splitlines()
    assert lines[0] == "date,value,centre,lower,upper,category"
    assert len(lines) == 24
    assert lines[1].startswith("2024-01-01,-3,")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(measure.pk)).exists()


def test_the_chart_downloads_as_svg_and_png(qi_client, measure):
    svg = qi_client.get(reverse("improvement:measure_svg", args=[measure.project_id, measure.pk]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    assert b"Racist incidents each week" in svg.content
    png = qi_client.get(reverse("improvement:measure_png", args=[measure.project_id, measure.pk]))
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_measure_with_a_target_needs_a_direction(qi_client, project):
    response = qi_client.post(
        reverse("improvement:measure_add", args=[project.pk]),
        {
            "name": "Falls",
            "kind": "outcome",
            "definition": "Falls from the incident system",
            "frequency": "weekly",
            "chart": "xmr",
            "preset": "mdc",
            "direction": "neither",
            "target": "3",
        },
    )
    assert "A target needs a direction" in response.content.decode()
    assert not Project.objects.get(pk=project.pk).measures.exists()


def test_data_the_chart_cannot_use_never_break_the_page(qi_client, project):
    measure = MeasureFactory(project=project, chart="p", direction="up")
    DataPoint.objects.create(
        organisation=measure.organisation, measure=measure, period=datetime.date(2024, 1, 1), value=3
    )
    page = qi_client.get(reverse("improvement:measure", args=[project.pk, measure.pk]))
    assert page.status_code == 200
    assert "The chart could not be worked out from these data" in page.content.decode()


def test_an_uploaded_row_dated_in_the_future_is_flagged_and_nothing_is_saved(qi_client, measure):
    june = datetime.date(timezone.localdate().year + 1, 6, 1)
    monday = june + datetime.timedelta(days=-june.weekday() % 7)  # the measure is weekly, starting on Mondays
    upload = SimpleUploadedFile("data.csv", f"{NEXT},2\n{monday:%d/%m/%Y},3\n".encode())
    page = _import(qi_client, measure, upload=upload).content.decode()
    assert f"Row 2, column A (date): {monday:%d/%m/%Y} is in the future" in page
    assert measure.points.count() == 23


def test_a_row_dated_today_is_not_flagged_as_future():
    today = timezone.localdate()
    rows = check_rows(Table([(1, [today.isoformat(), "1"])]), frequency="daily", chart="xmr", needs_denominator=False)
    assert rows[0].period == today
