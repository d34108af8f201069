import pytest

from withus.accounts.models import Role
from withus.improvement.models import NodeKind, TeamRole
from withus.improvement.services.measures import measure_refresh_summary
from withus.improvement.tests.factories import (
    DriverNodeFactory,
    MeasureFactory,
    PdsaCycleFactory,
    ProjectFactory,
    TeamMemberFactory,
    add_points,
)
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory

INCIDENTS = [8, 6, 7, 9, 5, 7, 8, 6, 7, 6, 8, 7, 7, 6, 8, 1, 0, 1, 0, 1, 0, 0, 1]


@pytest.fixture
def project(trust):
    return ProjectFactory(organisation=trust.organisation, title="Reducing racist incidents", units=[trust.willow])


@pytest.fixture
def idea(project):
    primary = DriverNodeFactory(project=project, name="A ward culture where racism is challenged")
    return DriverNodeFactory(project=project, parent=primary, kind=NodeKind.CHANGE_IDEA, name="Ward agreement")


@pytest.fixture
def measure(project, idea):
    measure = MeasureFactory(project=project, name="Racist incidents each week", target=2)
    measure.change_ideas.add(idea)
    add_points(measure, INCIDENTS)
    PdsaCycleFactory(change_idea=idea, title="Draft the agreement")
    measure_refresh_summary(measure=measure)
    return measure


@pytest.fixture
def participant(make_participant):
    """A service user with a sign-in, in the register."""
    amara = make_participant("Amara Bello")
    amara.user.person_record = amara.person
    return amara.user


@pytest.fixture
def member_client(signed_in, participant, project):
    TeamMemberFactory(project=project, person=participant.person_record, role=TeamRole.MEMBER)
    return signed_in(participant)


@pytest.fixture
def outsider_client(signed_in, make_user, trust):
    user = make_user(Role.PARTICIPANT)
    PersonFactory(organisation=trust.organisation, user=user, kind=PersonKind.CARER)
    return signed_in(user)
