"""Benchmark the limits on heavy inputs (issue 12 item 6): each must answer, accepted or refused, in under 2 s.

Builds a fresh SQLite database (migrations, the demo trust), then times, through Django's test client as the
demo improvement advisor (and finance@ for the remittance), with the default limits:

- a measure at the limit (10,000 daily points) and one imported before the limits (99,705 points): its page,
  chart.svg, chart.png and data.csv (pages and charts show the latest 1,000 points; data.csv every point);
- imports: 10,000 pasted points (accepted), 10,001 (refused), one more point into a full measure (refused),
  an XLSX of 10,000 rows (accepted), an XLSX with a million empty rows and one a zip bomb (refused), a CSV whose
  cell is over 131,072 characters (refused; a 500 before);
- a remittance CSV with a cell over 131,072 characters (refused; a 500 before);
- a receipt photo of 25 megapixels (accepted and re-encoded) and one just over (refused before decoding).

Each case is timed by the wall clock (median and worst of --repeat runs) and by this process's CPU time (the
request's Python work; with SQLite the database's too), which other people's jobs on a shared machine disturb
much less. Not a test: run it by hand and copy the figures into docs/benchmarks.md.

    python benchmarks/heavy_inputs.py [--repeat 3]

The database comes from DATABASE_URL (its name must contain "bench"; a PostgreSQL one is dropped and created
again); without it, var/bench/heavy.sqlite3. PostgreSQL is what production runs:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/withus_heavy_bench python benchmarks/heavy_inputs.py
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import statistics
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "heavy.sqlite3"
QI_EMAIL = "qi@demo.withus.local"
FINANCE_EMAIL = "finance@demo.withus.local"
TARGET = 2.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each case (default 3)")
    return parser.parse_args()


def prepare_database() -> str:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    return fresh_database(DEFAULT_SQLITE)


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    os.environ["WITHUS_DEMO"] = "1"
    import django

    django.setup()


FIRST_DAY = datetime.date(1900, 1, 1)


def _days(count: int, start: datetime.date = FIRST_DAY) -> list[datetime.date]:
    return [start + datetime.timedelta(days=day) for day in range(count)]


def build() -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from withus.demo.world import build_world
    from withus.improvement.models import DataPoint, Measure, Project, ProjectUnit
    from withus.improvement.services.measures import measure_refresh_summary
    from withus.organisations.models import Unit
    from withus.payments.models.batches import PaymentBatch

    call_command("migrate", verbosity=0)
    trust = build_world(with_sign_ins=True)["organisation"]
    willow = Unit.objects.for_organisation(trust.pk).get(code="WILLOW")
    with transaction.atomic():
        project = Project.objects.create(
            organisation=trust, title="Benchmark: heavy inputs", problem="P.", aim="A.", start_date=FIRST_DAY
        )
        ProjectUnit.objects.create(project=project, unit=willow)

        def measure(name: str, points: int) -> Measure:
            made = Measure.objects.create(
                organisation=trust,
                project=project,
                name=name,
                kind="outcome",
                definition="Counted daily.",
                frequency="daily",
                chart="xmr",
                direction="down",
                target=3,
            )
            DataPoint.objects.bulk_create(
                [
                    DataPoint(organisation=trust, measure=made, period=day, value=(index * 7) % 11)
                    for index, day in enumerate(_days(points))
                ],
                batch_size=5_000,
            )
            measure_refresh_summary(measure=made)
            return made

        full = measure("At the limit: 10,000 daily points", 10_000)
        legacy = measure("Imported before the limits: 99,705 daily points", 99_705)
        empty = [measure(f"Empty measure {number}", 0) for number in range(20)]
    batch = PaymentBatch.objects.filter(organisation=trust, paid_on__isnull=True).first()
    return {"project": project, "full": full, "legacy": legacy, "empty": empty, "batch": batch}


def _pasted(count: int) -> str:
    return "date\tvalue\n" + "".join(f"{day.isoformat()}\t{index % 9}\n" for index, day in enumerate(_days(count)))


def _xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "value"])
    for index, day in enumerate(_days(rows)):
        sheet.append([day, index % 9])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _raw_xlsx(rows_xml) -> bytes:
    """A minimal workbook written by hand, so the sheet can be made as large (or as odd) as a test needs."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_relationships = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", relationships)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_relationships)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            for chunk in rows_xml:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return output.getvalue()


def _million_blank_rows():
    yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1"><v>1</v></c></row>'
    for number in range(2, 1_000_001):
        yield b'<row r="%d" ht="15" customHeight="1"/>' % number


def _zip_bomb():
    cells = b"".join(b"<c><v>1</v></c>" for _ in range(16_384))
    for number in range(1, 1_001):
        yield b'<row r="%d">' % number + cells + b"</row>"


def _jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.radial_gradient("L").resize((width, height)).convert("RGB").save(output, format="JPEG", quality=85)
    return output.getvalue()


def _clients() -> tuple:
    from django.test import Client

    from withus.accounts.models import User

    qi = Client(HTTP_HOST="127.0.0.1")
    qi.force_login(User.objects.get(email=QI_EMAIL))
    finance = Client(HTTP_HOST="127.0.0.1")
    finance.force_login(User.objects.get(email=FINANCE_EMAIL))
    return qi, finance


def _get(client, url: str, contains: str = ""):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert contains.encode() in response.content, (url, contains)
        return response.status_code, len(response.content)

    return run


def _post(client, url, data_factory, expect: int, contains: str = ""):
    def run():
        response = client.post(url() if callable(url) else url, data_factory())
        assert response.status_code == expect, (response.status_code, response.content[-3000:])
        assert contains.encode() in response.content, (contains, response.content[-3000:])
        return response.status_code, len(response.content)

    return run


def _receipt(data: bytes, *, refused: bool):
    from django.core.exceptions import ValidationError

    from withus.payments.receipts import checked_receipt

    def run():
        try:
            stored, _ = checked_receipt(data)
        except ValidationError:
            if not refused:
                raise
            return "refused", len(data)
        if refused:
            raise AssertionError("the photo over the limit was accepted")
        return "accepted", len(stored)

    return run


def _page_cases(qi, built) -> dict:
    from django.urls import reverse

    project, full, legacy = built["project"], built["full"], built["legacy"]

    def url(name: str, measure) -> str:
        return reverse(f"improvement:{name}", args=[project.pk, measure.pk])

    return {
        "Measure page, 10,000 points": _get(qi, url("measure", full), "latest 1,000 of 10,000"),
        "chart.svg, 10,000 points": _get(qi, url("measure_svg", full)),
        "chart.png, 10,000 points": _get(qi, url("measure_png", full)),
        "data.csv, 10,000 points": _get(qi, url("measure_csv", full)),
        "Measure page, 99,705 points": _get(qi, url("measure", legacy), "latest 1,000 of 99,705"),
        "chart.png, 99,705 points": _get(qi, url("measure_png", legacy)),
        "data.csv, 99,705 points": _get(qi, url("measure_csv", legacy)),
    }


def _import_cases(qi, finance, built) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    project = built["project"]
    empty = iter(built["empty"])

    def fresh() -> str:
        return reverse("improvement:points_import", args=[project.pk, next(empty).pk])

    full = reverse("improvement:points_import", args=[project.pk, built["full"].pk])
    refusing = reverse("improvement:points_import", args=[project.pk, built["empty"][-1].pk])
    pasted_ok, pasted_over = _pasted(10_000), _pasted(10_001)
    xlsx_ok, blank_rows, bomb = _xlsx(10_000), _raw_xlsx(_million_blank_rows()), _raw_xlsx(_zip_bomb())
    long_cell = 'date,value\n1900-01-01,"' + "9" * 140_000 + '"\n'
    print(
        f"Files: XLSX of 10,000 rows {len(xlsx_ok) / 1e6:.2f} MB; a million empty rows {len(blank_rows) / 1e6:.2f} "
        f"MB; zip bomb {len(bomb) / 1e6:.2f} MB"
    )

    def upload(name: str, data: bytes):
        return lambda: {"upload": SimpleUploadedFile(name, data)}

    cases = {
        "Paste 10,000 points (accepted)": _post(qi, fresh, lambda: {"pasted": pasted_ok}, 302),
        "Paste 10,001 points (refused)": _post(
            qi, refusing, lambda: {"pasted": pasted_over}, 200, "Add at most 10,000 points at a time"
        ),
        "One more point into a full measure (refused)": _post(
            qi, full, lambda: {"pasted": "1899-12-31\t1"}, 200, "a measure holds at most 10,000 points"
        ),
        "XLSX, 10,000 rows (accepted)": _post(qi, fresh, upload("data.xlsx", xlsx_ok), 302),
        "XLSX, a million empty rows (refused)": _post(
            qi, refusing, upload("data.xlsx", blank_rows), 200, "The workbook is larger"
        ),
        "XLSX zip bomb (refused)": _post(qi, refusing, upload("data.xlsx", bomb), 200, "The workbook is larger"),
        "CSV cell of 140,000 characters (refused)": _post(
            qi, refusing, upload("data.csv", long_cell.encode()), 200, "a cell has more than 10,000 characters"
        ),
    }
    if built["batch"]:
        remittance = ("Claim reference,Paid on\n" + long_cell).encode()
        cases["Remittance cell of 140,000 characters (refused)"] = _post(
            finance,
            reverse("payments:batch_remittance", args=[built["batch"].pk]),
            lambda: {"remittance": SimpleUploadedFile("r.csv", remittance)},
            200,
            "a cell has more than 10,000 characters",
        )
    return cases


def main() -> None:
    args = parse_args()
    database = prepare_database()
    setup_django()
    started = time.perf_counter()
    built = build()
    built_in = time.perf_counter() - started
    qi, finance = _clients()
    cases = {
        **_page_cases(qi, built),
        **_import_cases(qi, finance, built),
        "Receipt photo, 25.0 megapixels (accepted)": _receipt(_jpeg(5_000, 5_000), refused=False),
        "Receipt photo, 25.005 megapixels (refused)": _receipt(_jpeg(5_000, 5_001), refused=True),
    }
    results = []
    for name, run in cases.items():
        # An accepted import adds its points: once is enough (each goes into an empty measure).
        repeat = 1 if name in {"Paste 10,000 points (accepted)", "XLSX, 10,000 rows (accepted)"} else args.repeat
        times, cpu, outcome = [], [], None
        for _ in range(repeat):
            began, began_cpu = time.perf_counter(), time.process_time()
            outcome = run()
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        results.append((name, statistics.median(times), max(times), statistics.median(cpu), outcome))
    print(f"Database: {database} (built in {built_in:.1f} s)")
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    print(f"{'Case':<50} {'median':>8} {'max':>8} {'CPU':>7}  answer")
    for name, median, worst, cpu, outcome in results:
        verdict = "met" if worst < TARGET else "MISSED"
        print(
            f"{name:<50} {median:7.2f}s {worst:7.2f}s {cpu:6.2f}s  {outcome[0]}, {outcome[1]:,} bytes; < 2 s: {verdict}"
        )


if __name__ == "__main__":
    main()
