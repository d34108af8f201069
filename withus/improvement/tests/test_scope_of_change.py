"""Only a project's team, QI advisors and administrators change it; everyone else on the staff side reads it.

Issue 12 item 4 (ADR 0016): a ward manager deleted a data point in another directorate's project she was not on.
The views answer 404 on change pages, and the services refuse too, so no other path changes a project.
"""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from withus.accounts.models import Role
from withus.improvement.models import DataPoint, Project, TeamRole
from withus.improvement.services import data as data_services
from withus.improvement.services import projects as project_services
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory, TeamMemberFactory, add_points
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def project(trust):
    return ProjectFactory(organisation=trust.organisation, title="Pressure ulcers", units=[trust.nursing])


@pytest.fixture
def point(project):
    measure = MeasureFactory(project=project, organisation=project.organisation)
    return add_points(measure, [4, 5, 6])[-1]


def _staff(make_user, trust, unit=None, *, role=Role.STAFF):
    user = make_user(role, unit=unit if unit is not None else trust.willow)
    person = PersonFactory(organisation=trust.organisation, user=user, kind=PersonKind.STAFF)
    return user, person


def _delete_point(client, point):
    measure = point.measure
    return client.post(reverse("improvement:point_delete", args=[measure.project_id, measure.pk, point.pk]))


def test_staff_not_on_the_team_read_the_project_but_cannot_delete_its_data(make_user, signed_in, trust, point):
    manager, _ = _staff(make_user, trust)
    client = signed_in(manager)
    project = point.measure.project
    page = client.get(reverse("improvement:detail", args=[project.pk]))
    assert page.status_code == 200
    assert reverse("improvement:edit", args=[project.pk]) not in page.content.decode()
    assert _delete_point(client, point).status_code == 404
    assert client.get(reverse("improvement:edit", args=[project.pk])).status_code == 404
    assert DataPoint.objects.filter(pk=point.pk).exists()
    with pytest.raises(PermissionDenied):
        data_services.point_delete(point=point, actor=manager)
    assert DataPoint.objects.filter(pk=point.pk).exists()


@pytest.mark.parametrize("team_role", [TeamRole.MEMBER, TeamRole.COACH, TeamRole.SPONSOR, TeamRole.CO_LEAD])
def test_the_team_its_coach_and_sponsor_change_the_project(make_user, signed_in, trust, point, team_role):
    user, person = _staff(make_user, trust, role=Role.PARTICIPATION_LEAD)
    TeamMemberFactory(project=point.measure.project, person=person, role=team_role)
    client = signed_in(user)
    page = client.get(reverse("improvement:detail", args=[point.measure.project_id])).content.decode()
    assert reverse("improvement:edit", args=[point.measure.project_id]) in page
    assert _delete_point(client, point).status_code == 302
    assert not DataPoint.objects.filter(pk=point.pk).exists()


def test_someone_who_has_left_the_team_no_longer_changes_it(make_user, signed_in, trust, point):
    user, person = _staff(make_user, trust)
    TeamMemberFactory(project=point.measure.project, person=person, left_on=datetime.date(2025, 3, 1))
    assert _delete_point(signed_in(user), point).status_code == 404
    with pytest.raises(PermissionDenied):
        data_services.point_delete(point=point, actor=user)
    assert DataPoint.objects.filter(pk=point.pk).exists()


@pytest.mark.parametrize("role", [Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR])
def test_qi_advisors_and_administrators_change_any_project_of_their_trust(make_user, signed_in, point, role):
    assert _delete_point(signed_in(make_user(role)), point).status_code == 302
    assert not DataPoint.objects.filter(pk=point.pk).exists()


def test_every_write_service_refuses_someone_not_on_the_team(make_user, trust, point):
    outsider, person = _staff(make_user, trust)
    project, measure = point.measure.project, point.measure
    attempts = [
        lambda: project_services.project_update(project=project, values={"title": "Taken over"}, actor=outsider),
        lambda: project_services.team_member_add(
            project=project, person=person, role=TeamRole.LEAD, joined_on=datetime.date(2025, 2, 1), actor=outsider
        ),
        lambda: data_services.point_add(
            measure=measure, values={"period": datetime.date(2024, 1, 22), "value": 3}, actor=outsider
        ),
        lambda: data_services.annotation_add(measure=measure, on=point.period, text="Mine now", actor=outsider),
        lambda: data_services.recalculation_add(measure=measure, period=point.period, reason="x", actor=outsider),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    project.refresh_from_db()
    assert project.title == "Pressure ulcers"
    assert not project.team.exists()
    assert measure.points.count() == 3
    assert not measure.annotations.exists()


def test_whoever_starts_a_project_leads_it_and_can_keep_changing_it(make_user, trust):
    manager, person = _staff(make_user, trust)
    project = project_services.project_create(
        organisation=trust.organisation,
        values={
            "title": "Calmer nights",
            "problem": "Noise.",
            "aim": "Quieter.",
            "start_date": datetime.date(2025, 1, 6),
        },
        units=[trust.willow],
        stage="0.5",
        actor=manager,
    )
    assert project.team.get().person == person
    assert project.team.get().role == TeamRole.LEAD
    project_services.project_update(project=project, values={"title": "Calmer nights on Willow"}, actor=manager)
    assert Project.objects.get(pk=project.pk).title == "Calmer nights on Willow"


def test_someone_with_no_register_record_cannot_start_a_project_they_could_not_change(make_user, signed_in, trust):
    response = signed_in(make_user(Role.STAFF, unit=trust.willow)).post(
        reverse("improvement:add"),
        {
            "submission_key": str(uuid.uuid4()),
            "title": "Calmer nights",
            "units": [str(trust.willow.pk)],
            "problem": "Noise.",
            "aim": "Quieter.",
            "start_date_day": "6",
            "start_date_month": "1",
            "start_date_year": "2025",
            "stage": "1.0",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "You need a record in the register to lead a project" in response.content.decode()
    assert not Project.objects.exists()
