"""The response-time page: figures counted and medians found in the database (window functions) must equal the
earlier Python figures exactly, so the run charts and the MDC icons do not change; the columns they read are kept by
the services that publish and respond; the queries do not grow with the number of stories."""

import datetime
import importlib
import random
import statistics
from collections import defaultdict

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

import withus_spc as spc
from withus.core.dates import add_months, month_start
from withus.organisations.models import Unit, UnitKind
from withus.organisations.tests.factories import UnitFactory
from withus.people.tests.factories import PersonFactory
from withus.voice.models.stories import ChangeClaim, Story, StoryStatus, StoryTheme
from withus.voice.presenters_stories import sparkline
from withus.voice.selectors_stories import DirectorateTimes, response_times

pytestmark = pytest.mark.django_db


def _reference(organisation_id, *, months=36, today=None):
    """The page's earlier implementation (every story read into Python), kept here as the oracle."""
    today = today or timezone.localdate()
    first = add_months(month_start(today), -(months - 1))
    units = list(Unit.objects.for_organisation(organisation_id))
    directorates = sorted((unit for unit in units if unit.depth == 0), key=lambda unit: unit.name)
    by_path = {unit.path: unit for unit in directorates}
    top_of = {unit.pk: "/" + unit.path.strip("/").split("/")[0] + "/" for unit in units}
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        Story.objects.for_organisation(organisation_id)
        .published()
        .filter(published_at__gte=since)
        .values_list("unit_id", "published_at", "first_response_at", "change_claim")
    )
    buckets = defaultdict(lambda: defaultdict(list))
    for unit_id, published_at, first_response_at, claim in rows:
        top = top_of.get(unit_id)
        if top not in by_path:
            continue
        days = None if first_response_at is None else (first_response_at - published_at).total_seconds() / 86400
        month = timezone.localtime(published_at).date().replace(day=1)
        buckets[top][month].append((days, claim != ChangeClaim.NONE))
    month_list = [add_months(first, step) for step in range(months)]
    result = []
    for directorate in directorates:
        data = buckets.get(directorate.path)
        if not data:
            continue
        times = DirectorateTimes(directorate=directorate)
        for month in month_list:
            items = data.get(month, [])
            responded = [days for days, _claimed in items if days is not None]
            times.months.append(month)
            times.median_days.append(round(statistics.median(responded), 1) if responded else None)
            times.change_percent.append(round(100 * sum(c for _d, c in items) / len(items), 1) if items else None)
        for name, values, direction in (
            ("days_variation", times.median_days, "down"),
            ("change_variation", times.change_percent, "up"),
        ):
            if sum(value is not None for value in values) >= 12:
                setattr(times, name, spc.analyse(values, chart="run", direction=direction).summary.variation or "")
        result.append(times)
    return result


@pytest.fixture
def many_stories(trust, lead):
    """About 900 published stories over 40 months in both directorates and a unit at the top of the tree, with
    ties, months with an even and an odd number of responses, months with none, and held stories and stories from
    before the period that must not count."""
    rng = random.Random(19)  # noqa: S311 - test data, not security
    top_ward = UnitFactory(organisation=trust.organisation, name="A ward on its own", code="SOLO", kind=UnitKind.WARD)
    tellers = [PersonFactory(organisation=trust.organisation) for _ in range(3)]
    units = [trust.willow, trust.cedar, trust.acute, trust.nursing, top_ward]
    now = timezone.now()
    stories = []
    for _ in range(900):
        published_at = now - datetime.timedelta(days=rng.uniform(0, 40 * 30.4))
        responded = rng.random() < 0.75
        story = Story(
            organisation=trust.organisation,
            teller=rng.choice(tellers),
            unit=rng.choice(units),
            recorded_by=lead.user,
            title="A story",
            what_happened="What happened.",
            theme=StoryTheme.CARE,
            status=StoryStatus.PUBLISHED if rng.random() < 0.95 else StoryStatus.HELD,
            published_at=published_at,
            # Whole days sometimes, so there are ties; otherwise any time.
            first_response_at=published_at + datetime.timedelta(days=rng.choice([2, 3, rng.uniform(0.1, 30)]))
            if responded
            else None,
            change_claim=rng.choice(list(ChangeClaim.values)) if responded else ChangeClaim.NONE,
        )
        story.set_response_figures()
        stories.append(story)
    Story.objects.bulk_create(stories)
    return stories


def test_figures_from_the_database_equal_the_python_figures_exactly(many_stories, trust):
    ours = response_times(trust.organisation.pk)
    expected = _reference(trust.organisation.pk)
    assert [times.directorate.name for times in ours] == [
        "A ward on its own",
        "Marsh Community Health",
        "Riverside Mental Health",
    ]
    assert len(ours) == len(expected)
    for mine, theirs in zip(ours, expected, strict=True):
        assert mine.directorate == theirs.directorate
        assert mine.months == theirs.months
        assert mine.median_days == theirs.median_days
        assert mine.change_percent == theirs.change_percent
        # The same icons and the same drawing.
        assert (mine.days_variation, mine.change_variation) == (theirs.days_variation, theirs.change_variation)
        assert mine.days_variation  # 36 months of data: a pattern is named
        assert sparkline(mine.median_days) == sparkline(theirs.median_days)
        assert sparkline(mine.change_percent) == sparkline(theirs.change_percent)


def test_a_month_with_an_even_number_of_responses_takes_the_mean_of_the_middle_two(trust, lead):
    teller = PersonFactory(organisation=trust.organisation)
    published_at = timezone.now() - datetime.timedelta(days=1)
    stories = []
    for days in (1, 2, 10, 40, None):
        story = Story(
            organisation=trust.organisation,
            teller=teller,
            unit=trust.willow,
            recorded_by=lead.user,
            title="A story",
            what_happened="x",
            status=StoryStatus.PUBLISHED,
            published_at=published_at,
            first_response_at=None if days is None else published_at + datetime.timedelta(days=days),
            change_claim=ChangeClaim.MADE if days == 1 else ChangeClaim.NONE,
        )
        story.set_response_figures()
        stories.append(story)
    Story.objects.bulk_create(stories)
    (times,) = response_times(trust.organisation.pk)
    month = timezone.localtime(published_at).date().replace(day=1)
    index = times.months.index(month)
    assert times.median_days[index] == 6.0
    assert times.change_percent[index] == 20.0
    assert times.days_variation == ""  # fewer than 12 months: no icon


def test_publishing_and_responding_keep_the_columns(published, staff_client):
    published.refresh_from_db()
    assert published.published_month == timezone.localtime(published.published_at).date().replace(day=1)
    assert published.days_to_first_response is None
    staff_client.post(
        reverse("stories:respond", args=[published.pk]),
        {"responder_role": "Ward manager", "body": "Thank you.", "change_claim": "none"},
    )
    published.refresh_from_db()
    expected = (published.first_response_at - published.published_at).total_seconds() / 86400
    assert published.days_to_first_response == pytest.approx(expected)
    assert 0 <= published.days_to_first_response < 1


def test_the_migration_fills_the_columns_for_stories_published_before(many_stories, trust):
    before = dict(Story.objects.values_list("pk", "days_to_first_response"))
    Story.objects.update(published_month=None, days_to_first_response=None)
    migration = importlib.import_module("withus.voice.migrations.0005_story_response_figures")
    migration.fill_response_figures(apps, None)
    assert dict(Story.objects.values_list("pk", "days_to_first_response")) == before
    assert not Story.objects.filter(published_at__isnull=False, published_month__isnull=True).exists()


def test_the_page_runs_the_same_queries_whatever_the_number_of_stories(
    many_stories, lead, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = lead.client.get(reverse("stories:response_times")).content.decode()
    assert "Marsh Community Health" in page
    assert "A ward on its own" in page
