"""/api/v1/: the API for the trust's other systems (issue 23). One NinjaAPI per major version (ADR 30).

Every operation authenticates a bearer token (`TokenAuth`), checks the scope it needs, and reads through
`withus.api.selectors` with the token's organisation, so another trust's object is never found (404). Views are
sync; request and response schemas are in `schemas.py`.
"""

import datetime
import math
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import model_validator

import withus_spc as spc
from withus.api import schemas, selectors
from withus.api.models import ApiToken, Scope
from withus.api.services import PushedPoint, audit_token_use, points_push, problems_as_fields
from withus.api.tokens import TokenRefused, TooManyRequests, check_rate, note_use, token_for
from withus.core.spreadsheets import csv_text
from withus.improvement import analysis
from withus.improvement.imports import ImportRefused
from withus.improvement.presenters import assurance_icon, variation_icon

# Every operation may answer these (401 no or bad token, 403 missing scope, 404 not this trust's, 422 bad input,
# 429 over the rate limit), so the schema says so and clients (and schemathesis) can rely on it.
ERRORS = {
    400: schemas.Message,
    401: schemas.Message,
    403: schemas.Message,
    404: schemas.Message,
    422: schemas.Problems,
    429: schemas.Message,
}


class TokenAuth(HttpBearer):
    """A WithUs API token: sets request.auth (the token) and request.organisation_id."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for(token.strip())
        check_rate(found)
        note_use(found)
        request.organisation_id = found.organisation_id
        return found


api = NinjaAPI(
    title="WithUs API",
    version="1",
    description="Measures, SPC results and extracts for the trust's other systems. See docs/api.md.",
    auth=TokenAuth(),
    urls_namespace="api:v1",
    docs_url="/docs/",
)


@api.exception_handler(TokenRefused)
def _token_refused(request, error: TokenRefused):
    response = api.create_response(request, {"detail": error.message}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(TooManyRequests)
def _too_many(request, error: TooManyRequests):
    response = api.create_response(
        request, {"detail": "Too many requests with this token. Wait a minute and try again."}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def _denied(request, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or "Not allowed"}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    """Pydantic's errors as one message per field, e.g. {"index": 3, "field": "value", ...}."""
    problems = []
    for item in error.errors:
        location = [part for part in item.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        index = next((part for part in location if isinstance(part, int)), None)
        names = [str(part) for part in location if not isinstance(part, int)]
        problems.append({"index": index, "field": ".".join(names), "message": item.get("msg", "Not valid")})
    return api.create_response(request, {"detail": "The request is not valid", "problems": problems}, status=422)


def _need(request, scope: Scope) -> ApiToken:
    token = request.auth
    if not token.has_scope(scope):
        raise HttpError(403, f"The token does not have the scope {scope.value}. Ask for a token that has it.")
    return token


def _project_ids(token: ApiToken) -> frozenset:
    return frozenset(token.projects.values_list("pk", flat=True))


def _icons(measure_like) -> dict:
    variation = variation_icon(measure_like.variation or "")
    assurance = assurance_icon(measure_like.assurance or "")
    return {
        "variation": {"code": variation["code"], "label": variation["label"]} if variation else None,
        "assurance": {"code": assurance["code"], "label": assurance["label"]} if assurance else None,
    }


def _measure_summary(measure) -> dict:
    return {
        "id": measure.pk,
        "name": measure.name,
        "project": {"id": measure.project.pk, "title": measure.project.title, "status": measure.project.status},
        "kind": measure.kind,
        "unit": measure.unit_label,
        "frequency": measure.frequency,
        "chart": measure.chart,
        "preset": measure.preset,
        "direction": measure.direction,
        "target": measure.target,
        "fed_by_api": measure.fed_by_api,
        "latest_value": measure.latest_value,
        "latest_date": measure.latest_period,
        **_icons(measure),
    }


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(100, ge=1, le=1000)


def _page(queryset, paging: Paging) -> tuple[list, dict]:
    count = queryset.count()
    start = (paging.page - 1) * paging.page_size
    rows = list(queryset[start : start + paging.page_size])
    return rows, {"count": count, "page": paging.page, "pages": max(1, math.ceil(count / paging.page_size))}


# --- Measures ---------------------------------------------------------------------------------------------


@api.get(
    "/measures/",
    response={200: schemas.MeasureList, **ERRORS},
    tags=["measures"],
    summary="List the trust's measures",
)
def measures(request, paging: Query[Paging]):
    token = _need(request, Scope.MEASURES_READ)
    rows, page = _page(selectors.measures_for(token.organisation_id, _project_ids(token)), paging)
    return {**page, "results": [_measure_summary(measure) for measure in rows]}


def _measure_or_404(token: ApiToken, measure_id: uuid.UUID):
    measure = selectors.measure_for(token.organisation_id, measure_id, _project_ids(token))
    if measure is None:
        raise HttpError(404, "No measure with this id for this token")
    return measure


@api.get(
    "/measures/{measure_id}/",
    response={200: schemas.MeasureDetailOut, **ERRORS},
    tags=["measures"],
    summary="A measure's points with centre, limits, categories and rules, and its Making Data Count icons",
)
def measure_detail(request, measure_id: uuid.UUID):
    token = _need(request, Scope.MEASURES_READ)
    measure = _measure_or_404(token, measure_id)
    points, total = analysis.points_to_analyse(measure)
    chart = analysis.analyse_measure(measure, points, recalculations=list(measure.recalculations.all()), total=total)
    denominators = {point.period: point.denominator for point in points}
    return {
        **_measure_summary(measure),
        **_icons(chart),  # worked out now, as the measure's page does
        "definition": measure.definition,
        "reading": chart.reading,
        "assurance_reading": chart.assurance_reading,
        "points_total": chart.total_points or len(points),
        "points_analysed": chart.analysed_points,
        "phases": [
            {
                "number": phase.number,
                "name": phase.name,
                "reason": phase.reason,
                "start": phase.start,
                "end": phase.end,
                "centre": phase.centre,
            }
            for phase in chart.phases
        ],
        "points": [
            {
                "date": point.period,
                "value": point.value,
                "denominator": denominators.get(point.period),
                "centre": point.centre,
                "lower": point.lower,
                "upper": point.upper,
                "category": point.category,
                "rules": list(point.rules),
                "phase": point.partition,
            }
            for point in chart.points
        ],
    }


@api.put(
    "/measures/{measure_id}/points/",
    response={200: schemas.PushOut, **ERRORS},
    tags=["measures"],
    summary="Add points, or change those whose date is already there; all or nothing",
)
def measure_points_push(request, measure_id: uuid.UUID, payload: schemas.PointsIn):
    token = _need(request, Scope.MEASURES_WRITE)
    measure = _measure_or_404(token, measure_id)
    limit = settings.WITHUS_MAX_POINTS_PER_IMPORT
    if len(payload.points) > limit:
        return Status(
            422,
            {
                "detail": "Too many points",
                "problems": [{"index": limit, "field": "", "message": f"Send at most {limit:,} points at a time"}],
            },
        )
    pushed = [PushedPoint(point.date, point.value, point.denominator) for point in payload.points]
    try:
        result = points_push(token=token, measure=measure, points=pushed, request=request)
    except ImportRefused as error:
        return Status(422, {"detail": "Nothing was saved: fix these points", "problems": problems_as_fields(error)})
    measure.refresh_from_db(fields=["variation", "assurance"])
    return {"added": result.added, "changed": result.changed, "unchanged": result.unchanged, **_icons(measure)}


# --- SPC as a service -------------------------------------------------------------------------------------


@api.post(
    "/spc/analyse",
    response={200: schemas.SpcOut, **ERRORS},
    tags=["spc"],
    summary="Analyse a series with the trust's rules: the same JSON as the withus-spc command",
    exclude_unset=True,  # `moving_range` only where the chart has one, as the command writes it
)
def spc_analyse(request, payload: schemas.SeriesIn):
    _need(request, Scope.MEASURES_READ)
    limit = settings.WITHUS_MAX_POINTS_PER_IMPORT
    if len(payload.values) > limit:
        return Status(
            422,
            {
                "detail": "The series is too long",
                "problems": [{"index": None, "field": "values", "message": f"Send at most {limit:,} values"}],
            },
        )
    try:
        options = spc.AnalysisOptions(
            chart=payload.chart,
            preset=payload.preset,
            direction=payload.direction,
            target=payload.target,
            baseline=payload.baseline,
        )
        result = spc.analyse(payload.values, options, dates=payload.dates, denominators=payload.denominators)
    except spc.InvalidDataError as error:
        index = None if error.row is None else error.row - 1
        return Status(
            422,
            {
                "detail": "The series cannot be analysed",
                "problems": [{"index": index, "field": error.column, "message": error.reason}],
            },
        )
    except spc.InvalidOptionError as error:
        return Status(
            422,
            {
                "detail": "The options cannot be used",
                "problems": [{"index": None, "field": error.option, "message": error.reason}],
            },
        )
    except spc.SpcError as error:
        return Status(
            422, {"detail": "The series cannot be analysed", "problems": [{"field": "", "message": str(error)}]}
        )
    return result.to_dict()


# --- Extracts ---------------------------------------------------------------------------------------------


class Extract(Schema):
    start: datetime.date = Field(description="The first date, inclusive")
    end: datetime.date = Field(description="The last date, inclusive; at most 366 days after start")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(500, ge=1, le=1000)

    @model_validator(mode="after")
    def _in_order(self):
        if self.end < self.start:
            raise ValueError("end is before start: give the earlier date as start")
        if (self.end - self.start).days > MAX_EXTRACT_DAYS:
            raise ValueError(f"the period is longer than {MAX_EXTRACT_DAYS} days: ask for one year at a time")
        return self


MAX_EXTRACT_DAYS = 366
CSV_RESPONSE = {
    "responses": {
        200: {"description": "CSV, one row per item", "content": {"text/csv": {"schema": {"type": "string"}}}}
    }
}


def _involvement_rows(request, extract: Extract, what: str) -> tuple[list, dict]:
    token = _need(request, Scope.INVOLVEMENT_READ)
    rows, page = _page(
        selectors.involvement_records(token.organisation_id, extract.start, extract.end),
        Paging(page=extract.page, page_size=extract.page_size),
    )
    audit_token_use(
        token=token,
        request=request,
        what=f"API extract: involvement records {extract.start} to {extract.end}, page {extract.page} ({what})",
    )
    for row in rows:
        row["id"] = row.pop("pk")
    return rows, page


@api.get(
    "/extracts/involvement-records/",
    response={200: schemas.InvolvementPage, **ERRORS},
    tags=["extracts"],
    summary="Involvement records between two dates, paged (no names, contact or equality data)",
)
def involvement_extract(request, extract: Query[Extract]):
    rows, page = _involvement_rows(request, extract, "JSON")
    return {**page, "results": rows}


INVOLVEMENT_COLUMNS = [
    "id", "date", "person_ref", "person_kind", "kind_code", "kind_name", "unit_ref", "unit_name", "hours", "role",
    "source_type", "source_label", "payable",
]  # fmt: skip


def _csv_response(columns: list[str], rows: list[dict], page: dict) -> HttpResponse:
    body = csv_text(columns, ([("" if row[name] is None else str(row[name])) for name in columns] for row in rows))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["X-Total-Count"] = str(page["count"])
    response["X-Page"] = str(page["page"])
    response["X-Pages"] = str(page["pages"])
    return response


@api.get(
    "/extracts/involvement-records.csv",
    tags=["extracts"],
    summary="The same extract as CSV (one page; X-Total-Count, X-Page and X-Pages say how many)",
    response=ERRORS,
    openapi_extra=CSV_RESPONSE,
)
def involvement_extract_csv(request, extract: Query[Extract]):
    rows, page = _involvement_rows(request, extract, "CSV")
    return _csv_response(INVOLVEMENT_COLUMNS, rows, page)


def _claim_rows(request, extract: Extract, what: str) -> tuple[list, dict]:
    token = _need(request, Scope.PAYMENTS_READ)
    rows, page = _page(
        selectors.paid_claims(token.organisation_id, extract.start, extract.end),
        Paging(page=extract.page, page_size=extract.page_size),
    )
    audit_token_use(
        token=token,
        request=request,
        what=f"API extract: paid claims {extract.start} to {extract.end}, page {extract.page} ({what})",
    )
    for row in rows:
        row["id"] = row.pop("pk")
        row["reference"] = f"C-{str(row['id'])[:8].upper()}"
        row["total"] = row["fees_total"] + row["expenses_total"]
    return rows, page


@api.get(
    "/extracts/paid-claims/",
    response={200: schemas.PaidClaimPage, **ERRORS},
    tags=["extracts"],
    summary="Paid claims by payment date, paged (no bank or benefit details)",
)
def paid_claims_extract(request, extract: Query[Extract]):
    rows, page = _claim_rows(request, extract, "JSON")
    return {**page, "results": rows}


CLAIM_COLUMNS = [
    "id", "reference", "paid_on", "method", "person_ref", "batch_ref", "fees_total", "expenses_total", "total",
    "first_activity_on",
]  # fmt: skip


@api.get(
    "/extracts/paid-claims.csv",
    tags=["extracts"],
    summary="The same extract as CSV (one page)",
    response=ERRORS,
    openapi_extra=CSV_RESPONSE,
)
def paid_claims_extract_csv(request, extract: Query[Extract]):
    rows, page = _claim_rows(request, extract, "CSV")
    return _csv_response(CLAIM_COLUMNS, rows, page)
