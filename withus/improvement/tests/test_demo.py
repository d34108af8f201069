from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from withus.accounts.models import User
from withus.demo.improvement_world import RACISM_TITLE
from withus.improvement.models import InvolvementLevel, Project
from withus.improvement.presenters import involvement_headline
from withus.improvement.selectors import involvement_headline_facts


def test_the_demo_tells_the_willow_ward_story(demo):
    project = Project.objects.with_involvement().get(title=RACISM_TITLE)
    assert project.involvement == InvolvementLevel.BIG_I
    team = {member.person.full_name: member for member in project.team.select_related("person")}
    assert "Amara Bello" in team
    assert "Ellen Park" in team
    assert sum(member.person.kind == "service_user" for member in team.values()) >= 2
    assert project.driver_nodes.filter(kind="change_idea").count() >= 3
    assert project.pdsa_cycles.count() >= 5
    incidents = project.measures.get(name="Racist incidents each week")
    values = [float(value) for value in incidents.points.values_list("value", flat=True)]
    assert 75 <= len(values) <= 85
    before, after = sum(values[:40]) / 40, sum(values[-20:]) / 20
    assert after <= before * 0.2
    assert incidents.variation == "improvement-low"
    assert incidents.change_ideas.filter(pdsa_cycles__isnull=False).exists()


def test_the_demo_has_about_30_other_projects_at_every_level(demo):
    projects = Project.objects.with_involvement()
    assert 28 <= projects.count() <= 35
    assert set(projects.values_list("involvement", flat=True)) == set(InvolvementLevel.values)
    assert projects.values("stage").distinct().count() >= 5
    assert projects.filter(measures__points__isnull=False).distinct().count() >= 28
    headline = involvement_headline(involvement_headline_facts(projects.first().organisation_id))
    assert headline["series"]


def test_seeding_again_adds_no_projects(demo):
    counts = Project.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert Project.objects.count() == counts


def test_the_demo_staff_member_changes_her_project_and_reads_the_others(demo):
    """staff@ (Ellen Park) leads the Willow Ward project; a project she is not on she reads only. qi@ changes both."""

    def client(email):
        signed_in = Client()
        signed_in.force_login(User.objects.get(email=email))
        return signed_in

    racism = Project.objects.get(title=RACISM_TITLE)
    other = Project.objects.exclude(team__person__user__email="staff@demo.withus.local").first()
    staff, qi = client("staff@demo.withus.local"), client("qi@demo.withus.local")
    assert staff.get(reverse("improvement:edit", args=[racism.pk])).status_code == 200
    assert staff.get(reverse("improvement:detail", args=[other.pk])).status_code == 200
    assert staff.get(reverse("improvement:edit", args=[other.pk])).status_code == 404
    assert qi.get(reverse("improvement:edit", args=[racism.pk])).status_code == 200
    assert qi.get(reverse("improvement:edit", args=[other.pk])).status_code == 200
