"""Security headers, kind error pages and login-required-by-default."""

from unittest import mock

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_need_sign_in_by_default(client):
    for name in ("home", "people:register", "people:me", "accounts:audit_log", "organisations:units"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_public_pages_open_without_signing_in(client):
    for name in ("account_login", "accessibility", "privacy", "account_request_login_code"):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "'nonce-" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_never_cached(lead_client):
    response = lead_client.get(reverse("people:register"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_unknown_page_shows_the_kind_404_page(client, admin_client):
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Traceback" not in response.content


def test_a_crash_shows_a_kind_error_page_and_no_traceback(lead_client):
    lead_client.raise_request_exception = False
    with mock.patch("withus.people.views.Person.objects.visible_to", side_effect=RuntimeError("boom")):
        response = lead_client.get(reverse("people:register"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"boom" not in response.content
    assert b"Traceback" not in response.content


def test_layout_has_skip_link_service_name_trust_and_phase_banner(lead_client):
    html = lead_client.get(reverse("home")).content.decode()
    assert 'href="#maincontent"' in html
    assert "WithUs" in html
    assert "Riverside and Marsh NHS Foundation Trust" in html
    assert "Beta" in html
    assert 'lang="en-GB"' in html
    assert 'data-session-idle-seconds="1800"' in html
