"""PostgreSQL row-level security as a backstop to the application's organisation scoping (issue 25, ADR 32).

Every table whose rows belong to one trust (a non-null `organisation` foreign key) gets ENABLE and FORCE ROW LEVEL
SECURITY and one policy: a row is visible, and may be written, only while `app.organisation_id` holds its
organisation. The application sets that with `set_config(..., true)` (that is, SET LOCAL) inside each request's
transaction (ATOMIC_REQUESTS) or around a task (`organisation_scope`), so a pooled connection never carries one
request's trust into the next. Superusers and roles with BYPASSRLS are not filtered: the suite runs that way, and
the backstop protects only when the application connects as a role that neither owns the tables nor bypasses RLS
(docs/scale.md). SQLite has no row-level security: there the application scoping is the only scoping.

A migration that adds an organisation-owned table ends with `migrations.RunPython(row_security.apply,
row_security.remove_nothing)`; `tests/rowsecurity` fails for any such table without a policy.
"""

from __future__ import annotations

import contextlib
import logging

from django.db import connection as default_connection

SETTING = "app.organisation_id"
POLICY = "organisation_isolation"
CROSS_TRUST_POLICY = "cross_trust_read"
CROSS_TRUST_ROLE = "withus_cross_trust"
logger = logging.getLogger(__name__)

# Organisation-owned tables left without the policy, and why. Keep this short: each one is read before the
# organisation is known, and hiding its rows would break or weaken something rather than protect anything.
EXEMPT_TABLES = {
    # Read on the sign-in and two-step checks before the request has an organisation: hiding a role would make
    # a staff member look like a participant to the two-step check. Holds no personal data beyond the role.
    "accounts_roleassignment": "read before the organisation is known; hiding a role weakens checks",
    # The privacy notice and accessibility statement are public pages, open without signing in.
    "organisations_trustinformation": "published on public pages, read without signing in",
}


def organisation_tables(apps) -> list[str]:
    """The table of every model with a non-null `organisation` foreign key to the trust, except the exempt ones."""
    tables = set()
    for model in apps.get_models():
        meta = model._meta  # noqa: SLF001 - Django's documented model metadata
        if not meta.managed or meta.proxy:
            continue
        field = next((field for field in meta.concrete_fields if field.name == "organisation"), None)
        if field is None or not field.is_relation or field.null:
            continue
        if field.related_model._meta.label != "organisations.Organisation":  # noqa: SLF001
            continue
        if meta.db_table not in EXEMPT_TABLES:
            tables.add(meta.db_table)
    return sorted(tables)


def _policy_statements(table: str, *, cross_trust_role: bool) -> list[str]:
    # NULLIF: once a SET LOCAL ends, current_setting(..., true) answers '' rather than NULL, and ''::uuid fails.
    condition = f"organisation_id = NULLIF(current_setting('{SETTING}', true), '')::uuid"
    statements = [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        # USING alone also checks new and changed rows: a row cannot be written into another trust.
        f'CREATE POLICY {POLICY} ON "{table}" USING ({condition})',
        f'DROP POLICY IF EXISTS {CROSS_TRUST_POLICY} ON "{table}"',
    ]
    if cross_trust_role:
        # A region's board reporting reads across trusts through its own role, and only reads.
        statements.append(
            f'CREATE POLICY {CROSS_TRUST_POLICY} ON "{table}" FOR SELECT TO {CROSS_TRUST_ROLE} USING (true)'
        )
    return statements


def _ensure_cross_trust_role(cursor) -> bool:
    """Create the reporting role where this database user may; without it there is simply no cross-trust policy."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [CROSS_TRUST_ROLE])
    if cursor.fetchone():
        return True
    cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        logger.warning("Row-level security: cannot create role %s here; no cross-trust policy.", CROSS_TRUST_ROLE)
        return False
    cursor.execute(f"CREATE ROLE {CROSS_TRUST_ROLE} NOLOGIN")
    return True


def apply(apps, schema_editor) -> None:
    """Migration step: (re)create the policy on every organisation-owned table. A no-op except on PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cross_trust_role = _ensure_cross_trust_role(cursor)
        for table in organisation_tables(apps):
            for statement in _policy_statements(table, cross_trust_role=cross_trust_role):
                cursor.execute(statement)


def remove(apps, schema_editor) -> None:
    """Migration reverse: drop the policies and turn row-level security off again."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in organisation_tables(apps):
            cursor.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
            cursor.execute(f'DROP POLICY IF EXISTS {CROSS_TRUST_POLICY} ON "{table}"')
            cursor.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
            cursor.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')


def remove_nothing(apps, schema_editor) -> None:
    """Reverse of a later `apply`: the policies stay until the first row-security migration is reversed."""


class OrganisationSetter:
    """A query wrapper that sets the organisation once per transaction, before its first query.

    It knows whether it has set it in the current transaction by a no-op on-commit callback of its own: Django
    drops that callback when the transaction (or the savepoint it was set in) ends, exactly when PostgreSQL
    forgets the SET LOCAL. Queries outside a transaction run with no organisation (and see no owned rows)."""

    def __init__(self, organisation_id) -> None:
        self.organisation_id = organisation_id  # a value, or a callable answering it when first needed
        self.resolving = False

    def _marker(self) -> None:
        """Registered with on_commit; does nothing when called."""

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if self.resolving or not connection.in_atomic_block:
            return execute(sql, params, many, context)
        if not any(entry[1] == self._marker for entry in connection.run_on_commit):
            organisation_id = self._resolve()
            context["cursor"].cursor.execute(
                "SELECT set_config(%s, %s, true)", [SETTING, str(organisation_id) if organisation_id else ""]
            )
            connection.on_commit(self._marker)
        return execute(sql, params, many, context)

    def _resolve(self):
        if not callable(self.organisation_id):
            return self.organisation_id
        self.resolving = True  # its own queries (the session, the user) must not come back here
        try:
            return self.organisation_id()
        finally:
            self.resolving = False


@contextlib.contextmanager
def organisation_scope(organisation_id, *, connection=None):
    """Run a task's queries for one organisation: `with organisation_scope(trust.pk), transaction.atomic(): ...`.

    A task without one sees no owned rows when the application connects as its own role (and logs why)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        yield
        return
    if not organisation_id:
        logger.error("A task ran with no organisation: on PostgreSQL it sees no organisation-owned rows.")
    with connection.execute_wrapper(OrganisationSetter(organisation_id)):
        yield
