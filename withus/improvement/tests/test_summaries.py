import datetime

from django.urls import reverse

from withus.improvement.models import Project, TeamRole
from withus.improvement.presenters import involvement_headline
from withus.improvement.selectors import involvement_headline_facts
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory, TeamMemberFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def test_the_unit_summary_lists_every_measure_beneath_it_with_its_icons(qi_client, trust, measure):
    MeasureFactory(project=ProjectFactory(organisation=trust.organisation, units=[trust.nursing]), name="Elsewhere")
    page = qi_client.get(reverse("improvement:unit_summary", args=[trust.mental_health.pk])).content.decode()
    assert "Racist incidents each week" in page
    assert "Special-cause improvement (lower)" in page
    assert "Sometimes meets the target, sometimes not" in page
    assert "Elsewhere" not in page
    project_page = qi_client.get(reverse("improvement:detail", args=[measure.project_id])).content.decode()
    assert "Special-cause improvement (lower)" in project_page


def test_the_big_i_headline_counts_active_projects_month_by_month(trust):
    today = datetime.date(2025, 6, 15)
    carer = PersonFactory(organisation=trust.organisation, kind=PersonKind.CARER)
    big = ProjectFactory(organisation=trust.organisation, units=[trust.willow], start_date=datetime.date(2025, 1, 10))
    TeamMemberFactory(project=big, person=carer, joined_on=datetime.date(2025, 3, 5))
    ProjectFactory(organisation=trust.organisation, units=[trust.nursing], start_date=datetime.date(2025, 2, 1))
    ProjectFactory(
        organisation=trust.organisation,
        units=[trust.cedar],
        start_date=datetime.date(2024, 6, 1),
        status="completed",
        ended_on=datetime.date(2025, 4, 30),
    )
    headline = involvement_headline(involvement_headline_facts(trust.organisation.pk), months=6, today=today)
    whole = [(row["big_i"], row["active"]) for row in headline["table"]["Whole trust"]]
    # January to June: the completed project counts until it ended on 30 April; Big I from March.
    assert whole == [(0, 2), (0, 3), (1, 3), (1, 2), (1, 2), (1, 2)]
    mental_health = [row["percent"] for row in headline["table"]["Riverside Mental Health"]]
    assert mental_health == [0.0, 0.0, 50.0, 100.0, 100.0, 100.0]
    assert headline["table"]["Marsh Community Health"][0]["percent"] is None


def test_the_project_page_names_its_lead_coach_and_sponsor(qi_client, project):
    TeamMemberFactory(project=project, role=TeamRole.LEAD, person__full_name="Ellen Park", person__kind="staff")
    TeamMemberFactory(project=project, role=TeamRole.COACH, person__full_name="Tom Reilly", person__kind="staff")
    page = qi_client.get(reverse("improvement:detail", args=[project.pk])).content.decode()
    assert "Ellen Park" in page
    assert "QI coach" in page
    assert "Tom Reilly" in page


def test_a_team_member_uploads_data_only_where_the_lead_allows(member_client, project, measure):
    url = reverse("improvement:points_import", args=[project.pk, measure.pk])
    assert member_client.post(url, {"pasted": "2024-06-10,1"}).status_code == 404
    Project.objects.filter(pk=project.pk).update(participants_can_contribute=True)
    assert member_client.post(url, {"pasted": "2024-06-10,1"}).status_code == 302
    assert measure.points.count() == 24
