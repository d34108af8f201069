import datetime
import uuid

import pytest
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.improvement.models import InvolvementLevel, Project, ProjectStatus, StageChange, TeamRole
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory, TeamMemberFactory
from withus.organisations.tests.factories import OrganisationFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def _new_project_form(trust, **changes):
    data = {
        "submission_key": str(uuid.uuid4()),
        "title": "Fewer falls on Birch Ward",
        "units": [str(trust.willow.pk)],
        "problem": "People fall at night.",
        "aim": "Halve falls by March 2027.",
        "start_date_day": "6",
        "start_date_month": "1",
        "start_date_year": "2025",
        "stage": "1.0",
        "status": "active",
    }
    data.update(changes)
    return data


def test_starting_a_project_keeps_its_stage_history_and_is_audited(qi_client, trust):
    response = qi_client.post(reverse("improvement:add"), _new_project_form(trust))
    project = Project.objects.get(title="Fewer falls on Birch Ward")
    assert response.url == reverse("improvement:detail", args=[project.pk])
    assert list(project.units.all()) == [trust.willow]
    assert StageChange.objects.get(project=project).stage == "1.0"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="project", object_id=str(project.pk)
    ).exists()
    changed = qi_client.post(
        reverse("improvement:stage", args=[project.pk]),
        {"stage": "2.0", "changed_on_day": "1", "changed_on_month": "3", "changed_on_year": "2025", "note": "Data"},
    )
    assert changed.status_code == 302
    project.refresh_from_db()
    assert project.stage == "2.0"
    assert list(project.stage_changes.values_list("stage", flat=True)) == ["2.0", "1.0"]


def test_a_project_form_sent_twice_adds_one_project(qi_client, trust):
    data = _new_project_form(trust)
    first = qi_client.post(reverse("improvement:add"), data)
    second = qi_client.post(reverse("improvement:add"), data)
    assert Project.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter project title"),
        ({"units": []}, "Select at least one ward, team or service"),
        ({"start_date_day": "31", "start_date_month": "2"}, "Start date must be a real date"),
        ({"status": "completed"}, "Enter the date the project ended"),
        ({"ladder_rung": "7"}, "Say briefly why the project is on this rung of the ladder"),
    ],
)
def test_bad_project_details_are_refused_with_a_message(qi_client, trust, changes, message):
    response = qi_client.post(reverse("improvement:add"), _new_project_form(trust, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Project.objects.exists()


def test_staff_see_every_project_and_can_search_filter_and_sort(staff_client, trust):
    ProjectFactory(organisation=trust.organisation, title="Fewer falls", units=[trust.cedar], stage="3.0")
    ProjectFactory(organisation=trust.organisation, title="Racist incidents", aim="Reduce racism", units=[trust.willow])
    ProjectFactory(
        organisation=trust.organisation,
        title="Pressure ulcers",
        units=[trust.nursing],
        status="stopped",
        ended_on=datetime.date(2025, 6, 1),
    )
    ProjectFactory(organisation=OrganisationFactory(), title="Another trust's project")
    page = staff_client.get(reverse("improvement:portfolio")).content.decode()
    assert "3 projects" in page
    assert "Another trust" not in page
    assert "1 project matches" in staff_client.get(reverse("improvement:portfolio"), {"q": "racism"}).content.decode()
    in_acute = staff_client.get(reverse("improvement:portfolio"), {"unit": str(trust.acute.pk)}).content.decode()
    assert "Fewer falls" in in_acute
    assert "Pressure ulcers" not in in_acute
    assert "1 project" in staff_client.get(reverse("improvement:portfolio"), {"stage": "3.0"}).content.decode()
    assert "1 project" in staff_client.get(reverse("improvement:portfolio"), {"status": "stopped"}).content.decode()
    newest = staff_client.get(reverse("improvement:portfolio"), {"sort": "stage"}).content.decode()
    assert newest.index("Fewer falls") < newest.index("Racist incidents")
    # Unknown filter values are ignored, not errors.
    assert staff_client.get(reverse("improvement:portfolio"), {"stage": "9", "sort": "x"}).status_code == 200


def test_the_portfolio_is_paginated(staff_client, trust, settings):
    settings.WITHUS_PAGE_SIZE = 2
    for number in range(5):
        ProjectFactory(organisation=trust.organisation, title=f"Project {number}", units=[trust.willow])
    page = staff_client.get(reverse("improvement:portfolio"), {"page": "3"}).content.decode()
    assert "Page 3 of 3" in page
    assert "Project 4" in page


def test_involvement_is_derived_from_the_team_and_consultations(qi_client, trust):
    big = ProjectFactory(organisation=trust.organisation, title="Big", units=[trust.willow])
    TeamMemberFactory(project=big, person=PersonFactory(organisation=trust.organisation, kind=PersonKind.CARER))
    little = ProjectFactory(organisation=trust.organisation, title="Little", units=[trust.willow])
    TeamMemberFactory(project=little, person=PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF))
    qi_client.post(
        reverse("improvement:consultation_add", args=[little.pk]),
        {"kind": "focus_group", "held_on_day": "1", "held_on_month": "2", "held_on_year": "2025", "people_count": "9"},
    )
    left = ProjectFactory(organisation=trust.organisation, title="Left", units=[trust.willow])
    TeamMemberFactory(project=left, left_on=datetime.date(2025, 2, 1))
    levels = dict(Project.objects.with_involvement().values_list("title", "involvement"))
    assert levels == {"Big": InvolvementLevel.BIG_I, "Little": InvolvementLevel.LITTLE_I, "Left": InvolvementLevel.NONE}
    filtered = qi_client.get(reverse("improvement:portfolio"), {"involvement": "big_i"}).content.decode()
    assert "1 project matches" in filtered
    assert "Big I" in qi_client.get(reverse("improvement:detail", args=[big.pk])).content.decode()


def test_a_team_member_can_leave_and_the_change_is_audited(qi_client, project):
    member = TeamMemberFactory(project=project, role=TeamRole.MEMBER)
    response = qi_client.post(
        reverse("improvement:team_leave", args=[project.pk, member.pk]),
        {"left_on_day": "1", "left_on_month": "1", "left_on_year": "2024"},
    )
    assert "on or after the date they joined" in response.content.decode()
    qi_client.post(
        reverse("improvement:team_leave", args=[project.pk, member.pk]),
        {"left_on_day": "1", "left_on_month": "6", "left_on_year": "2025"},
    )
    member.refresh_from_db()
    assert member.left_on == datetime.date(2025, 6, 1)
    assert AuditEntry.objects.filter(object_type="teammember", changed_fields=["left_on"]).exists()


def test_adding_someone_from_another_trust_is_refused(qi_client, project):
    stranger = PersonFactory(organisation=OrganisationFactory())
    response = qi_client.post(
        reverse("improvement:team_add", args=[project.pk]),
        {
            "person": str(stranger.pk),
            "role": "member",
            "joined_on_day": "1",
            "joined_on_month": "2",
            "joined_on_year": "2025",
        },
    )
    assert "Select from the options shown" in response.content.decode()
    assert not project.team.exists()


def test_opening_a_project_is_audited(qi_client, project):
    qi_client.get(reverse("improvement:detail", args=[project.pk]))
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="project", object_id=str(project.pk)).exists()


def test_a_participant_lists_their_projects_and_gets_404_for_others(member_client, project, trust):
    other = ProjectFactory(organisation=trust.organisation, title="Someone else's project", units=[trust.willow])
    other_measure = MeasureFactory(project=other)
    mine = member_client.get(reverse("improvement:mine")).content.decode()
    assert project.title in mine
    assert other.title not in mine
    assert member_client.get(reverse("improvement:detail", args=[project.pk])).status_code == 200
    for name, args in [
        ("improvement:detail", [other.pk]),
        ("improvement:diagram", [other.pk]),
        ("improvement:measure", [other.pk, other_measure.pk]),
        ("improvement:measure_csv", [other.pk, other_measure.pk]),
        ("improvement:measure_svg", [other.pk, other_measure.pk]),
        ("improvement:measure_png", [other.pk, other_measure.pk]),
        ("improvement:points_import", [other.pk, other_measure.pk]),
        ("improvement:edit", [project.pk]),
        ("improvement:measure_add", [project.pk]),
    ]:
        assert member_client.get(reverse(name, args=args)).status_code == 404, name
    assert member_client.get(reverse("improvement:portfolio")).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(other.pk)).exists()


def test_a_participant_not_on_any_team_sees_a_kind_empty_list(outsider_client, project):
    page = outsider_client.get(reverse("improvement:mine")).content.decode()
    assert "You are not on any QI project team yet" in page
    assert outsider_client.get(reverse("improvement:detail", args=[project.pk])).status_code == 404


def test_team_members_add_pdsa_notes_and_data_only_where_the_lead_allows(member_client, project, idea):
    url = reverse("improvement:pdsa_add", args=[project.pk])
    assert member_client.get(url).status_code == 404
    Project.objects.filter(pk=project.pk).update(participants_can_contribute=True)
    response = member_client.post(
        url,
        {
            "change_idea": str(idea.pk),
            "title": "Agreement at admission",
            "question": "Will reading it at admission help?",
            "prediction": "Fewer incidents",
            "starts_on_day": "3",
            "starts_on_month": "3",
            "starts_on_year": "2025",
        },
    )
    assert response.status_code == 302
    assert project.pdsa_cycles.get().created_by == member_client.user


def test_another_trusts_staff_cannot_see_the_project(signed_in, make_user, project):
    from withus.accounts.models import Role

    other_trust_user = make_user(Role.IMPROVEMENT_ADVISOR, organisation=OrganisationFactory())
    client = signed_in(other_trust_user)
    assert client.get(reverse("improvement:detail", args=[project.pk])).status_code == 404


def test_finance_may_read_but_not_change_projects(finance_client, project):
    assert finance_client.get(reverse("improvement:detail", args=[project.pk])).status_code == 200
    assert finance_client.get(reverse("improvement:edit", args=[project.pk])).status_code == 404
    assert project.status == ProjectStatus.ACTIVE
