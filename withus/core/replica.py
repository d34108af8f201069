"""A read replica for the report pages (issue 25 item 5, ADR 40).

When `DATABASE_REPLICA_URL` is set, the settings add a `replica` database and the views marked
`@reads_from_replica` (the reports' heavy pages: board packs, live metrics, the annual report, the race-equity page)
read there. Everything else reads and writes the primary, exactly as with no replica. A report page reads the
primary instead when:

- the request changes something (any method but GET, HEAD and OPTIONS);
- the person changed something a short while ago (`WITHUS_REPLICA_PIN_SECONDS`): `ReplicaPinMiddleware` sets a
  short-lived cookie after any such request, so the page they come back to shows their change, not the replica's
  older copy;
- the page itself has written (an audit entry, say): the rest of that request reads the primary.

Accounts, roles and sessions are always read from the primary: permission checks never see a stale role. A page
read from the replica says "figures as of" the replica's time (PostgreSQL: the last transaction it replayed while
it is behind, now when it has caught up), so a lagging replica is visible, not hidden. A replica that does not
answer is logged and the page reads the primary.

On PostgreSQL the replica's reads run in one read transaction with the organisation set (SET LOCAL), as the
primary's do, so row-level security (ADR 32) filters them too.
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from withus.core.row_security import organisation_scope

logger = logging.getLogger(__name__)
PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "withus-primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read from the primary whatever the page: who may do what, and the signed-in sessions.
PRIMARY_ONLY_APPS = frozenset(
    {"accounts", "auth", "sessions", "contenttypes", "account", "mfa", "usersessions", "socialaccount"}
)

# The replica may be read on this page until it writes. None outside a marked view.
_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("withus_replica_reads", default=None)

# The replica's time: now when it has replayed everything it has received (or is not a replica at all), else the
# time of the last transaction it replayed. NULL (no transaction replayed yet) shows as an unknown time.
AS_OF_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN now()
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN now()
    ELSE pg_last_xact_replay_timestamp()
END
"""


@dataclass
class _Reads:
    pinned: bool = False


@dataclass(frozen=True)
class ReplicaReads:
    """What a page read from the replica shows: the time its figures are as of (None when it cannot tell)."""

    as_of: datetime.datetime | None


def replica_configured() -> bool:
    return REPLICA in connections.settings


def pinned_to_primary(request) -> bool:
    """Whether this request must read the primary: it changes something, or its person changed something lately."""
    return request.method not in SAFE_METHODS or request.COOKIES.get(PIN_COOKIE) == "1"


def replica_as_of() -> datetime.datetime | None:
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return timezone.now()  # a copy (tests, a file): as of the moment it is read
    with connection.cursor() as cursor:
        cursor.execute(AS_OF_SQL)
        return cursor.fetchone()[0]


class ReplicaRouter:
    """Sends reads inside a `reads_from_replica` view to the replica until that request writes; every write, and
    every other read, to the primary. With no replica configured it routes nothing."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        reads = _reads.get()
        if reads is None or reads.pinned or model._meta.app_label in PRIMARY_ONLY_APPS:  # noqa: SLF001
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            reads.pinned = True  # what it wrote is on the primary only: read the rest of the page from there
        return PRIMARY if replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:  # noqa: SLF001
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None  # a replica copies the primary; nothing migrates it


def reads_from_replica(view):
    """Mark a report page that may read the replica (inside the permission check, so that reads the primary)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not replica_configured() or pinned_to_primary(request):
            return view(request, *args, **kwargs)
        connection = connections[REPLICA]
        try:
            connection.ensure_connection()
        except DatabaseError:
            # A replica that does not answer never takes the reports down: they read the primary meanwhile.
            logger.warning("The read replica did not answer, so %s reads the primary.", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        token = _reads.set(_Reads())
        try:
            if connection.vendor != "postgresql":
                request.replica_reads = ReplicaReads(as_of=replica_as_of())
                return view(request, *args, **kwargs)
            # One read transaction on the replica, with the organisation set for row-level security.
            with (
                organisation_scope(request.user.organisation_id, connection=connection),
                transaction.atomic(using=REPLICA),
            ):
                request.replica_reads = ReplicaReads(as_of=replica_as_of())
                return view(request, *args, **kwargs)
        finally:
            _reads.reset(token)

    return wrapper


class ReplicaPinMiddleware:
    """After a request that changes something, the person's report pages read the primary for a short while, so
    they see their change even while the replica is behind. Only with a replica configured."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.WITHUS_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
