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
    # After the recalculation the icons read from the new phase: its own common-cause variation, and a target of
    # 2 that lies inside its limits. The fall itself is shown by the phases ("92 % fewer", improvement).
    assert incidents.variation == "common-cause"
    assert incidents.assurance == "hit-or-miss"
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


def test_willow_ward_incidents_have_a_frozen_baseline_and_a_new_phase_reading_92_percent_fewer(demo):
    from withus.improvement import analysis

    incidents = Project.objects.get(title=RACISM_TITLE).measures.get(name="Racist incidents each week")
    chart = analysis.analyse_measure(
        incidents, analysis.load_points(incidents), recalculations=list(incidents.recalculations.all())
    )
    first, new = chart.phases
    assert (first.name, first.frozen_points) == ("Before the changes", 40)
    assert (new.name, new.points) == ("After the changes", 28)
    assert "92 % fewer" in chart.change.sentence
    assert chart.change.sentence.startswith("Racist incidents fell from 6.7 a week (40 weeks to ")
    assert "to 0.5 a week (the last 28 weeks)" in chart.change.sentence
    assert chart.change.improved is True
    assert chart.change.icon == "improvement-low"
    assert incidents.before_and_now == chart.change.sentence
    assert (chart.variation, chart.assurance) == ("common-cause", "hit-or-miss")
    assert chart.suggestion is None  # the lasting shift has been acted on


def test_as_qi_the_willow_ward_pages_tell_the_result(demo):
    from django.test import Client
    from django.urls import reverse

    from withus.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email__startswith="qi@"))
    project = Project.objects.get(title=RACISM_TITLE)
    incidents = project.measures.get(name="Racist incidents each week")
    page = client.get(reverse("improvement:measure", args=[project.pk, incidents.pk])).content.decode()
    assert "Before the changes" in page
    assert "After the changes" in page
    assert "92 % fewer" in page
    assert "Special-cause improvement (lower)" in page  # the change, against the frozen baseline
    assert "Variation in “After the changes”" in page
    assert "Common-cause variation" in page
    assert "Sometimes meets the target, sometimes not" in page
    for name in ("detail", "portfolio", "involvement"):
        args = [project.pk] if name == "detail" else []
        assert "92 % fewer" in client.get(reverse(f"improvement:{name}", args=args)).content.decode(), name
    svg = client.get(reverse("improvement:measure_svg", args=[project.pk, incidents.pk])).content.decode()
    assert "Before the changes" in svg
    assert "After the changes" in svg


def test_the_community_meetings_run_chart_suggests_a_new_phase_for_a_person_to_decide(demo):
    from withus.improvement import analysis

    meetings = Project.objects.get(title=RACISM_TITLE).measures.get(name="Community meetings led by service users")
    chart = analysis.analyse_measure(meetings, analysis.load_points(meetings))
    assert chart.suggestion is not None
    assert chart.suggestion.side == "above"
    assert chart.suggestion.after >= 12
    assert not meetings.recalculations.exists()  # suggested, never applied by itself
