import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def entries(trust, make_user):
    lead = make_user(Role.PARTICIPATION_LEAD, email="lead@example.org")
    audit_record(action=AuditAction.SIGN_IN, actor=lead, object_type="user", object_id=str(lead.pk))
    audit_record(
        action=AuditAction.VIEW,
        actor=lead,
        object_type="person",
        object_id="11111111-1111-1111-1111-111111111111",
        object_label="Person Amara Bello",
    )
    other_trust = OrganisationFactory(name="Another Trust")
    audit_record(
        action=AuditAction.VIEW,
        actor_email="elsewhere@example.org",
        organisation_id=other_trust.pk,
        object_type="person",
        object_label="Person From Elsewhere",
    )
    return lead


def test_administrators_see_sign_ins_and_record_views_of_their_trust_only(admin_client, entries):
    html = admin_client.get(reverse("accounts:audit_log")).content.decode()
    assert "Signed in" in html
    assert "Person Amara Bello" in html
    assert "Person From Elsewhere" not in html


def test_search_by_action_and_person(admin_client, entries):
    html = admin_client.get(reverse("accounts:audit_log"), {"action": "view"}).content.decode()
    assert "Person Amara Bello" in html
    assert "Signed in" not in html.split("<tbody")[1]
    html = admin_client.get(
        reverse("accounts:audit_log"), {"object_id": "11111111-1111-1111-1111-111111111111"}
    ).content.decode()
    assert "1 entry" in html


def test_a_bad_search_shows_how_to_fix_it(admin_client, entries):
    response = admin_client.get(
        reverse("accounts:audit_log"),
        {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026", "object_id": "not-an-id"},
    )
    html = response.content.decode()
    assert "From must be a real date" in html
    assert "Enter a record ID in the format shown in the address bar" in html


@pytest.mark.parametrize("fixture", ["lead_client", "staff_client", "qi_client", "finance_client"])
def test_only_administrators_open_the_audit_log(request, fixture, entries):
    client = request.getfixturevalue(fixture)
    assert client.get(reverse("accounts:audit_log")).status_code == 403


def test_participants_cannot_open_it_either(signed_in, make_user, entries):
    client = signed_in(make_user(Role.PARTICIPANT))
    response = client.get(reverse("accounts:audit_log"))
    assert response.status_code == 403
    assert b"You cannot see this page" in response.content
