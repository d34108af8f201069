import datetime

from django.urls import reverse

from withus.improvement.models import NodeKind
from withus.improvement.services.measures import measure_refresh_summary
from withus.improvement.tests.factories import (
    DriverNodeFactory,
    MeasureFactory,
    PdsaCycleFactory,
    ProjectFactory,
    TeamMemberFactory,
    add_points,
)


def _busy_project(trust, *, measures: int, points: int):
    project = ProjectFactory(organisation=trust.organisation, units=[trust.willow, trust.cedar])
    for _ in range(4):
        TeamMemberFactory(project=project)
    primary = DriverNodeFactory(project=project)
    ideas = [DriverNodeFactory(project=project, parent=primary, kind=NodeKind.CHANGE_IDEA) for _ in range(3)]
    for idea in ideas:
        PdsaCycleFactory(change_idea=idea)
        PdsaCycleFactory(change_idea=idea, starts_on=datetime.date(2025, 4, 7))
    for _ in range(measures):
        measure = MeasureFactory(project=project)
        measure.change_ideas.set(ideas)
        add_points(measure, [index % 7 for index in range(points)])
        measure_refresh_summary(measure=measure)
    return project


def test_project_page_queries_do_not_grow_with_measures(qi_client, trust, django_assert_max_num_queries):
    small = _busy_project(trust, measures=1, points=20)
    large = _busy_project(trust, measures=12, points=60)
    for project in (small, large):
        with django_assert_max_num_queries(20):
            assert qi_client.get(reverse("improvement:detail", args=[project.pk])).status_code == 200


def test_measure_page_queries_do_not_grow_with_points(qi_client, trust, django_assert_max_num_queries):
    project = _busy_project(trust, measures=1, points=400)
    measure = project.measures.get()
    # 17: the declined recalculation suggestions are one more query than before phases.
    with django_assert_max_num_queries(17):
        assert qi_client.get(reverse("improvement:measure", args=[project.pk, measure.pk])).status_code == 200
    with django_assert_max_num_queries(17):
        assert qi_client.get(reverse("improvement:measure_csv", args=[project.pk, measure.pk])).status_code == 200


def test_summary_portfolio_and_headline_queries_are_bounded(qi_client, trust, django_assert_max_num_queries):
    for _ in range(3):
        _busy_project(trust, measures=5, points=20)
    with django_assert_max_num_queries(14):
        assert qi_client.get(reverse("improvement:unit_summary", args=[trust.mental_health.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert qi_client.get(reverse("improvement:portfolio")).status_code == 200
    with django_assert_max_num_queries(15):  # one more: the results of Big I projects, in one query
        assert qi_client.get(reverse("improvement:involvement")).status_code == 200
    with django_assert_max_num_queries(12):
        assert qi_client.get(reverse("improvement:summaries")).status_code == 200
