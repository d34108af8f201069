import json
import subprocess
import sys
from pathlib import Path

import pytest

SERIES = [8, 6, 7, 9, 5, 7, 8, 6, 7, 6, 8, 7, 7, 6, 8, 1, 0, 1, 0, 1, 0, 0, 1]
DATES = [f"2024-{1 + index // 4:02d}-{1 + (index % 4) * 7:02d}" for index in range(len(SERIES))]


def _analyse(api, **body):
    return api.post("/api/v1/spc/analyse", body, content_type="application/json")


def test_spc_analyse_returns_the_same_json_as_the_withus_spc_command(api, tmp_path):
    data = tmp_path / "series.csv"
    data.write_text("date,value\n" + "".join(f"{d},{v}\n" for d, v in zip(DATES, SERIES, strict=True)))
    command = Path(sys.executable).with_name("withus-spc")
    arguments = ["--chart", "c", "--preset", "mdc", "--direction", "down", "--target", "2"]
    printed = subprocess.run(  # noqa: S603 - our own command, with arguments we build
        [str(command), str(data), *arguments], capture_output=True, text=True, check=True
    )
    response = _analyse(api, values=SERIES, dates=DATES, chart="c", preset="mdc", direction="down", target=2)
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(printed.stdout)
    assert response.json()["summary"]["variation"] == "improvement-low"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"values": SERIES, "chart": "pie"}, "chart"),
        ({"values": ["lots"]}, "values"),
        ({"values": []}, "values"),
        ({"values": [1, 2, 3], "dates": ["2024-01-08", "2024-01-01", "2024-01-15"]}, "date"),
        ({"values": [1, 2, 3], "chart": "p"}, "denominator"),
    ],
)
def test_bad_series_are_422_naming_the_field(api, body, field):
    response = _analyse(api, **body)
    assert response.status_code == 422, response.content
    assert any(field in problem["field"] for problem in response.json()["problems"]), response.json()


def test_a_series_over_the_limit_is_refused(api, settings):
    settings.WITHUS_MAX_POINTS_PER_IMPORT = 10
    response = _analyse(api, values=list(range(11)))
    assert response.status_code == 422
    assert "at most 10" in response.json()["problems"][0]["message"]


def test_spc_analyse_needs_measures_read(make_token):
    from withus.api.tests.conftest import bearer

    _, secret = make_token(["payments:read"])
    assert _analyse(bearer(secret), values=SERIES).status_code == 403
