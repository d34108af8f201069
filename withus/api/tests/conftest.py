import pytest
from django.test import Client

from withus.accounts.models import Role
from withus.api.services import token_create
from withus.improvement.services.measures import measure_refresh_summary
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory, add_points
from withus.organisations.tests.factories import OrganisationFactory

INCIDENTS = [8, 6, 7, 9, 5, 7, 8, 6, 7, 6, 8, 7, 7, 6, 8, 1, 0, 1, 0, 1, 0, 0, 1]
ALL_SCOPES = ["measures:read", "measures:write", "involvement:read", "payments:read"]


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def project(trust):
    return ProjectFactory(organisation=trust.organisation, title="Reducing racist incidents", units=[trust.willow])


@pytest.fixture
def measure(project):
    measure = MeasureFactory(project=project, name="Racist incidents each week", target=2)
    add_points(measure, INCIDENTS)
    measure_refresh_summary(measure=measure)
    return measure


@pytest.fixture
def make_token(administrator):
    def make(scopes=ALL_SCOPES, *, actor=None, **extra):
        actor = actor or administrator
        return token_create(
            organisation=actor.organisation, name="Warehouse", scopes=list(scopes), actor=actor, **extra
        )

    return make


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def api(make_token):
    """A client with a token of the trust holding every scope."""
    token, secret = make_token()
    client = bearer(secret)
    client.token = token
    return client


@pytest.fixture
def other_trust(make_user):
    """A second trust with its own administrator, project and measure."""
    organisation = OrganisationFactory(name="Elsewhere NHS Trust")
    admin = make_user(Role.ADMINISTRATOR, organisation=organisation)
    project = ProjectFactory(organisation=organisation, title="Falls")
    measure = MeasureFactory(project=project, name="Falls each week")
    add_points(measure, INCIDENTS)
    measure_refresh_summary(measure=measure)
    token, secret = token_create(organisation=organisation, name="Theirs", scopes=ALL_SCOPES, actor=admin)
    return {"organisation": organisation, "admin": admin, "measure": measure, "token": token, "secret": secret}
