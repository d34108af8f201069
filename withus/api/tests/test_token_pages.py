from django.urls import reverse

from withus.api.models import ApiToken
from withus.api.tokens import digest_of
from withus.core.models import AuditEntry


def test_an_administrator_makes_a_token_and_sees_its_secret_once(admin_client, project):
    response = admin_client.post(
        reverse("api:token_create"),
        {"name": "Warehouse", "scopes": ["measures:read", "measures:write"], "projects": [project.pk]},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    page = response.content.decode()
    secret = page.split('id="token-secret">')[1].split("<")[0]
    assert digest_of(secret) == token.digest
    assert list(token.projects.all()) == [project]
    detail = admin_client.get(reverse("api:token", args=[token.pk])).content.decode()
    assert secret not in detail
    assert token.prefix in detail
    assert secret not in admin_client.get(reverse("api:tokens")).content.decode()


def test_a_bad_form_says_how_to_fix_it_and_saves_nothing(admin_client):
    response = admin_client.post(reverse("api:token_create"), {"name": "", "scopes": [], "expires_on_0": "31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert "Enter name" in page
    assert "Choose at least one thing the token may do" in page
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_is_recorded(admin_client, make_token):
    token, _ = make_token()
    url = reverse("api:token_revoke", args=[token.pk])
    assert "Yes, revoke the token" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by is not None
    assert AuditEntry.objects.filter(object_id=str(token.pk), changed_fields=["revoked_at"]).exists()
    assert "Revoked" in admin_client.get(reverse("api:token", args=[token.pk])).content.decode()


def test_another_trusts_token_page_is_404(admin_client, other_trust):
    assert admin_client.get(reverse("api:token", args=[other_trust["token"].pk])).status_code == 404
    assert admin_client.post(reverse("api:token_revoke", args=[other_trust["token"].pk])).status_code == 404
    other_trust["token"].refresh_from_db()
    assert other_trust["token"].revoked_at is None
