"""Heavy inputs cannot stall the service (issue 12 item 6): each limit answers with a message that says what to do.

The limits are settings; the tests set small ones so that they stay fast (benchmarks/heavy_inputs.py times the
defaults).
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from withus.improvement.imports import ImportRefused, table_from_text, table_from_upload
from withus.improvement.tests.factories import MeasureFactory

NEXT = "2024-06-10"  # the week after the measure fixture's 23 weekly points


def _import(client, measure, **data):
    return client.post(reverse("improvement:points_import", args=[measure.project_id, measure.pk]), data)


def _weeks(count: int, start: str = NEXT) -> str:
    import datetime

    first = datetime.date.fromisoformat(start)
    return "".join(f"{first + datetime.timedelta(weeks=week)},1\n" for week in range(count))


def test_a_csv_cell_over_the_character_limit_is_a_form_error_not_a_500(qi_client, measure, settings):
    settings.WITHUS_MAX_FIELD_CHARACTERS = 100
    upload = SimpleUploadedFile("data.csv", f"date,value\n{NEXT},1\n{NEXT},{'9' * 101}\n".encode())
    response = _import(qi_client, measure, upload=upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 3: a cell has more than 100 characters" in page
    assert "nhsuk-error-summary" in page
    assert measure.points.count() == 23


def test_a_csv_cell_over_the_csv_modules_own_limit_is_refused_the_same_way(qi_client, measure):
    # 131,072 characters is where csv.reader gives up ("field larger than field limit"): that was a 500.
    upload = SimpleUploadedFile("data.csv", f'date,value\n{NEXT},"{"x" * 140_000}"\n'.encode())
    response = _import(qi_client, measure, upload=upload)
    assert response.status_code == 200
    assert "a cell has more than 10,000 characters" in response.content.decode()


def test_a_pasted_value_over_the_character_limit_is_refused(settings):
    settings.WITHUS_MAX_FIELD_CHARACTERS = 10
    with pytest.raises(ImportRefused) as refused:
        table_from_text(f"{NEXT}\t{'1' * 11}")
    assert str(refused.value.problems[0]) == "Row 1: a value has more than 10 characters"


def test_a_csv_with_more_rows_than_the_limit_is_refused_counting_empty_ones(settings):
    settings.WITHUS_MAX_SPREADSHEET_ROWS = 100
    upload = SimpleUploadedFile("data.csv", b"date,value\n" + b"\n" * 200 + f"{NEXT},1\n".encode())
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(upload)
    assert "Row 101: the file has more than 100 rows, counting any empty ones" in str(refused.value.problems[0])


def test_a_csv_row_with_too_many_columns_is_refused(settings):
    settings.WITHUS_MAX_SPREADSHEET_COLUMNS = 5
    upload = SimpleUploadedFile("data.csv", f"date,value\n{NEXT},1,,,,,\n".encode())
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(upload)
    assert str(refused.value.problems[0]).startswith("Row 2: this row has more than 5 columns")


def _workbook(rows, *, blank_rows_after=0, wide_row=None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "value"])
    for row in rows:
        sheet.append(row)
    if wide_row:
        sheet.cell(row=sheet.max_row + 1, column=wide_row, value="far out")
    if blank_rows_after:
        # Empty rows that still exist in the file (each has a height), as a spreadsheet with formatting keeps them.
        last = sheet.max_row
        for number in range(last + 1, last + blank_rows_after + 1):
            sheet.row_dimensions[number].height = 15
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("data.xlsx", buffer.getvalue())


def test_an_xlsx_with_more_rows_than_the_limit_is_refused_without_reading_them_all(settings, monkeypatch):
    settings.WITHUS_MAX_SPREADSHEET_ROWS = 50
    monkeypatch.setattr("withus.core.spreadsheets.XLSX_BYTES_PER_ROW", 10_000)  # past the size check, to the rows
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(_workbook([[NEXT, 1]], blank_rows_after=5_000))
    assert "Row 51: the file has more than 50 rows, counting any empty ones" in str(refused.value.problems[0])


def test_an_xlsx_under_the_row_limit_with_a_few_empty_rows_is_read(settings):
    settings.WITHUS_MAX_SPREADSHEET_ROWS = 50
    table = table_from_upload(_workbook([[NEXT, 1]], blank_rows_after=10))
    assert [number for number, _ in table.rows] == [1, 2]


def test_an_xlsx_with_a_value_past_the_column_limit_is_refused(settings):
    settings.WITHUS_MAX_SPREADSHEET_COLUMNS = 10
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(_workbook([[NEXT, 1]], wide_row=11))
    assert "Row 3: this row has more than 10 columns" in str(refused.value.problems[0])


def test_an_xlsx_cell_over_the_character_limit_is_refused(settings):
    settings.WITHUS_MAX_FIELD_CHARACTERS = 20
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(_workbook([[NEXT, "1" * 21]]))
    assert "Row 2: a cell has more than 20 characters" in str(refused.value.problems[0])


def test_an_xlsx_that_unpacks_to_far_more_than_the_rows_need_is_refused_before_parsing(settings):
    settings.WITHUS_MAX_SPREADSHEET_ROWS = 100  # at most 25,000 bytes of sheet XML
    upload = _workbook([[NEXT, 1]])
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(upload.read())) as source, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</worksheet>", b"<!--" + b" " * 30_000 + b"--></worksheet>")
            out.writestr(item, content)
    with pytest.raises(ImportRefused) as refused:
        table_from_upload(SimpleUploadedFile("data.xlsx", data.getvalue()))
    assert "The workbook is larger than 100 rows of data need" in str(refused.value.problems[0])


def test_one_import_adds_at_most_the_import_limit(qi_client, measure, settings):
    settings.WITHUS_MAX_POINTS_PER_IMPORT = 5
    response = _import(qi_client, measure, pasted=_weeks(6))
    assert response.status_code == 200
    assert "there are more than 5 rows of data. Add at most 5 points at a time" in response.content.decode()
    assert measure.points.count() == 23
    assert _import(qi_client, measure, pasted=_weeks(5)).status_code == 302
    assert measure.points.count() == 28


def test_a_measure_holds_at_most_the_measure_limit(qi_client, measure, settings):
    settings.WITHUS_MAX_POINTS_PER_MEASURE = 25
    response = _import(qi_client, measure, pasted=_weeks(3))
    page = response.content.decode()
    assert response.status_code == 200
    assert "a measure holds at most 25 points, and this one has 23, so only 2 more can be added" in page
    assert measure.points.count() == 23
    assert _import(qi_client, measure, pasted=_weeks(2)).status_code == 302
    one_more = {"period_day": "24", "period_month": "6", "period_year": "2024", "value": "1"}
    response = qi_client.post(reverse("improvement:point_add", args=[measure.project_id, measure.pk]), one_more)
    assert response.status_code == 200
    assert "A measure holds at most 25 points, and this one has 25, so no more can be added" in (
        response.content.decode()
    )
    assert measure.points.count() == 25


def _long_measure(project, count: int):
    import datetime

    from withus.improvement.models import DataPoint
    from withus.improvement.services.measures import measure_refresh_summary

    measure = MeasureFactory(project=project, name="A long measure", chart="xmr", frequency="daily")
    first = datetime.date(2000, 1, 1)
    DataPoint.objects.bulk_create(
        DataPoint(
            organisation=measure.organisation,
            measure=measure,
            period=first + datetime.timedelta(days=day),
            value=day % 7,
        )
        for day in range(count)
    )
    measure_refresh_summary(measure=measure)
    return measure


def test_a_long_measure_shows_its_latest_points_and_says_how_to_get_them_all(qi_client, project, settings, monkeypatch):
    settings.WITHUS_MEASURE_POINTS_SHOWN = 30
    measure = _long_measure(project, 100)
    ids = [measure.project_id, measure.pk]
    page = qi_client.get(reverse("improvement:measure", args=ids)).content.decode()
    assert "The chart and the table show the latest 30 of 100 points" in page
    assert reverse("improvement:measure_csv", args=ids) in page
    assert page.count('<tr class="nhsuk-table__row">') == 31  # the header and 30 points
    assert "09/04/2000" in page  # the last point
    assert "10/03/2000" not in page  # the 70th point, not shown
    spec = json.loads(page.split('id="measure-chart-spec" type="application/json">')[1].split("</script>")[0])
    assert len(spec["datasets"]["points"]) == 30
    assert spec["datasets"]["points"][0]["date"] == "2000-03-11"
    drawn = []
    monkeypatch.setattr("withus.improvement.views.measures.render_svg", lambda spec: drawn.append(spec) or "<svg/>")
    monkeypatch.setattr("withus.improvement.views.measures.render_png", lambda spec: drawn.append(spec) or b"png")
    qi_client.get(reverse("improvement:measure_svg", args=ids))
    qi_client.get(reverse("improvement:measure_png", args=ids))
    assert [len(spec["datasets"]["points"]) for spec in drawn] == [30, 30]
    csv_rows = qi_client.get(reverse("improvement:measure_csv", args=ids)).content.decode().strip().split("\r\n")
    assert len(csv_rows) == 101  # the header and every point


def test_a_short_measure_has_no_note(qi_client, measure):
    page = qi_client.get(reverse("improvement:measure", args=[measure.project_id, measure.pk])).content.decode()
    assert "show the latest" not in page


def test_a_measure_filled_before_the_limit_is_analysed_over_its_latest_points(qi_client, project, settings):
    measure = _long_measure(project, 100)  # filled before the limit (below) existed
    settings.WITHUS_MAX_POINTS_PER_MEASURE = 60
    settings.WITHUS_MEASURE_POINTS_SHOWN = 30
    ids = [measure.project_id, measure.pk]
    page = qi_client.get(reverse("improvement:measure", args=ids)).content.decode()
    assert "The chart and the table show the latest 30 of 100 points" in page
    assert "The limits and readings are worked out from the latest 60 points" in page
    rows = qi_client.get(reverse("improvement:measure_csv", args=ids)).content.decode().strip().split("\r\n")
    assert len(rows) == 101
    assert rows[1] == "2000-01-01,0,,,,"  # before the analysed points: date and value only
    assert rows[41].startswith("2000-02-10,")  # the first analysed point, with its centre, limits and reading
    assert ",," not in rows[41]
    from withus.improvement import analysis

    measure.refresh_from_db()
    assert analysis.points_to_analyse(measure)[1] == 100
    assert len(analysis.points_to_analyse(measure)[0]) == 60
