"""Proven authorisation (issue 23 item 6): schemathesis runs against a served WithUs, on 127.0.0.1 only, with two
trusts' tokens as peers and its object-level authorisation check, plus its status-code, content-type and schema
conformance checks. A second test drops the organisation from the measure selector and shows the check fails.

The server is this test process's WSGI application in a thread (Django's LiveServerThread), sharing the test's
in-memory database connection, so the two trusts built here are what it serves; everything is rolled back after.
The schemathesis command line runs in a subprocess, as CI runs it.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from withus.accounts.models import Role
from withus.api import selectors
from withus.api.services import token_create
from withus.improvement.models import Measure
from withus.improvement.services.measures import measure_refresh_summary
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory, add_points
from withus.organisations.tests.factories import OrganisationFactory

SCOPES = ["measures:read", "measures:write", "involvement:read", "payments:read"]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
pytestmark = pytest.mark.slow


def _trust(make_user, name: str) -> str:
    organisation = OrganisationFactory(name=name)
    admin = make_user(Role.ADMINISTRATOR, organisation=organisation)
    for title in ("Racist incidents", "Restraint"):
        measure = MeasureFactory(project=ProjectFactory(organisation=organisation, title=title), name=f"{title} a week")
        add_points(measure, [8, 6, 7, 9, 5, 7, 8, 6, 7, 6, 8, 7, 7, 6, 8, 1, 0, 1, 0, 1, 0, 0, 1])
        measure_refresh_summary(measure=measure)
    _, secret = token_create(organisation=organisation, name="Warehouse", scopes=SCOPES, actor=admin)
    return secret


@pytest.fixture
def served(db, settings):
    settings.WITHUS_API_REQUESTS_PER_MINUTE = 1_000_000
    connection = connections["default"]
    if connection.vendor != "sqlite":
        # The served thread shares the test's connection and its open transaction (so nothing needs committing,
        # which the append-only audit log would refuse to flush afterwards). Only SQLite's in-memory database can
        # be shared like that; psycopg closes the shared connection after the first request. The schemathesis run
        # is made on SQLite in CI (`make test`); the API's organisation scoping is the same code on both databases.
        pytest.skip("schemathesis needs the test's connection shared with a served thread: SQLite only")
    connection.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, connections_override={"default": connection}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    connection.dec_thread_sharing()


def _run(base: str, tmp_path: Path, secrets: dict) -> subprocess.CompletedProcess:
    wfc = {
        "auth": [
            {"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {secret}"}]}
            for name, secret in secrets.items()
        ]
    }
    (tmp_path / "wfc.json").write_text(json.dumps(wfc))
    (tmp_path / "schemathesis.toml").write_text(
        f'[auth.wfc]\npath = "{tmp_path / "wfc.json"}"\npeers = {json.dumps(list(secrets))}\n'
    )
    return subprocess.run(  # noqa: S603 - our own command line, with arguments we build
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(tmp_path / "schemathesis.toml"),
            "--no-color",
            "run",
            f"{base}/api/v1/openapi.json",
            "--checks",
            "all",
            # Our operations also refuse what JSON Schema cannot say (a Wednesday in a weekly measure, a future
            # date, denominators on a chart that has none), with a 422 naming the field: that is not a bug.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            "25",
            "--seed",
            "23",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )


def test_schemathesis_finds_no_failures_with_two_trusts_tokens_as_peers(served, make_user, tmp_path):
    secrets = {"trustA": _trust(make_user, "Trust A"), "trustB": _trust(make_user, "Trust B")}
    run = _run(served, tmp_path, secrets)
    (tmp_path / "output.txt").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, f"see {tmp_path / 'output.txt'}\n" + run.stdout[-3000:]
    print(run.stdout)  # noqa: T201 - the summary, for whoever reads the test log


def test_schemathesis_fails_when_a_selector_drops_the_organisation(served, make_user, tmp_path, monkeypatch):
    def leaky(organisation_id, measure_id, project_ids=frozenset()):
        return Measure.objects.select_related("project").filter(pk=measure_id).first()

    monkeypatch.setattr(selectors, "measure_for", leaky)
    secrets = {"trustA": _trust(make_user, "Trust A"), "trustB": _trust(make_user, "Trust B")}
    run = _run(served, tmp_path, secrets)
    assert run.returncode != 0
    assert "Object-level authorization bypass" in run.stdout, run.stdout[-6000:]
