"""The population upload page (/reports/equity/population/): a TS021 file loads in one go, audited; a file with
any problem (missing column, totals that do not add up, unknown category, an area not in it, not UTF-8) loads
nothing and every problem is named on the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.demo.reports_world import illustrative_csv
from withus.reports.models import PopulationBenchmark, PopulationCount

URL = "/reports/equity/population/"


@pytest.fixture
def lead(make_user, client):
    client.force_login(make_user(Role.PARTICIPATION_LEAD))
    return client


def _send(client, text: str | bytes, **data):
    content = text.encode() if isinstance(text, str) else text
    values = {"kind": "population", "name": "Census 2021: our area", "source": "", "areas": ""}
    values.update(data)
    values["upload"] = SimpleUploadedFile("ts021.csv", content, content_type="text/csv")
    return client.post(URL, values)


def test_a_lead_loads_a_census_file_and_the_equity_page_uses_it(lead):
    response = _send(lead, illustrative_csv(), areas="zz000001")
    assert response.status_code == 302
    assert response["Location"] == "/reports/equity/"
    benchmark = PopulationBenchmark.objects.get()
    assert benchmark.name == "Census 2021: our area"
    assert benchmark.geography_codes == ["ZZ000001"]
    assert benchmark.source == "Uploaded file ts021.csv"
    assert not benchmark.is_illustrative
    assert PopulationCount.objects.filter(benchmark=benchmark).count() == 19
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(benchmark.pk)).exists()
    page = lead.get("/reports/equity/").content.decode()
    assert "Census 2021: our area" in page
    listing = lead.get(URL).content.decode()
    assert "Census 2021: our area" in listing


def _without_column(text: str, ending: str) -> str:
    rows = [line.split('","') for line in text.strip().split("\n")]
    index = next(i for i, header in enumerate(rows[0]) if header.endswith(ending))
    return "\n".join('","'.join(row[:index] + row[index + 1 :]) for row in rows) + "\n"


def _wrong_total(text: str) -> str:
    lines = text.strip().split("\n")
    cells = lines[1].split('","')
    cells[3] = "999"
    lines[1] = '","'.join(cells)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "data", "named"),
    [
        (_without_column(illustrative_csv(), ": Roma"), {}, "The column for “Roma” is missing."),
        (_wrong_total(illustrative_csv()), {}, "Riverside (fictional)"),
        (illustrative_csv().replace(": Arab", ": Martian", 1), {}, "Martian"),
        (illustrative_csv(), {"areas": "E09000002"}, "These local authority codes are not in the file: E09000002."),
        ('"date","geography"\n', {}, "The column “geography code” is missing."),
    ],
    ids=["missing-column", "totals", "unknown-category", "area-not-in-file", "no-columns"],
)
def test_a_bad_file_loads_nothing_and_names_the_problem(lead, text, data, named):
    response = _send(lead, text, **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Nothing was loaded" in page
    assert named.replace("“", "&ldquo;") in page or named in page
    assert not PopulationBenchmark.objects.exists()
    assert not PopulationCount.objects.exists()


@pytest.mark.parametrize(
    ("text", "data", "message"),
    [
        (None, {}, "Choose the CSV file to upload"),
        ("é,ü".encode("latin-1"), {}, "not a CSV saved as UTF-8"),
        (illustrative_csv(), {"kind": ""}, "Choose what the figures describe"),
        (illustrative_csv(), {"kind": "guesswork"}, "Choose one of the options"),
        (illustrative_csv(), {"name": ""}, "Enter name"),
        (illustrative_csv(), {"areas": "E09000002; DROP TABLE"}, "is not a local authority code"),
    ],
    ids=["no-file", "not-utf8", "no-kind", "made-up-kind", "no-name", "bad-area-code"],
)
def test_bad_form_input_says_how_to_fix_it_and_loads_nothing(lead, text, data, message):
    if text is None:
        values = {"kind": "population", "name": "Area", "source": "", "areas": ""}
        response = lead.post(URL, values)
    else:
        response = _send(lead, text, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PopulationBenchmark.objects.exists()


def test_a_caseload_file_is_loaded_as_the_caseload(lead):
    assert _send(lead, illustrative_csv(), kind="caseload", name="Our caseload").status_code == 302
    assert PopulationBenchmark.objects.get().kind == PopulationBenchmark.Kind.CASELOAD


@pytest.mark.parametrize("role", [Role.STAFF, Role.IMPROVEMENT_ADVISOR, Role.FINANCE_APPROVER, Role.BOARD_MEMBER])
def test_only_leads_and_administrators_find_the_page(make_user, client, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 404
    assert _send(client, illustrative_csv()).status_code == 404
    assert not PopulationBenchmark.objects.exists()
