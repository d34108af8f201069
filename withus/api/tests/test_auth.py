import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from withus.accounts.models import Role
from withus.api.models import ApiToken
from withus.api.services import token_create, token_revoke
from withus.api.tests.conftest import bearer
from withus.api.tokens import PREFIX_LENGTH, digest_of
from withus.core.models import AuditEntry

LIST = "/api/v1/measures/"


def test_the_secret_is_stored_only_as_a_digest_with_a_short_prefix(make_token):
    token, secret = make_token()
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("wu_")
    assert len(secret) >= 40
    assert stored.digest == digest_of(secret) != secret
    assert stored.prefix == secret[:PREFIX_LENGTH]
    assert secret not in str(list(ApiToken.objects.values()))
    assert AuditEntry.objects.filter(object_type="apitoken", action="create").count() == 1


def test_a_token_reads_its_trusts_measures_and_records_when_it_was_used(api, measure):
    response = api.get(LIST)
    assert response.status_code == 200, response.content
    assert [item["name"] for item in response.json()["results"]] == ["Racist incidents each week"]
    api.token.refresh_from_db()
    assert api.token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer wu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
)
def test_no_token_or_a_bad_one_is_401_with_json(client, header, measure):
    response = client.get(LIST, HTTP_AUTHORIZATION=header) if header else client.get(LIST)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_token_with_a_right_prefix_but_wrong_rest_is_refused(make_token):
    _, secret = make_token()
    forged = secret[:PREFIX_LENGTH] + "x" * (len(secret) - PREFIX_LENGTH)
    assert bearer(forged).get(LIST).status_code == 401


def test_a_revoked_token_is_refused_and_says_so(make_token, administrator):
    token, secret = make_token()
    token_revoke(token=token, actor=administrator)
    response = bearer(secret).get(LIST)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    with pytest.raises(ValidationError):
        token_revoke(token=token, actor=administrator)


def test_an_expired_token_is_refused_and_says_so(make_token):
    token, secret = make_token()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = bearer(secret).get(LIST)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_works_until_the_end_of_its_expiry_day(make_token):
    token, secret = make_token(expires_on=timezone.localdate() + datetime.timedelta(days=1))
    assert bearer(secret).get(LIST).status_code == 200
    assert token.expires_at.date() >= timezone.localdate()


def test_a_token_without_the_scope_gets_403(make_token, measure):
    _, secret = make_token(["involvement:read"])
    response = bearer(secret).get(LIST)
    assert response.status_code == 403
    assert "measures:read" in response.json()["detail"]
    response = bearer(secret).put(
        f"/api/v1/measures/{measure.pk}/points/",
        {"points": [{"date": "2024-06-10", "value": 1}]},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_signed_in_session_does_not_reach_the_api(admin_client, measure):
    """The API is token-only: even an administrator's session cookie gets 401, never data."""
    assert admin_client.get(LIST).status_code == 401


def test_two_clients_with_one_token_at_once_both_work(make_token, measure):
    _, secret = make_token()
    first, second = bearer(secret), bearer(secret)
    assert first.get(LIST).status_code == 200
    assert second.get(LIST).status_code == 200


def test_each_token_is_rate_limited_on_its_own(make_token, settings, measure):
    settings.WITHUS_API_REQUESTS_PER_MINUTE = 3
    _, busy = make_token()
    _, quiet = make_token()
    answers = [bearer(busy).get(LIST).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = bearer(busy).get(LIST)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert bearer(quiet).get(LIST).status_code == 200


def test_only_administrators_make_tokens_and_only_for_their_trust(make_user, other_trust, trust):
    lead = make_user(Role.PARTICIPATION_LEAD)
    with pytest.raises(PermissionDenied):
        token_create(organisation=trust.organisation, name="x", scopes=["measures:read"], actor=lead)
    with pytest.raises(PermissionDenied):
        token_create(organisation=trust.organisation, name="x", scopes=["measures:read"], actor=other_trust["admin"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["everything"]}, "scopes"),
        ({"expires_on": datetime.date(2020, 1, 1)}, "expires_on"),
        ({"name": "two\nlines"}, "name"),
    ],
)
def test_bad_token_settings_are_refused_and_nothing_saved(administrator, trust, changes, field):
    values = {"name": "Warehouse", "scopes": ["measures:read"], **changes}
    with pytest.raises(ValidationError) as error:
        token_create(organisation=trust.organisation, actor=administrator, **values)
    assert field in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_projects_of_another_trust_cannot_be_allowed(administrator, trust, other_trust):
    with pytest.raises(ValidationError):
        token_create(
            organisation=trust.organisation,
            name="x",
            scopes=["measures:read"],
            projects=[other_trust["measure"].project],
            actor=administrator,
        )
