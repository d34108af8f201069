"""Authorisation matrix rows. The API app: the administrators' token pages, and /api/v1/.

/api/v1/ is reached with a token, never with a session (ADR 30): every role's signed-in session, and anonymous,
gets 401 from every operation (405 where the method is not the operation's), so the matrix shows that no session
reaches API data. Which trust's objects a token reaches is proven by schemathesis's object-level authorisation
check with two trusts' tokens (withus/api/tests/test_schemathesis.py) and the IDOR tests of withus/api/tests.
The schema and its docs page describe the API and hold no data: open to all.
"""

from tests.authorisation.expect import Row, row

ADMIN_ONLY = row(302, 403, 403, 403, 403, 403, 403, 200)
TOKEN_ONLY = "issue 23: the API answers tokens only (401 to any session, signed in or not); no data without one"
SCHEMA = "issue 23: the API's OpenAPI schema and its docs page describe the API and hold no data"


def _api(status: int, *, names_object: bool = False) -> Row:
    statuses = row(*(status,) * 8)
    return Row(get=statuses, get_other=statuses if names_object else None, public=TOKEN_ONLY)


ROWS = {
    "api:tokens": Row(get=ADMIN_ONLY),
    "api:token_create": Row(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "api:token": Row(get=ADMIN_ONLY, trust_wide=True),
    "api:token_revoke": Row(get=ADMIN_ONLY, post=row(302, 403, 403, 403, 403, 403, 403, 302), trust_wide=True),
    "api:v1:openapi-json": Row(get=row(*(200,) * 8), public=SCHEMA),
    "api:v1:openapi-view": Row(get=row(*(200,) * 8), public=SCHEMA),
    "api:v1:api-root": _api(404),
    "api:v1:measures": _api(401),
    "api:v1:measure_detail": _api(401, names_object=True),
    "api:v1:measure_points_push": _api(405, names_object=True),
    "api:v1:spc_analyse": _api(405),
    "api:v1:involvement_extract": _api(401),
    "api:v1:involvement_extract_csv": _api(401),
    "api:v1:paid_claims_extract": _api(401),
    "api:v1:paid_claims_extract_csv": _api(401),
}
