"""Shared fixtures: a trust with units, a signed-in client for every role, and the demo trust."""

import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.core.tests.snapshot import Snapshot
from withus.organisations.models import Organisation, UnitKind
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
from withus.people.models import PersonKind, PersonUnit
from withus.people.tests.factories import PersonFactory


def pytest_collection_modifyitems(items):
    """Tests marked slow go first: a long test started last would keep one worker busy while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The in-memory SQLite test database is migrated once and kept as a template in var/ for the next runs
    (withus/core/tests/database_template.py); PostgreSQL always migrates."""
    from withus.core.tests.database_template import migrations_from_template

    with migrations_from_template():
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits live in the cache: each test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_afterwards():
    # The language middleware leaves the last request's language active on the thread (as Django's own does): a
    # test that reads pages in Polish must not make the next test's labels Polish.
    yield
    translation.deactivate()


def _build_demo() -> dict:
    from withus.demo.world import TRUST_NAME

    call_command("seed_demo", stdout=io.StringIO())
    return {"organisation": Organisation.objects.get(name=TRUST_NAME)}


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory):
    snapshot = Snapshot("The demo trust", _build_demo)
    snapshot.files = tmp_path_factory.mktemp("demo-files")
    return snapshot


@pytest.fixture
def demo(db, settings, _demo_snapshot):
    """The demo trust exactly as `make run` seeds it (with the demo sign-ins); returns its organisation.

    Seeded once per test process and copied into each test after that (withus/core/tests/snapshot.py); a
    test's changes are rolled back as usual. Its files (receipts) go to a temporary folder, never var/files."""
    settings.WITHUS_DEMO = True
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": _demo_snapshot.files},
        },
    }
    return _demo_snapshot.load()["organisation"]


def _build_trust() -> dict:
    """Two directorates, a service and three wards or teams, made through the units service (and audited)."""
    organisation = OrganisationFactory(name="Riverside and Marsh NHS Foundation Trust")
    mental_health = UnitFactory(
        organisation=organisation, name="Riverside Mental Health", code="RMH", kind=UnitKind.DIRECTORATE
    )
    acute = UnitFactory(
        organisation=organisation, name="Adult Acute", code="ACUTE", kind=UnitKind.SERVICE, parent=mental_health
    )
    willow = UnitFactory(organisation=organisation, name="Willow Ward", code="WILLOW", kind=UnitKind.WARD, parent=acute)
    cedar = UnitFactory(organisation=organisation, name="Cedar Ward", code="CEDAR", kind=UnitKind.WARD, parent=acute)
    community = UnitFactory(
        organisation=organisation, name="Marsh Community Health", code="MCH", kind=UnitKind.DIRECTORATE
    )
    nursing = UnitFactory(
        organisation=organisation, name="Marsh District Nursing", code="DN", kind=UnitKind.TEAM, parent=community
    )
    return {
        "organisation": organisation,
        "mental_health": mental_health,
        "acute": acute,
        "willow": willow,
        "cedar": cedar,
        "community": community,
        "nursing": nursing,
    }


@pytest.fixture(scope="session")
def _trust_snapshot():
    return Snapshot("The trust fixture", _build_trust)


@pytest.fixture
def trust(db, _trust_snapshot):
    """A small trust: two directorates, a service and three wards or teams (built once per test process, then
    copied: see withus/core/tests/snapshot.py)."""
    return SimpleNamespace(**_trust_snapshot.load())


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def make_user(trust):
    def make(role: Role = Role.STAFF, *, unit=None, organisation=None, **extra):
        return UserFactory(organisation=organisation or trust.organisation, roles=[(role, unit)], **extra)

    return make


@pytest.fixture
def admin_client(make_user):
    return _signed_in(make_user(Role.ADMINISTRATOR))


@pytest.fixture
def lead_client(make_user):
    return _signed_in(make_user(Role.PARTICIPATION_LEAD))


@pytest.fixture
def scoped_lead_client(make_user, trust):
    return _signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health))


@pytest.fixture
def staff_client(make_user, trust):
    return _signed_in(make_user(Role.STAFF, unit=trust.willow))


@pytest.fixture
def qi_client(make_user):
    return _signed_in(make_user(Role.IMPROVEMENT_ADVISOR))


@pytest.fixture
def finance_client(make_user):
    return _signed_in(make_user(Role.FINANCE_APPROVER))


@pytest.fixture
def signed_in():
    return _signed_in


@pytest.fixture
def make_participant(trust, make_user, signed_in):
    """Someone in the trust's register who signs in as a participant: `.person`, `.user` and a signed-in `.client`.

    `name` is the person's full name; the e-mail defaults to their first name at example.org; `units` are where
    they are involved; other keywords go to the user (e.g. `full_name`)."""

    def make(name="Amara Bello", *, email=None, kind=PersonKind.SERVICE_USER, units=(), role=Role.PARTICIPANT, **user):
        email = email or f"{name.split()[0].lower()}@example.org"
        account = make_user(role, email=email, **user)
        person = PersonFactory(organisation=trust.organisation, user=account, full_name=name, email=email, kind=kind)
        for unit in units:
            PersonUnit.objects.create(person=person, unit=unit)
        return SimpleNamespace(person=person, user=account, client=signed_in(account))

    return make


@pytest.fixture
def amara(make_participant):
    """Amara Bello, a service user with a sign-in (apps' conftests may add to her)."""
    return make_participant("Amara Bello")


@pytest.fixture
def ben(make_participant):
    """Ben Hughes, a carer with a sign-in."""
    return make_participant("Ben Hughes", kind=PersonKind.CARER)


@pytest.fixture
def lead(make_user, signed_in):
    """A People Participation lead for the whole trust: `.user` and a signed-in `.client`."""
    user = make_user(Role.PARTICIPATION_LEAD)
    return SimpleNamespace(user=user, client=signed_in(user))
