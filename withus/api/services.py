"""Writes of the API app: making and revoking tokens (administrators, on /api-tokens/), and points pushed into a
measure by another system of the trust. Each validates, saves and audits inside one transaction."""

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.api.models import ApiToken, Scope
from withus.api.tokens import new_secret
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.improvement.imports import ImportRefused, Problem, Table, check_rows
from withus.improvement.models import DataPoint, Measure
from withus.improvement.services.measures import measure_refresh_summary

MANAGE = "api.manage_tokens"


def _require_manage(actor: User) -> None:
    if actor is None or not actor.has_perm(MANAGE):
        raise PermissionDenied("Only administrators manage API tokens.")


@transaction.atomic
def token_create(
    *,
    organisation,
    name: str,
    scopes: list[str],
    expires_on: datetime.date | None = None,
    projects=(),
    actor: User,
    request=None,
) -> tuple[ApiToken, str]:
    """A new token and its secret. The secret is returned once and never stored: only its digest is."""
    _require_manage(actor)
    if actor.organisation_id != organisation.pk:
        raise PermissionDenied("Tokens are made for your own trust.")
    values = clean_values({"name": name}, single_line={"name"})
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": "Choose at least one thing the token may do"})
    if expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": "The expiry date must be in the future"})
    projects = list(projects)
    if any(project.organisation_id != organisation.pk for project in projects):
        raise ValidationError({"projects": "Choose projects of your own trust"})
    made = new_secret()
    token = ApiToken(
        organisation=organisation,
        name=values["name"],
        prefix=made.prefix,
        digest=made.digest,
        scopes=sorted(scopes),
        expires_at=(
            timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max)) if expires_on else None
        ),
        created_by=actor,
    )
    token.full_clean(exclude=["projects"])
    token.save()
    token.projects.set(projects)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=token,
        changed_fields=["name", "scopes", "expires_at", "projects"],
    )
    return token, made.secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User, request=None) -> ApiToken:
    _require_manage(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk, organisation_id=actor.organisation_id)
    if token.revoked_at:
        raise ValidationError("This token has already been revoked")
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=token, changed_fields=["revoked_at"])
    return token


def token_actor_label(token: ApiToken) -> str:
    """Who did it, in the audit log: the token, since no person signed in."""
    return f"API token {token.prefix} ({token.name})"[:254]


def audit_token_use(*, token: ApiToken, request, what: str, action=AuditAction.EXPORT, obj=None) -> None:
    """Every extract read and every use of a write scope goes in the audit log, against the token."""
    audit_record(
        action=action,
        request=request,
        actor_email=token_actor_label(token),
        organisation_id=token.organisation_id,
        obj=obj,
        object_type="" if obj is not None else "api_extract",
        object_id="" if obj is not None else str(token.pk),
        object_label=what[:200],
    )


# --- Points pushed into a measure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PushedPoint:
    date: datetime.date
    value: float
    denominator: float | None = None


@dataclass(frozen=True)
class PushResult:
    added: int
    changed: int
    unchanged: int


COLUMN_FIELDS = {"A (date)": "date", "B (value)": "value", "C (denominator)": "denominator"}


def problems_as_fields(error: ImportRefused) -> list[dict]:
    """The import's problems as the API names them: the index in `points` and the field."""
    return [
        {"index": problem.row, "field": COLUMN_FIELDS.get(problem.column, ""), "message": problem.message}
        for problem in error.problems
    ]


def _stored(number: Decimal | None) -> Decimal | None:
    """As the database keeps it (four decimal places), so the same value sent again is seen as unchanged."""
    return None if number is None else number.quantize(Decimal("0.0001"))


def _number_text(number: float | None) -> str | None:
    return None if number is None else format(number, "f")


def _check_pushed(measure: Measure, points: list[PushedPoint], existing: dict) -> list:
    """The measure's own import rules (frequency, future dates, one row per date, counts, denominators), with a
    date already on the chart allowed: it is updated. Dates must come oldest first."""
    problems = [
        Problem(index, "A (date)", f"{point.date:%d/%m/%Y} comes before the row above it. Send the points oldest first")
        for index, point in enumerate(points)
        if index and point.date < points[index - 1].date
    ]
    if problems:
        raise ImportRefused(problems)
    table = Table(
        [
            (index, [point.date, _number_text(point.value), _number_text(point.denominator)])
            for index, point in enumerate(points)
        ]
    )
    return check_rows(
        table,
        frequency=measure.frequency,
        chart=measure.chart,
        needs_denominator=measure.needs_denominator,
        anchor=min(existing) if existing else None,
    )


@transaction.atomic
def points_push(*, token: ApiToken, measure: Measure, points: list[PushedPoint], request=None) -> PushResult:
    """Add points for new dates and change those whose date is already there; other points are left alone.
    All or nothing: any problem raises ImportRefused naming every bad row, and nothing is saved."""
    if not token.has_scope(Scope.MEASURES_WRITE):
        raise PermissionDenied("The token may not push points")
    if measure.organisation_id != token.organisation_id:
        raise PermissionDenied("The measure is not in the token's trust")
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    if not points:
        raise ImportRefused([Problem(0, "", "there are no points. Send at least one point")])
    existing = {point.period: point for point in measure.points.all()}
    rows = _check_pushed(measure, points, existing)
    new_rows = [row for row in rows if row.period not in existing]
    room = settings.WITHUS_MAX_POINTS_PER_MEASURE - len(existing)
    if len(new_rows) > room:
        raise ImportRefused(
            [
                Problem(
                    new_rows[max(room, 0)].number,
                    "",
                    f"a measure holds at most {settings.WITHUS_MAX_POINTS_PER_MEASURE:,} points and this one has "
                    f"{len(existing):,}, so only {max(room, 0):,} more can be added. "
                    "Start a new measure, or send fewer",
                )
            ]
        )
    rows = [dataclasses.replace(row, value=_stored(row.value), denominator=_stored(row.denominator)) for row in rows]
    changed = []
    now = timezone.now()
    for row in rows:
        point = existing.get(row.period)
        if point is not None and (point.value != row.value or point.denominator != row.denominator):
            point.value, point.denominator, point.updated_at = row.value, row.denominator, now
            changed.append(point)
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                organisation=measure.organisation,
                measure=measure,
                period=row.period,
                value=row.value,
                denominator=row.denominator,
            )
            for row in new_rows
        ],
        batch_size=2000,
    )
    DataPoint.objects.bulk_update(changed, ["value", "denominator", "updated_at"], batch_size=1000)
    result = PushResult(added=len(new_rows), changed=len(changed), unchanged=len(rows) - len(new_rows) - len(changed))
    if not measure.fed_by_api:
        Measure.objects.filter(pk=measure.pk).update(fed_by_api=True)
        measure.fed_by_api = True
    if result.added or result.changed:
        measure_refresh_summary(measure=measure)
    audit_token_use(
        token=token,
        request=request,
        action=AuditAction.UPDATE,
        obj=measure,
        what=f"API push into {measure.name}: {result.added} added, {result.changed} changed, "
        f"{result.unchanged} unchanged",
    )
    return result
