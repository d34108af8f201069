"""Read replica routing (issue 25 item 5, ADR 40): marked report views read the replica, never after a write in the
request or a recent change by the same person; accounts and roles always come from the primary; with no replica
nothing changes. And the settings: the replica alias, and the transaction pooler's DISABLE_SERVER_SIDE_CURSORS."""

import runpy
from unittest import mock

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from withus.accounts.tests.factories import UserFactory
from withus.config.settings import base
from withus.core.replica import (
    PIN_COOKIE,
    PRIMARY,
    REPLICA,
    ReplicaPinMiddleware,
    ReplicaRouter,
    reads_from_replica,
)
from withus.core.tests.replica_copy import needs_sqlite, replica_copy
from withus.organisations.models import Unit
from withus.organisations.tests.factories import UnitFactory


@pytest.fixture
def replica(trust, tmp_path):
    with replica_copy(tmp_path) as path:
        yield path


def _unit_names(trust) -> set[str]:
    return set(Unit.objects.filter(organisation=trust.organisation).values_list("name", flat=True))


@reads_from_replica
def _report(request, trust, *, write=False):
    """A stand-in report page: what it saw before and after (optionally) writing."""
    before = _unit_names(trust)
    if write:
        UnitFactory(organisation=trust.organisation, name="Written by the page", parent=trust.acute)
    return before, _unit_names(trust), getattr(request, "replica_reads", None)


def _get(user, **cookies):
    request = RequestFactory().get("/reports/equity/")
    request.user = user
    request.COOKIES.update(cookies)
    return request


def test_with_no_replica_nothing_is_routed(trust):
    router = ReplicaRouter()
    assert router.db_for_read(Unit) is None
    assert router.db_for_write(Unit) is None
    UnitFactory(organisation=trust.organisation, name="New ward", parent=trust.acute)
    before, _after, reads = _report(_get(UserFactory(organisation=trust.organisation)), trust)
    assert "New ward" in before
    assert reads is None


@needs_sqlite
def test_a_report_reads_the_replica_and_says_as_of_when(trust, replica):
    user = UserFactory(organisation=trust.organisation)
    UnitFactory(organisation=trust.organisation, name="Added after the copy", parent=trust.acute)

    before, _after, reads = _report(_get(user), trust)

    assert "Added after the copy" not in before  # the replica is behind
    assert trust.willow.name in before  # the replica has what was there when it was copied
    assert reads is not None
    assert reads.as_of is not None
    # Outside a report page every read is the primary's.
    assert "Added after the copy" in _unit_names(trust)


@needs_sqlite
def test_after_a_write_the_rest_of_the_request_reads_the_primary(trust, replica):
    user = UserFactory(organisation=trust.organisation)
    before, after, _reads = _report(_get(user), trust, write=True)
    assert "Written by the page" not in before
    assert "Written by the page" in after


@needs_sqlite
def test_a_request_that_changes_something_never_reads_the_replica(trust, replica):
    UnitFactory(organisation=trust.organisation, name="Added after the copy", parent=trust.acute)
    request = RequestFactory().post("/reports/board/")
    request.user = UserFactory(organisation=trust.organisation)
    before, _after, reads = _report(request, trust)
    assert "Added after the copy" in before
    assert reads is None


@needs_sqlite
def test_someone_who_changed_something_lately_reads_the_primary(trust, replica):
    UnitFactory(organisation=trust.organisation, name="Added after the copy", parent=trust.acute)
    before, _after, reads = _report(_get(UserFactory(organisation=trust.organisation), **{PIN_COOKIE: "1"}), trust)
    assert "Added after the copy" in before
    assert reads is None
    # A cookie with any other value pins nothing.
    before, _after, _reads = _report(_get(UserFactory(organisation=trust.organisation), **{PIN_COOKIE: "x"}), trust)
    assert "Added after the copy" not in before


@needs_sqlite
def test_a_replica_that_does_not_answer_leaves_the_page_on_the_primary(trust, tmp_path, caplog):
    from django.db import OperationalError

    UnitFactory(organisation=trust.organisation, name="Added after the copy", parent=trust.acute)
    with (
        replica_copy(tmp_path),
        mock.patch.object(
            connections[REPLICA], "ensure_connection", side_effect=OperationalError("could not connect to server")
        ),
    ):
        before, _after, reads = _report(_get(UserFactory(organisation=trust.organisation)), trust)
    assert "Added after the copy" in before
    assert reads is None
    assert "The read replica did not answer" in caplog.text


@needs_sqlite
def test_accounts_and_roles_always_come_from_the_primary(trust, replica):
    router = ReplicaRouter()
    made_after = UserFactory(organisation=trust.organisation, email="after@example.org")

    @reads_from_replica
    def page(request):
        from withus.accounts.models import User

        return router.db_for_read(User), User.objects.filter(pk=made_after.pk).exists(), router.db_for_read(Unit)

    assert page(_get(made_after)) == (PRIMARY, True, REPLICA)


@needs_sqlite
def test_the_router_allows_relations_across_the_two_and_never_migrates_the_replica(trust, replica):
    router = ReplicaRouter()
    ward = Unit.objects.using(REPLICA).get(pk=trust.willow.pk)
    assert router.allow_relation(ward, trust.willow) is True
    assert router.allow_migrate(REPLICA, "people") is False
    assert router.allow_migrate(PRIMARY, "people") is None
    assert router.db_for_write(Unit) == PRIMARY


@needs_sqlite
def test_the_pin_cookie_is_set_after_a_change_and_only_with_a_replica(settings, trust, tmp_path):
    settings.WITHUS_REPLICA_PIN_SECONDS = 30
    middleware = ReplicaPinMiddleware(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    assert PIN_COOKIE not in middleware(factory.post("/claims/")).cookies  # no replica: no cookie
    with replica_copy(tmp_path):
        assert PIN_COOKIE not in middleware(factory.get("/reports/equity/")).cookies
        for method in ("post", "put", "delete"):
            cookie = middleware(getattr(factory, method)("/claims/")).cookies[PIN_COOKIE]
            assert cookie.value == "1"
            assert cookie["max-age"] == 30
            assert cookie["httponly"] is True
            assert cookie["samesite"] == "Lax"


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="the replica's time is PostgreSQL's own SQL")
def test_the_as_of_query_answers_now_on_a_server_that_is_not_a_replica(db):
    from django.utils import timezone

    from withus.core.replica import AS_OF_SQL

    with connections[PRIMARY].cursor() as cursor:
        cursor.execute(AS_OF_SQL)
        as_of = cursor.fetchone()[0]
    assert abs((timezone.now() - as_of).total_seconds()) < 60


def _settings(monkeypatch, **environ) -> dict:
    for key in ("DATABASE_URL", "DATABASE_REPLICA_URL", "WITHUS_DB_POOLER"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(base.__file__)


def test_the_replica_alias_is_made_from_its_url_and_tests_mirror_the_primary(monkeypatch):
    loaded = _settings(
        monkeypatch,
        DATABASE_URL="postgres://withus_app@primary:5432/withus",
        DATABASE_REPLICA_URL="postgres://withus_app@replica:5432/withus",
    )
    replica_settings = loaded["DATABASES"]["replica"]
    assert replica_settings["HOST"] == "replica"
    assert replica_settings["TEST"] == {"MIRROR": "default"}
    assert replica_settings["OPTIONS"]["options"] == "-c jit=off"
    assert loaded["DATABASES"]["default"]["ATOMIC_REQUESTS"] is True
    assert "withus.core.replica.ReplicaRouter" in loaded["DATABASE_ROUTERS"]
    assert "withus.core.replica.ReplicaPinMiddleware" in loaded["MIDDLEWARE"]
    assert "replica" not in _settings(monkeypatch)["DATABASES"]


def test_a_transaction_pooler_turns_server_side_cursors_off_on_every_postgresql_database(monkeypatch):
    urls = {
        "DATABASE_URL": "postgres://withus_app@pgbouncer:6432/withus",
        "DATABASE_REPLICA_URL": "postgres://withus_app@pgbouncer:6432/withus_replica",
    }
    pooled = _settings(monkeypatch, WITHUS_DB_POOLER="transaction", **urls)
    assert pooled["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert pooled["DATABASES"]["replica"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    for pooler in ("", "session"):
        direct = _settings(monkeypatch, WITHUS_DB_POOLER=pooler, **urls)
        assert direct["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_an_unknown_pooler_mode_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="WITHUS_DB_POOLER must be 'transaction'"):
        _settings(monkeypatch, WITHUS_DB_POOLER="statement")


def test_iterator_still_works_with_server_side_cursors_off(trust):
    """What the pooler setting changes: .iterator() fetches in chunks from an ordinary cursor (on PostgreSQL,
    without it, a named cursor a pooled connection may not have)."""
    for number in range(5):
        UnitFactory(organisation=trust.organisation, name=f"Ward {number}", parent=trust.acute)
    connection = connections[PRIMARY]
    expected = sorted(Unit.objects.filter(organisation=trust.organisation).values_list("name", flat=True))
    original = connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS", False)
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        # A chunked (on PostgreSQL: named, server-side) cursor is never asked for.
        with mock.patch.object(connection, "chunked_cursor", side_effect=AssertionError("server-side cursor")):
            names = sorted(
                unit.name for unit in Unit.objects.filter(organisation=trust.organisation).iterator(chunk_size=2)
            )
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = original
    assert names == expected
