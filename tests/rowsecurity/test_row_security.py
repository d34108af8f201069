"""Row-level security as a backstop (issue 25, ADR 32): every organisation-owned table has a forced policy, raw SQL
with no organisation set sees nothing, and the request middleware sets the organisation inside the transaction.

The database tests need PostgreSQL: SQLite has no row-level security (there the application's scoping is the only
scoping), so on SQLite they are skipped with that reason. CI runs them on PostgreSQL."""

import logging
import uuid

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from withus.accounts.tests.factories import UserFactory
from withus.core import row_security
from withus.core.middleware import OrganisationRowSecurityMiddleware
from withus.organisations.tests.factories import OrganisationFactory
from withus.people.tests.factories import PersonFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row-level security: the application's organisation scoping is its only scoping there",
)


def test_the_organisation_owned_tables_are_found_and_the_exempt_ones_are_real():
    tables = row_security.organisation_tables(apps)
    assert {"people_person", "payments_claim", "improvement_datapoint", "learning_enrolment"} <= set(tables)
    assert "accounts_user" not in tables  # its organisation may be empty (the person has not joined a trust yet)
    assert "organisations_organisation" not in tables
    all_tables = {model._meta.db_table for model in apps.get_models()}
    assert set(row_security.EXEMPT_TABLES) <= all_tables
    assert not set(row_security.EXEMPT_TABLES) & set(tables)


@postgresql_only
@pytest.mark.django_db
def test_every_organisation_owned_table_has_a_forced_policy():
    """Fails when a new organisation-owned table has no policy: its migration must end with row_security.apply."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relrowsecurity AND c.relforcerowsecurity "
            "AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = %s)",
            [row_security.POLICY],
        )
        protected = {row[0] for row in cursor.fetchall()}
    missing = sorted(set(row_security.organisation_tables(apps)) - protected)
    assert missing == [], f"Organisation-owned tables without a forced row-level security policy: {missing}"


def _as_plain_role(cursor) -> str:
    """Act as a role that neither owns the tables nor is a superuser (rolled back with the test's transaction)."""
    role = f"withus_rls_probe_{uuid.uuid4().hex[:12]}"
    cursor.execute(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS")
    cursor.execute(f"GRANT SELECT, INSERT ON people_person TO {role}")
    cursor.execute(f"SET LOCAL ROLE {role}")
    return role


def _count(cursor) -> int:
    cursor.execute("SELECT count(*) FROM people_person")
    return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db
def test_raw_sql_with_no_organisation_set_returns_no_rows_for_a_plain_role():
    PersonFactory(organisation=OrganisationFactory())
    PersonFactory(organisation=OrganisationFactory())
    with connection.cursor() as cursor:
        assert _count(cursor) == 2  # the suite's own (superuser) connection is not filtered
        _as_plain_role(cursor)
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)
        assert _count(cursor) == 0
        cursor.execute("SELECT set_config(%s, '', true)", [row_security.SETTING])  # as after a SET LOCAL ends
        assert _count(cursor) == 0
        cursor.execute("RESET ROLE")


@postgresql_only
@pytest.mark.django_db
def test_an_organisation_set_shows_only_its_rows_and_cannot_write_into_another():
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    mine = PersonFactory(organisation=ours)
    PersonFactory(organisation=theirs)
    with connection.cursor() as cursor:
        _as_plain_role(cursor)
        cursor.execute("SELECT set_config(%s, %s, true)", [row_security.SETTING, str(ours.pk)])
        cursor.execute("SELECT id FROM people_person")
        assert [row[0] for row in cursor.fetchall()] == [mine.pk]
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO people_person (id, created_at, updated_at, organisation_id, kind, full_name, "
                "preferred_name, pronouns, email, phone, phone_digits, postal_address, preferred_contact, "
                "communication_notes, support_notes, status) VALUES (%s, now(), now(), %s, 'carer', 'Sneaky', '', '', "
                "'', '', '', '', 'email', '', '', 'active')",
                [uuid.uuid4(), theirs.pk],
            )
        cursor.execute("RESET ROLE")


@postgresql_only
@pytest.mark.django_db
def test_the_middleware_sets_the_signed_in_persons_organisation_inside_the_request_transaction():
    user = UserFactory(organisation=OrganisationFactory())
    request = RequestFactory().get("/")
    request.user = user

    def view(request):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [row_security.SETTING])
            return HttpResponse(cursor.fetchone()[0])

    response = OrganisationRowSecurityMiddleware(view)(request)
    assert response.content.decode() == str(user.organisation_id)


@postgresql_only
@pytest.mark.django_db
def test_a_task_without_an_organisation_is_logged_and_sets_none(caplog):
    with (
        caplog.at_level(logging.ERROR),
        row_security.organisation_scope(None),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT current_setting(%s, true)", [row_security.SETTING])
        assert cursor.fetchone()[0] == ""
    assert "no organisation" in caplog.text


@pytest.mark.django_db
def test_the_middleware_passes_the_response_through_unchanged():
    request = RequestFactory().get("/")
    request.user = UserFactory(organisation=OrganisationFactory())
    response = OrganisationRowSecurityMiddleware(lambda request: HttpResponse("hello", status=201))(request)
    assert (response.status_code, response.content) == (201, b"hello")
