"""Sign in with Microsoft (issue 24), end to end against a mock OpenID provider on 127.0.0.1: the button, PKCE,
state and nonce, tokens WithUs must refuse, accounts connected only by invitation or the trust's rule, roles from
the directory set at every sign-in, and a provider that is down or slow."""

import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from withus.accounts import services_directory
from withus.accounts.directory import directory_config
from withus.accounts.models import DirectoryIdentity, DirectoryInvitation, DirectoryRoleMapping, Role, User
from withus.accounts.tests import mock_directory as idp
from withus.accounts.tests.factories import UserFactory
from withus.core.models import AuditAction, AuditEntry

FINANCE_APP_ROLE = "WithUs.Finance"
ODS = "RXT"


@pytest.fixture(scope="module")
def provider():
    with idp.mock_provider() as url:
        yield url


@pytest.fixture
def directory(settings, provider, trust):
    trust.organisation.ods_code = ODS
    trust.organisation.save()
    idp.configure(settings, provider, ORGANISATION=ODS)
    DirectoryRoleMapping.objects.create(
        organisation=trust.organisation, app_role=FINANCE_APP_ROLE, role=Role.FINANCE_APPROVER
    )
    DirectoryRoleMapping.objects.create(
        organisation=trust.organisation, app_role="WithUs.Lead", role=Role.PARTICIPATION_LEAD, unit=trust.willow
    )
    return provider


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMINISTRATOR, full_name="Sam Okafor")


def _invite(user, admin) -> str:
    return services_directory.directory_invitation_create(user=user, actor=admin, days=7)


def _failures(text: str) -> int:
    return AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, object_label__icontains=text).count()


def _signed_in_as(client) -> User | None:
    response = client.get(reverse("accounts:sessions"))
    return response.wsgi_request.user if response.status_code == 200 else None


# The button and the request WithUs sends.


@pytest.mark.django_db
def test_the_button_shows_only_when_microsoft_sign_in_is_configured(settings, provider):
    settings.WITHUS_ENTRA_TENANT_ID = ""
    page = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft" not in page
    assert Client().get(reverse("accounts:microsoft_start")).status_code == 404
    idp.configure(settings, provider)
    page = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft" in page
    assert reverse("accounts:microsoft_start") in page


def test_without_an_override_the_tenants_own_discovery_document_is_used(settings):
    settings.WITHUS_ENTRA_TENANT_ID = idp.TENANT
    settings.WITHUS_ENTRA_CLIENT_ID = "client"
    settings.WITHUS_ENTRA_CLIENT_SECRET = "secret"
    settings.WITHUS_ENTRA_DISCOVERY_URL = ""
    config = directory_config()
    assert config.discovery_url == (
        f"https://login.microsoftonline.com/{idp.TENANT}/v2.0/.well-known/openid-configuration"
    )
    settings.WITHUS_ENTRA_CLIENT_SECRET = ""
    assert directory_config() is None


def test_the_request_uses_pkce_state_and_nonce(directory):
    query = parse_qs(urlsplit(idp.start(Client())).query)
    assert query["client_id"] == [idp.CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0]
    assert query["nonce"][0]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    assert query["redirect_uri"] == ["http://testserver/accounts/microsoft/callback/"]


# First sign-in, roles from the directory, and a role taken away.


def test_an_invited_finance_approver_signs_in_and_loses_the_role_when_the_directory_removes_it(
    directory, trust, admin, django_capture_on_commit_callbacks
):
    grace = UserFactory(organisation=trust.organisation, email="grace@example.org", roles=[(Role.STAFF, None)])
    with django_capture_on_commit_callbacks(execute=True):
        token = _invite(grace, admin)
    idp.set_directory_user(
        directory, "grace-sub", tid=idp.TENANT, oid="oid-grace", roles=[FINANCE_APP_ROLE], email="grace@nhs.net"
    )
    browser = Client()
    assert browser.get(reverse("accounts:microsoft_invitation", args=[token])).status_code == 200
    response = idp.sign_in(browser, "grace-sub")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    grace = User.objects.get(pk=grace.pk)
    assert grace.role_names == {Role.FINANCE_APPROVER}  # the directory's roles replace the ones held before
    assert _signed_in_as(browser) == grace
    # Lands on the home page with finance permissions: the finance pages open.
    assert browser.get(reverse("home")).status_code == 200
    assert browser.get(reverse("payments:batches")).status_code == 200
    assert browser.get(reverse("payments:claims")).status_code == 200
    identity = DirectoryIdentity.objects.get(user=grace)
    assert (identity.tenant_id, identity.object_id) == (idp.TENANT, "oid-grace")
    assert DirectoryInvitation.objects.get(user=grace).used_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN, object_label="Signed in with Microsoft").count() == 1
    # The directory takes the role away; the next sign-in has none, and says so.
    idp.set_directory_user(directory, "grace-sub", tid=idp.TENANT, oid="oid-grace", roles=[], email="grace@nhs.net")
    later = Client()
    response = idp.sign_in(later, "grace-sub")
    assert response.status_code == 403
    assert "You do not have a role in WithUs yet" in response.content.decode()
    assert _signed_in_as(later) is None
    assert later.get(reverse("payments:batches")).status_code == 302  # to sign in
    grace = User.objects.get(pk=grace.pk)
    assert grace.role_names == frozenset()
    assert AuditEntry.objects.filter(object_label__startswith="Roles from the directory").count() == 2


def test_the_invitation_link_works_once(directory, trust, admin):
    grace = UserFactory(organisation=trust.organisation, roles=[(Role.STAFF, None)])
    token = _invite(grace, admin)
    idp.set_directory_user(directory, "g2", tid=idp.TENANT, oid="oid-g2", roles=[FINANCE_APP_ROLE])
    browser = Client()
    browser.get(reverse("accounts:microsoft_invitation", args=[token]))
    assert idp.sign_in(browser, "g2").status_code == 302
    again = Client().get(reverse("accounts:microsoft_invitation", args=[token]))
    assert again.status_code == 404
    assert "This invitation link does not work" in again.content.decode()
    assert Client().get(reverse("accounts:microsoft_invitation", args=["x" * 300])).status_code == 404


def test_a_unit_role_comes_with_its_unit(directory, trust, admin):
    lee = UserFactory(organisation=trust.organisation, roles=[(Role.STAFF, None)])
    token = _invite(lee, admin)
    idp.set_directory_user(directory, "lee", tid=idp.TENANT, oid="oid-lee", roles=["WithUs.Lead", "Unknown.Role"])
    browser = Client()
    browser.get(reverse("accounts:microsoft_invitation", args=[token]))
    assert idp.sign_in(browser, "lee").status_code == 302
    assert [(a.role, a.unit_id) for a in User.objects.get(pk=lee.pk).role_assignments] == [
        (Role.PARTICIPATION_LEAD, trust.willow.pk)
    ]


# Never by e-mail; the trust's rule.


def test_an_account_with_the_same_email_is_never_taken_over(directory, trust):
    UserFactory(organisation=trust.organisation, email="finance@example.org", roles=[(Role.ADMINISTRATOR, None)])
    idp.set_directory_user(
        directory, "imposter", tid=idp.TENANT, oid="oid-x", roles=[FINANCE_APP_ROLE], email="finance@example.org"
    )
    browser = Client()
    response = idp.sign_in(browser, "imposter")
    assert response.status_code == 403
    assert "not connected to WithUs yet" in response.content.decode()
    assert not DirectoryIdentity.objects.exists()
    assert _signed_in_as(browser) is None
    assert _failures("no WithUs account is connected") == 1


def test_the_trust_rule_makes_a_new_account_only_for_a_new_address_with_a_mapped_role(directory, settings, trust):
    settings.WITHUS_ENTRA_NEW_ACCOUNTS = True
    idp.set_directory_user(
        directory, "new", tid=idp.TENANT, oid="oid-new", roles=[FINANCE_APP_ROLE], email="New@nhs.net", name="Nia New"
    )
    assert idp.sign_in(Client(), "new").status_code == 302
    nia = User.objects.get(email="new@nhs.net")
    assert (nia.full_name, nia.organisation_id, nia.role_names) == (
        "Nia New",
        trust.organisation.pk,
        {Role.FINANCE_APPROVER},
    )
    assert not nia.has_usable_password()
    # No mapped role: no account.
    idp.set_directory_user(directory, "norole", tid=idp.TENANT, oid="oid-norole", roles=[], email="nr@nhs.net")
    assert idp.sign_in(Client(), "norole").status_code == 403
    assert not User.objects.filter(email="nr@nhs.net").exists()
    # An address an account already has: refused, never linked.
    UserFactory(organisation=trust.organisation, email="taken@nhs.net", roles=[(Role.STAFF, None)])
    idp.set_directory_user(
        directory, "taken", tid=idp.TENANT, oid="oid-taken", roles=[FINANCE_APP_ROLE], email="taken@nhs.net"
    )
    assert idp.sign_in(Client(), "taken").status_code == 403
    assert not DirectoryIdentity.objects.filter(object_id="oid-taken").exists()


# Refusals: another tenant, nobody, deactivated, a participant.


def _connected(directory, trust, sub, *, roles=(FINANCE_APP_ROLE,), **user):
    account = UserFactory(organisation=trust.organisation, roles=[(Role.STAFF, None)], **user)
    DirectoryIdentity.objects.create(
        organisation=trust.organisation, user=account, tenant_id=idp.TENANT, object_id=f"oid-{sub}"
    )
    idp.set_directory_user(directory, sub, tid=idp.TENANT, oid=f"oid-{sub}", roles=list(roles))
    return account


def test_a_token_from_another_tenant_is_refused(directory, trust):
    _connected(directory, trust, "ten")
    idp.set_directory_user(directory, "ten", tid=idp.OTHER_TENANT, oid="oid-ten", roles=[FINANCE_APP_ROLE])
    browser = Client()
    assert idp.sign_in(browser, "ten").status_code == 403
    assert _signed_in_as(browser) is None
    assert _failures("another tenant") == 1


def test_a_token_without_tenant_or_object_id_is_refused(directory, trust):
    idp.set_directory_user(directory, "bare", roles=[FINANCE_APP_ROLE])
    assert idp.sign_in(Client(), "bare").status_code == 403
    assert _failures("no tenant or object id") == 1


def test_a_deactivated_account_is_refused_though_the_directory_still_knows_them(directory, trust):
    _connected(directory, trust, "gone", is_active=False)
    response = idp.sign_in(Client(), "gone")
    assert response.status_code == 403
    assert "Your WithUs account is not active" in response.content.decode()


def test_service_users_never_sign_in_this_way(directory, trust):
    account = _connected(directory, trust, "amara")
    account.roles.all().delete()
    account.roles.create(organisation=trust.organisation, role=Role.PARTICIPANT)
    assert idp.sign_in(Client(), "amara").status_code == 403
    assert User.objects.get(pk=account.pk).role_names == {Role.PARTICIPANT}


# `next`, replayed state, cancelling.


def test_next_on_this_site_is_followed_and_off_site_is_ignored(directory, trust):
    _connected(directory, trust, "nx")
    assert idp.sign_in(Client(), "nx", next_url="/claims/")["Location"] == "/claims/"
    assert idp.sign_in(Client(), "nx", next_url="https://evil.example/")["Location"] == reverse("home")
    assert idp.sign_in(Client(), "nx", next_url="//evil.example/")["Location"] == reverse("home")


def test_a_replayed_state_is_refused(directory, trust):
    _connected(directory, trust, "rp")
    browser = Client()
    callback = idp.approve_at_provider(idp.start(browser), "rp")
    assert idp.follow_back(browser, callback).status_code == 302
    # The same reply again, from another browser (a stolen address), and from one that never started.
    response = idp.follow_back(Client(), callback)
    assert response.status_code == 400
    assert "This sign-in has expired" in response.content.decode()
    assert _failures("not waiting for") == 1


def test_cancelling_at_microsoft_is_a_kind_page(directory):
    browser = Client()
    idp.start(browser)
    response = browser.get(reverse("accounts:microsoft_callback") + "?error=access_denied&state=x")
    assert response.status_code == 400
    assert "You did not finish signing in with Microsoft" in response.content.decode()
    assert _failures("cancelled at Microsoft") == 1


# Tokens WithUs must refuse.


def _wrong_audience(claims):
    claims["aud"] = "some-other-app"


def _wrong_issuer(claims):
    claims["iss"] = f"https://login.microsoftonline.com/{idp.OTHER_TENANT}/v2.0"


def _wrong_nonce(claims):
    claims["nonce"] = "not-the-nonce-we-sent"


def _more_roles(claims):
    claims["roles"] = ["WithUs.Admin", FINANCE_APP_ROLE]


@pytest.mark.parametrize(
    ("change", "resign"),
    [
        (_more_roles, False),  # tampered: the payload changed, the signature did not
        (_wrong_audience, True),
        (_wrong_issuer, True),
        (_wrong_nonce, True),
        (idp.expired, True),
    ],
    ids=["tampered", "wrong-audience", "wrong-issuer", "wrong-nonce", "expired"],
)
def test_a_token_that_fails_validation_is_refused(directory, trust, change, resign):
    _connected(directory, trust, "bad")
    browser = Client()
    with idp.tokens_changed(change, resign=resign):
        response = idp.sign_in(browser, "bad")
    assert response.status_code == 403
    assert "We could not sign you in with Microsoft" in response.content.decode()
    assert _signed_in_as(browser) is None
    assert _failures("ID token not valid") == 1


def test_a_token_resigned_with_a_published_key_and_right_claims_is_accepted(directory, trust):
    """The refusals above are for their claims, not for the re-signing."""
    _connected(directory, trust, "ok")
    with idp.tokens_changed(lambda claims: None, resign=True):
        assert idp.sign_in(Client(), "ok").status_code == 302


# The provider down or slow.


def test_a_provider_that_is_down_gives_a_kind_page_and_local_sign_in_still_works(settings, trust):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    idp.configure(settings, f"http://127.0.0.1:{port}", ORGANISATION="")
    response = Client().get(reverse("accounts:microsoft_start"))
    assert response.status_code == 503
    assert "Microsoft sign-in is not working at the moment" in response.content.decode()
    assert Client().get(reverse("account_login")).status_code == 200
    assert _failures("did not answer") == 1


def test_a_slow_provider_times_out(settings, trust):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True).start()
    idp.configure(settings, f"http://127.0.0.1:{silent.getsockname()[1]}", TIMEOUT_SECONDS=1)
    began = time.monotonic()
    response = Client().get(reverse("accounts:microsoft_start"))
    assert response.status_code == 503
    assert time.monotonic() - began < 5
    silent.close()


# Administrators: invitations.


def test_an_invitation_is_refused_for_the_wrong_people(directory, trust, admin, make_user):
    connected = _connected(directory, trust, "c1")
    with pytest.raises(ValidationError, match="already connected"):
        _invite(connected, admin)
    inactive = UserFactory(organisation=trust.organisation, is_active=False, roles=[(Role.STAFF, None)])
    with pytest.raises(ValidationError, match="deactivated"):
        _invite(inactive, admin)
    with pytest.raises(ValidationError, match="Only an administrator"):
        _invite(inactive, make_user(Role.PARTICIPATION_LEAD))


def test_a_new_invitation_stops_the_earlier_link(directory, trust, admin):
    grace = UserFactory(organisation=trust.organisation, roles=[(Role.STAFF, None)])
    first = _invite(grace, admin)
    _invite(grace, admin)
    assert Client().get(reverse("accounts:microsoft_invitation", args=[first])).status_code == 404


def test_the_invitation_page_sends_the_link_through_the_outbox(directory, trust, admin, signed_in):
    from withus.notifications.models import Message

    grace = UserFactory(organisation=trust.organisation, roles=[(Role.STAFF, None)])
    client = signed_in(admin)
    page = client.get(reverse("accounts:user", args=[grace.pk])).content.decode()
    assert reverse("accounts:user_directory_invite", args=[grace.pk]) in page
    response = client.post(reverse("accounts:user_directory_invite", args=[grace.pk]))
    assert response.status_code == 302
    message = Message.objects.get(user=grace, template="accounts.directory_invited")
    assert "/accounts/microsoft/invitation/" in message.body
    assert DirectoryInvitation.objects.filter(user=grace).count() == 1
