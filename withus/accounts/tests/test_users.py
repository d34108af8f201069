"""People and roles (/accounts/users/): administrators invite, change roles, deactivate, reactivate and reset two-step
verification in the app, audited, with every bad input refused kindly (issue 14 item 1)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from withus.accounts import services
from withus.accounts.models import Role, User
from withus.accounts.tests.factories import PASSWORD, UserFactory
from withus.core.models import AuditAction, AuditEntry
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory


@pytest.fixture
def admin(make_user, signed_in):
    user = make_user(Role.ADMINISTRATOR, full_name="Sam Okafor")
    user.client = signed_in(user)
    return user


def _invite(client, **data):
    values = {"email": "grace@example.org", "full_name": "Grace Mensah", "role_finance_approver": "trust", **data}
    return client.post(reverse("accounts:user_invite"), values)


def test_an_administrator_invites_a_finance_approver(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin.client, email="Grace@Example.org")
    grace = User.objects.get(email="grace@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user", args=[grace.pk])
    assert grace.organisation_id == admin.organisation_id
    assert grace.role_names == {Role.FINANCE_APPROVER}
    assert not grace.has_usable_password()
    assert EmailAddress.objects.get(user=grace).email == "grace@example.org"
    assert mail.outbox[-1].to == ["grace@example.org"]
    assert "/accounts/login/code/" in mail.outbox[-1].body
    # Sent through the notifications outbox, like every other message (issue 17), and listed there.
    from withus.notifications.models import Message

    invitation = Message.objects.get(user=grace, template="accounts.invited")
    assert (invitation.to_address, invitation.idempotency_key) == ("grace@example.org", f"accounts.invited:{grace.pk}")
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(grace.pk))
    assert entry.actor == admin
    assert "Finance approver (whole trust)" in entry.object_label


def test_an_invitation_can_limit_a_role_to_a_unit(admin, trust):
    _invite(admin.client, role_finance_approver="", role_staff=str(trust.willow.pk))
    grace = User.objects.get(email="grace@example.org")
    assert [(a.role, a.unit) for a in grace.role_assignments] == [(Role.STAFF, trust.willow)]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your e-mail address"),
        ({"email": "grace@"}, "email", "Enter an e-mail address in the correct format"),
        ({"full_name": "  "}, "full_name", "Enter their full name"),
        ({"full_name": "Grace\r\nBcc: everyone@example.org"}, "full_name", "Enter this on one line"),
        ({"role_finance_approver": ""}, "role_staff", "Select at least one role"),
        ({"role_finance_approver": "not-a-unit"}, "role_finance_approver", "Select a unit from the list"),
        ({"role_participant": "trust", "role_finance_approver": ""}, "role_staff", "Select at least one role"),
    ],
)
def test_bad_invitations_are_refused_kindly_and_nothing_is_saved(admin, data, field, message):
    before = User.objects.count()
    response = _invite(admin.client, **data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'id="id_{field}-error"' in html
    assert message in html
    assert User.objects.count() == before
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="user").exists()


def test_a_duplicate_address_is_refused_whatever_its_case(admin, make_user):
    make_user(Role.STAFF, email="grace@example.org")
    response = _invite(admin.client, email="GRACE@example.org")
    assert "A WithUs account already uses this e-mail address" in response.content.decode()
    assert User.objects.filter(email__iexact="grace@example.org").count() == 1


def test_another_trusts_unit_cannot_be_chosen(admin):
    elsewhere = UnitFactory(organisation=OrganisationFactory(name="Another Trust"), code="ELSE")
    response = _invite(admin.client, role_finance_approver=str(elsewhere.pk))
    assert "Select a unit from the list" in response.content.decode()
    assert not User.objects.filter(email="grace@example.org").exists()


def test_only_administrators_manage_accounts(lead_client, staff_client, amara):
    for client in (lead_client, staff_client):
        assert client.get(reverse("accounts:users")).status_code == 403
        assert _invite(client).status_code == 403
    assert amara.client.get(reverse("accounts:users")).status_code == 403
    assert not User.objects.filter(email="grace@example.org").exists()


def test_the_list_shows_staff_accounts_not_participants(admin, make_user, amara):
    make_user(Role.FINANCE_APPROVER, full_name="Grace Mensah")
    html = admin.client.get(reverse("accounts:users")).content.decode()
    assert "Grace Mensah" in html
    assert "Amara Bello" not in html
    assert admin.client.get(reverse("accounts:user", args=[amara.user.pk])).status_code == 404


def test_another_trusts_account_is_not_found(admin):
    stranger = UserFactory(organisation=OrganisationFactory(name="Another Trust"), roles=[(Role.STAFF, None)])
    for name in ("accounts:user", "accounts:user_roles", "accounts:user_deactivate", "accounts:user_reset_two_step"):
        assert admin.client.get(reverse(name, args=[stranger.pk])).status_code == 404
    assert admin.client.post(reverse("accounts:user_deactivate", args=[stranger.pk])).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_roles_and_units_change_and_are_audited(admin, make_user, trust):
    grace = make_user(Role.FINANCE_APPROVER, full_name="Grace Mensah")
    response = admin.client.post(
        reverse("accounts:user_roles", args=[grace.pk]),
        {"full_name": "Grace Mensah", "role_staff": str(trust.cedar.pk), "role_finance_approver": "trust"},
    )
    assert response.status_code == 302
    grace = User.objects.get(pk=grace.pk)
    assert {(a.role, a.unit) for a in grace.role_assignments} == {
        (Role.STAFF, trust.cedar),
        (Role.FINANCE_APPROVER, None),
    }
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(grace.pk))
    assert entry.changed_fields == ["roles"]
    assert "Staff (Cedar Ward)" in entry.object_label


def test_a_participant_who_is_also_staff_keeps_their_participant_role(admin, make_participant):
    ellen = make_participant("Ellen Park", role=Role.STAFF)
    ellen.user.roles.create(organisation=ellen.user.organisation, role=Role.PARTICIPANT)
    admin.client.post(
        reverse("accounts:user_roles", args=[ellen.user.pk]), {"full_name": "Ellen Park", "role_staff": "trust"}
    )
    assert User.objects.get(pk=ellen.user.pk).role_names == {Role.STAFF, Role.PARTICIPANT}


def test_nobody_changes_their_own_roles(admin):
    page = admin.client.get(reverse("accounts:user_roles", args=[admin.pk]))
    assert "You cannot change your own roles" in page.content.decode()
    admin.client.post(
        reverse("accounts:user_roles", args=[admin.pk]), {"full_name": "Sam Okafor", "role_staff": "trust"}
    )
    assert User.objects.get(pk=admin.pk).role_names == {Role.ADMINISTRATOR}
    with pytest.raises(ValidationError, match="your own roles"):
        services.user_change_roles(user=admin, full_name="Sam", roles=[], actor=admin)


def test_an_administrator_cannot_deactivate_themselves(admin):
    response = admin.client.post(reverse("accounts:user_deactivate", args=[admin.pk]))
    assert response.status_code == 200
    assert "You cannot deactivate your own account" in response.content.decode()
    assert User.objects.get(pk=admin.pk).is_active


def test_the_last_administrator_cannot_be_removed(make_user):
    only_admin = make_user(Role.ADMINISTRATOR)
    # A superuser (made with manage.py, holding no role) may manage accounts, but not remove the last administrator.
    superuser = make_user(Role.STAFF, is_superuser=True)
    with pytest.raises(ValidationError, match="last administrator"):
        services.user_change_roles(
            user=only_admin, full_name="A", roles=[services.RoleChoice(Role.STAFF)], actor=superuser
        )
    with pytest.raises(ValidationError, match="last administrator"):
        services.user_deactivate(user=only_admin, actor=superuser)
    assert User.objects.get(pk=only_admin.pk).is_active
    assert User.objects.get(pk=only_admin.pk).role_names == {Role.ADMINISTRATOR}


def test_another_administrator_can_be_removed_while_one_remains(admin, make_user):
    other = make_user(Role.ADMINISTRATOR)
    response = admin.client.post(
        reverse("accounts:user_roles", args=[other.pk]), {"full_name": other.full_name, "role_staff": "trust"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=other.pk).role_names == {Role.STAFF}


def test_deactivating_a_leaver_ends_their_sessions_and_keeps_their_history(admin, make_user):
    leaver = make_user(Role.FINANCE_APPROVER, email="leaver@example.org")
    theirs = Client()
    signed_in = theirs.post(reverse("account_login"), {"login": "leaver@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert UserSession.objects.filter(user=leaver).count() == 1
    assert theirs.get(reverse("home")).status_code == 200

    page = admin.client.get(reverse("accounts:user_deactivate", args=[leaver.pk]))
    assert "signed out everywhere" in page.content.decode()
    response = admin.client.post(reverse("accounts:user_deactivate", args=[leaver.pk]))
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert leaver.role_names == {Role.FINANCE_APPROVER}  # history and roles stay
    assert not UserSession.objects.filter(user=leaver).exists()
    assert theirs.get(reverse("home"))["Location"].startswith(reverse("account_login"))
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(leaver.pk))
    assert entry.changed_fields == ["is_active"]
    assert "1 session ended" in entry.object_label
    again = Client().post(reverse("account_login"), {"login": "leaver@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in again.client.session

    # Deactivating twice says so; reactivating lets them back in.
    twice = admin.client.post(reverse("accounts:user_deactivate", args=[leaver.pk]))
    assert "already deactivated" in twice.content.decode()
    assert admin.client.post(reverse("accounts:user_reactivate", args=[leaver.pk])).status_code == 302
    assert User.objects.get(pk=leaver.pk).is_active
    back = Client()
    back.post(reverse("account_login"), {"login": "leaver@example.org", "password": PASSWORD})
    assert back.session["_auth_user_id"] == str(leaver.pk)


def test_reactivating_an_active_account_says_so(admin, make_user):
    grace = make_user(Role.FINANCE_APPROVER)
    response = admin.client.post(reverse("accounts:user_reactivate", args=[grace.pk]))
    assert "already active" in response.content.decode()


def test_two_step_verification_is_reset_with_a_reason(admin, make_user):
    grace = make_user(Role.FINANCE_APPROVER)
    url = reverse("accounts:user_reset_two_step", args=[grace.pk])

    nothing = admin.client.post(url, {"reason": "Lost phone, ID checked"})
    assert "has not set up two-step verification" in nothing.content.decode()

    Authenticator.objects.create(user=grace, type=Authenticator.Type.TOTP, data={})
    blank = admin.client.post(url, {"reason": "   "})
    assert 'id="id_reason-error"' in blank.content.decode()
    assert Authenticator.objects.filter(user=grace).exists()

    done = admin.client.post(url, {"reason": "Lost phone, ID checked"})
    assert done.status_code == 302
    assert not Authenticator.objects.filter(user=grace).exists()
    entry = AuditEntry.objects.get(changed_fields=["two_step_verification"], object_id=str(grace.pk))
    assert entry.actor == admin
    assert entry.object_label.endswith("Lost phone, ID checked")


def test_an_administrator_cannot_reset_their_own_two_step(admin):
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    response = admin.client.post(reverse("accounts:user_reset_two_step", args=[admin.pk]), {"reason": "Lost it"})
    assert "Ask another administrator" in response.content.decode()
    assert Authenticator.objects.filter(user=admin).exists()


def test_managing_accounts_needs_two_step_verification_where_the_trust_requires_it(admin, settings):
    """/accounts/ pages are open before two-step verification is set up (they are about your own sign-in), but
    managing other people's accounts is not one of them."""
    settings.WITHUS_STAFF_MFA_REQUIRED = True
    response = admin.client.get(reverse("accounts:users"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-step/totp/activate/"
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    assert admin.client.get(reverse("accounts:users")).status_code == 200
