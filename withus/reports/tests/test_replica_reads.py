"""Report pages on a read replica (issue 25 item 5, ADR 40): they read the replica and say "figures as of" its time;
after the person changes something (any POST) they read the primary for a while, so the change shows; with no
replica they read the primary and say nothing about it."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.replica import PIN_COOKIE
from withus.core.tests.replica_copy import needs_sqlite, replica_copy
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory
from withus.reports.tests.builders import definitions, involvement_months

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
AS_OF = "from a copy of the database kept for reports"


@pytest.fixture(autouse=True)
def _quick_charts():
    with mock.patch("withus.core.charts.render_svg", return_value=SVG):
        yield


@pytest.fixture
def lead(trust, make_user, client):
    definitions(trust)
    involvement_months(trust, today=timezone.localdate(), months=3)
    user = make_user(Role.PARTICIPATION_LEAD)
    client.force_login(user)
    return user


def _registered(page: str) -> int:
    row = page[page.index("Registered now (not left)") :]
    cell = row[row.index("nhsuk-table__cell--numeric") :]
    return int(cell[cell.index(">") + 1 : cell.index("<")].replace(",", ""))


@needs_sqlite
def test_the_annual_report_reads_the_replica_until_the_person_changes_something(trust, lead, client, tmp_path):
    year = timezone.localdate().year
    url = f"/reports/annual/{year}/"
    before = _registered(client.get(url).content.decode())
    with replica_copy(tmp_path):
        PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER, status="active")

        from_replica = client.get(url)
        page = from_replica.content.decode()
        assert from_replica.status_code == 200
        assert _registered(page) == before  # the replica has not got the new person yet
        assert AS_OF in page
        assert PIN_COOKIE not in from_replica.cookies

        # Any change (here a board pack asked for with no quarter: refused, but a POST all the same) pins the
        # person's report pages to the primary for a while.
        posted = client.post("/reports/board/", {})
        assert posted.cookies[PIN_COOKIE].value == "1"
        from_primary = client.get(url).content.decode()
        assert _registered(from_primary) == before + 1
        assert AS_OF not in from_primary


@needs_sqlite
@pytest.mark.parametrize("path", ["/reports/equity/", "/reports/board/", "/reports/metrics/involvement-hours/"])
def test_each_report_page_says_when_its_figures_are_from(trust, lead, client, tmp_path, path):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 4, 19, 42))  # noqa: DTZ001 - made aware here
    with replica_copy(tmp_path), mock.patch("withus.core.replica.replica_as_of", return_value=moment):
        response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 200, path
    assert "as of 4 December 2026 at 7:42pm, from a copy of the database kept for reports" in page


@needs_sqlite
def test_a_replica_that_cannot_tell_its_time_says_it_may_be_behind(trust, lead, client, tmp_path):
    with replica_copy(tmp_path), mock.patch("withus.core.replica.replica_as_of", return_value=None):
        page = client.get("/reports/equity/").content.decode()
    assert "may be a few minutes behind" in page


def test_with_no_replica_report_pages_say_nothing_about_one(trust, lead, client):
    for path in ("/reports/equity/", "/reports/board/", f"/reports/annual/{timezone.localdate().year}/"):
        response = client.get(path)
        assert response.status_code == 200
        assert AS_OF not in response.content.decode()
        assert PIN_COOKIE not in response.cookies
