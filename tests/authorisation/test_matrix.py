"""The authorisation matrix: every URL pattern × every role × own / other / other-trust object (issue 12, item 9).

The expected statuses are in `rows/<app>.py` (gathered in `table.py`), one row per URL name. A pattern with no row fails
`test_every_url_pattern_has_a_row`, so every new view needs a decision. See docs/authorisation.md.

The world (two trusts, built from factories) is built once for this module inside a transaction that is rolled
back at the end, and every request runs in its own rolled-back transaction, so no request sees another's changes.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.template.backends.jinja2 import Template as JinjaTemplate
from django.test import Client, override_settings
from django.urls import reverse

from tests.authorisation.expect import METHODS, ROLES, SIDES, url_patterns
from tests.authorisation.table import EXPECTED
from tests.authorisation.world import build

PATTERNS = {pattern.key: pattern for pattern in url_patterns()}

# Which object each URL argument names; (namespace, argument) first, then the argument alone.
OBJECTS = {
    ("improvement", "member_id"): "team_member",
    ("governance", "member_id"): "panel_member",
    ("opportunities", "session_id"): "opportunity_session",
    ("learning", "session_id"): "cohort_session",
    "person_id": "person",
    "unit_id": "unit",
    "project_id": "project",
    "measure_id": "measure",
    "point_id": "point",
    "parent_id": "primary",
    "node_id": "node",
    "cycle_id": "pdsa",
    "recalculation_id": "recalculation",
    "annotation_id": "annotation",
    "opportunity_id": "opportunity",
    "kind_id": "kind",
    "course_id": "course",
    "cohort_id": "cohort",
    "enrolment_id": "enrolment",
    "completion_id": "completion",
    "claim_id": "claim",
    "line_id": "line",
    "receipt_id": "receipt",
    "limit_id": "limit",
    "batch_id": "batch",
    "committee_id": "committee",
    "seat_id": "seat",
    "meeting_id": "meeting",
    "vacancy_id": "vacancy",
    "candidate_id": "candidate",
    "user_id": "staff",
    "message_id": "message",
    "review_id": "review",
    # Stories (issue 19): tests/authorisation/world_stories.py.
    ("stories", "story_id"): "story",
    ("stories", "consent_id"): "story_consent",
    ("stories", "response_id"): "story_response",
    "action_id": "action",
    "rule_id": "rule",
    # Accreditation standards (ADR 35): tests/authorisation/world_accreditation.py.
    "set_id": "standard_set",
    "edition_id": "edition",
    "theme_id": "theme",
    "standard_id": "standard",
    # Ideas (issue 20).
    "idea_id": "idea",
    "outcome_id": "outcome",
    # Support (issue 21)
    "agreement_id": "agreement",
    "debrief_id": "debrief",
    "buddy_id": "buddy_pair",
    # API (issue 23)
    "token_id": "api_token",
    # Issue 24: a row of the trust's table of directory app roles.
    "mapping_id": "directory_role_mapping",
    # Board reporting (issue 22)
    "pack_id": "board_pack",
}
# Arguments that are not objects: the same on every side.
LITERALS = {
    "topic": "contact",
    "direction": "up",
    "key": "not-a-real-key",
    "uidb36": "1x",
    "tax_year": "2025-26",
    "month": "2026-11",
    "metric_code": "involvement-hours",
    "year": 2025,
}
# allauth's passkey pages name a passkey by "pk"; each asks the person to confirm it is them before looking it up.
LITERALS["pk"] = 2_000_000_000
SIGN_IN = reverse("account_login")
# The database is needed (and each test is wrapped in a savepoint inside the module's transaction).
pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    files["OPTIONS"] = {"location": tmp_path_factory.mktemp("matrix-files")}
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES={**settings.STORAGES, "default": files}),
        _drawing_only_when_asked(),
        transaction.atomic(),
    ):
        built = build()
        built.clients = {role: _client(getattr(built.home.users, role, None)) for role in ROLES}
        yield built
        transaction.set_rollback(True)


# Whether the page asked for is drawn. The matrix is about who gets which answer: every view runs in full
# (middleware, permission, lookups, forms, services), but its template is drawn only for a GET of the own object
# by a role expected to reach it, so every page is drawn once for every role that reaches it (a template that
# fails for one role fails here). Refusals (the same error page every time, drawn by core's tests), the other
# sides' pages and the answers to POST are checked by status and by what they write, not drawn. Charts (SVG,
# PNG) and certificates (PDF) are not converted: the view decides who gets them first, and their own tests
# convert them.
_DRAW = {"page": True}


@contextmanager
def _drawing_only_when_asked():
    draw = JinjaTemplate.render

    def render(self, context=None, request=None):
        return draw(self, context, request) if _DRAW["page"] else ""

    with (
        mock.patch.object(JinjaTemplate, "render", render),
        mock.patch("vl_convert.vegalite_to_png", return_value=b"\x89PNG\r\n\x1a\n"),
        mock.patch("vl_convert.vegalite_to_svg", return_value="<svg></svg>"),
        mock.patch("weasyprint.HTML.write_pdf", return_value=b"%PDF-1.7\n"),
    ):
        yield


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _url(key: str, side, overrides: dict) -> str | None:
    pattern = PATTERNS[key]
    kwargs = {}
    for argument in pattern.arguments:
        if argument in LITERALS:
            kwargs[argument] = LITERALS[argument]
            continue
        name = overrides.get(argument) or OBJECTS.get((pattern.namespace, argument)) or OBJECTS[argument]
        obj = getattr(side, name, None)
        if obj is None:
            return None
        kwargs[argument] = obj.pk
    if "/" in key:  # a pattern with no name (its key is its route) and no arguments
        return "/" + pattern.route
    return reverse(key, kwargs=kwargs)


def _ask(client: Client, method: str, url: str, *, draw: bool = True):
    """One request in a transaction that is rolled back; returns the response and the writes it tried."""
    writes = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES) and "django_session" not in sql:
            writes.append(sql.split("(")[0][:80])
        return execute(sql, params, many, context)

    _DRAW["page"] = draw
    try:
        with transaction.atomic(), connection.execute_wrapper(record):
            response = client.get(url) if method == "get" else client.post(url, {})
            transaction.set_rollback(True)
    finally:
        _DRAW["page"] = True
    return response, writes


def _names_an_object(key: str) -> bool:
    return any(argument not in LITERALS for argument in PATTERNS[key].arguments)


def _sides(key: str) -> tuple:
    if not _names_an_object(key):
        return ("own",)
    return ("own", "other_trust") if EXPECTED[key].trust_wide else SIDES


def _cells(key: str):
    """Every (method, side, role, expected status) the row asks for."""
    entry = EXPECTED[key]
    for method in METHODS:
        for side in _sides(key):
            expected = entry.expected(method, side)
            if expected is None:
                continue
            for role, status in zip(ROLES, expected, strict=True):
                yield method, side, role, status


def _refused_before_lookup(world, key: str, method: str, role: str) -> bool:
    """True when the answer cannot depend on which object the URL names, so asking for the own one is enough:
    anonymous on a page that is not public (sent to sign in), a role the view's named permission refuses (the
    decorator answers before the view runs), and GET of a view that only accepts POST."""
    pattern = PATTERNS[key]
    if role == "anonymous":
        return not EXPECTED[key].public
    if pattern.permission and not getattr(world.home.users, role).has_perm(pattern.permission):
        return True
    return method == "get" and pattern.post_only


def _check(world, key: str, cells) -> list[str]:
    entry = EXPECTED[key]
    problems = []
    own = {(method, role): status for method, side, role, status in _cells(key) if side == "own"}
    for method, side, role, status in cells:
        if side != "own" and _refused_before_lookup(world, key, method, role):
            if status != own[method, role]:
                problems.append(
                    f"{method.upper()} {side} as {role}: the view answers {own[method, role]} before it looks "
                    f"anything up (see the own row), so this cell cannot be {status}"
                )
            continue
        url = _url(key, world.sides[side], entry.objects)
        if url is None:
            problems.append(f"{method} {side}: no object for this side (mark the row trust_wide, or add it)")
            continue
        draw = method == "get" and side == "own" and status < 400
        response, writes = _ask(world.clients[role], method, url, draw=draw)
        if response.status_code != status:
            problems.append(f"{method.upper()} {side} as {role}: expected {status}, got {response.status_code}")
        denied = response.status_code in (403, 404, 405) or (role == "anonymous" and not entry.public)
        if denied and writes:
            problems.append(f"{method.upper()} {side} as {role}: refused ({response.status_code}) but wrote {writes}")
        sent_elsewhere = response.status_code == 302 and not response["Location"].startswith(SIGN_IN)
        if role == "anonymous" and not entry.public and sent_elsewhere:
            problems.append(f"{method.upper()} {side} as anonymous: sent to {response['Location']}, not sign-in")
    return problems


def _pending_cells(key: str) -> frozenset:
    entry = EXPECTED[key]
    return entry.pending.cells if entry.pending else frozenset()


def test_every_url_pattern_has_a_row():
    unclassified = sorted(set(PATTERNS) - set(EXPECTED))
    assert not unclassified, f"URL patterns with no row in tests/authorisation/table.py: {unclassified}"
    stale = sorted(set(EXPECTED) - set(PATTERNS))
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_row_is_complete(key):
    """A row says what happens to the other side's object and to POST wherever the view has them."""
    pattern, entry = PATTERNS[key], EXPECTED[key]
    names_an_object = _names_an_object(key)
    if names_an_object and not entry.trust_wide:
        assert entry.get_other is not None, f"{key} names an object: say what GET of the other side's gives"
    if pattern.declares_post:
        assert entry.post is not None, f"{key} accepts POST: say what an empty POST gives each role"
        if names_an_object and not entry.trust_wide:
            assert entry.post_other is not None, f"{key} accepts POST: say what POST to the other side's gives"
    for cell in _pending_cells(key):
        method, side, role = cell
        assert method in METHODS, cell
        assert side in SIDES, cell
        assert role in ROLES, cell


def test_every_view_of_ours_checks_a_named_permission():
    """ADR 3: every view checks a named permission (core.permissions.permission_required), except public pages."""
    unchecked = [
        key
        for key, pattern in PATTERNS.items()
        if pattern.callback.__module__.startswith("withus.")
        and not pattern.permission
        and not getattr(EXPECTED.get(key), "public", "")
    ]
    assert not unchecked, f"views that check no named permission: {unchecked}"


def test_public_pages_are_only_those_an_issue_made_public():
    public = {key: entry.public for key, entry in EXPECTED.items() if entry.public}
    assert all(reason.startswith(("issue", "allauth")) for reason in public.values()), public
    non_public_open = [key for key, entry in EXPECTED.items() if not entry.public and entry.get[0] != 302]
    assert not non_public_open, f"anonymous reaches pages not listed as public: {non_public_open}"


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_matrix(world, key):
    pending = _pending_cells(key)
    cells = [cell for cell in _cells(key) if cell[:3] not in pending]
    problems = _check(world, key, cells)
    assert not problems, f"{key} ({PATTERNS[key].route}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=EXPECTED[key].pending.reason))
        for key in sorted(EXPECTED)
        if EXPECTED[key].pending
    ],
)
def test_matrix_pending(world, key):
    pending = _pending_cells(key)
    cells = [cell for cell in _cells(key) if cell[:3] in pending]
    problems = _check(world, key, cells)
    assert not problems, f"{key} ({PATTERNS[key].route}):\n  " + "\n  ".join(problems)
