"""Representation by census group: counts only, small numbers suppressed, Chinese counted as Asian."""

import datetime

import pytest
from django.utils import timezone

from withus.demo.reports_world import illustrative_csv
from withus.involvement.tests.factories import RecordFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory
from withus.reports.equity import SUPPRESS_BELOW, _wilson, representation, suppress
from withus.reports.services import population_load
from withus.reports.tests.builders import with_ethnicity


def test_counts_under_five_are_suppressed():
    shown = suppress({"asian": 12, "black": 3, "mixed": 0, "white": 40, "other": 7})
    assert shown["black"] is None
    assert shown["mixed"] == 0  # nobody is not a small number
    # With one group hidden, the total would give it away: the next smallest is hidden too.
    assert shown["other"] is None
    assert shown["asian"] == 12
    assert shown["white"] == 40


def test_two_small_groups_hide_each_other_and_nothing_more():
    shown = suppress({"asian": 12, "black": 3, "mixed": 4, "white": 40, "other": 7})
    assert shown == {"asian": 12, "black": None, "mixed": None, "white": 40, "other": 7}


def test_no_small_groups_means_nothing_hidden():
    counts = {"asian": 12, "black": 5, "mixed": 0, "white": 40, "other": 7}
    assert suppress(counts) == counts


def test_wilson_interval_contains_the_share():
    low, high = _wilson(5, 56)
    assert low < 100 * 5 / 56 < high
    assert _wilson(0, 0) == (0.0, 0.0)


def _active(trust, code: str, count: int):
    for _ in range(count):
        person = with_ethnicity(PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER), code)
        RecordFactory(person=person, date=timezone.localdate() - datetime.timedelta(days=20))


def test_representation_suppresses_small_groups_and_counts_chinese_as_asian(trust):
    population_load(organisation=trust.organisation, text=illustrative_csv(), name="Area", source="test")
    _active(trust, "A", 20)
    _active(trust, "R", 6)  # Chinese: Asian in the census grouping
    _active(trust, "N", 2)  # Black African: a small group
    _active(trust, "S", 9)
    report = representation(trust.organisation.pk, period_end=timezone.localdate())
    active = next(cohort for cohort in report.cohorts if cohort.code == "active")
    cells = {cell.group: cell for cell in active.cells}
    assert cells["black"].count is None
    assert cells["black"].share is None
    assert cells["black"].ratio is None
    # Next smallest (Asian, 6) goes too, so 37 − the rest cannot reveal Black's 2.
    assert cells["asian"].count is None
    assert cells["white"].count == 20
    assert cells["white"].ratio is not None
    assert cells["white"].ratio_low < cells["white"].ratio < cells["white"].ratio_high
    assert active.total == 37


def test_chinese_people_recorded_as_nhs_code_r_count_as_asian(trust):
    population_load(organisation=trust.organisation, text=illustrative_csv(), name="Area", source="test")
    _active(trust, "R", 6)
    _active(trust, "A", 7)
    report = representation(trust.organisation.pk, period_end=timezone.localdate())
    cells = {cell.group: cell for cell in next(c for c in report.cohorts if c.code == "active").cells}
    assert cells["asian"].count == 6
    assert cells["other"].count == 0
    assert round(cells["asian"].share, 1) == round(100 * 6 / 13, 1)


def test_the_equity_page_shows_no_person(trust, make_user, client):
    from withus.accounts.models import Role

    lead = make_user(Role.PARTICIPATION_LEAD)
    person = with_ethnicity(
        PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER, full_name="Zadie Quill"), "M"
    )
    RecordFactory(person=person, date=timezone.localdate() - datetime.timedelta(days=20))
    client.force_login(lead)
    response = client.get("/reports/equity/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zadie Quill" not in page
    assert "Fewer than 5" in page
    assert f"{SUPPRESS_BELOW}" in page


@pytest.mark.parametrize("until", ["yesterday", "2999-01-01", "1999-12-31"])
def test_a_bad_date_on_the_equity_page_says_how_to_fix_it(trust, make_user, client, until):
    from withus.accounts.models import Role

    client.force_login(make_user(Role.PARTICIPATION_LEAD))
    response = client.get("/reports/equity/", {"until": until})
    assert response.status_code == 400
    assert "Enter the end of the year as a date before today" in response.content.decode()


def test_staff_and_participants_do_not_find_the_equity_page(trust, make_user, client):
    from withus.accounts.models import Role

    for role in (Role.STAFF, Role.PARTICIPANT, Role.FINANCE_APPROVER, Role.IMPROVEMENT_ADVISOR):
        client.force_login(make_user(role))
        assert client.get("/reports/equity/").status_code == 404


def test_a_cohort_with_nobody_in_it_shows_zeros_not_fewer_than_five(trust):
    report = representation(trust.organisation.pk, period_end=timezone.localdate())
    paid = next(cohort for cohort in report.cohorts if cohort.code == "paid")
    assert paid.total == 0
    assert [cell.count for cell in paid.cells] == [0, 0, 0, 0, 0]


def test_a_cohort_of_fewer_than_five_hides_every_group(trust):
    _active(trust, "A", 3)
    report = representation(trust.organisation.pk, period_end=timezone.localdate())
    active = next(cohort for cohort in report.cohorts if cohort.code == "active")
    assert [cell.count for cell in active.cells] == [None] * 5


# --- Panels and seats over time ----------------------------------------------------------------------------


def test_quarters_to_a_period_end_are_whole_calendar_quarters_oldest_first():
    from withus.reports.equity import quarters_to

    quarters = quarters_to(datetime.date(2026, 9, 30), count=3)
    assert quarters == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
    ]
    # A period ending mid-quarter stops at the last whole quarter.
    mid_quarter = quarters_to(datetime.date(2026, 11, 15), count=1)
    assert mid_quarter == [(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))]


def _panel(trust, lead, closing_date, people):
    from withus.accounts.tests.factories import UserFactory
    from withus.governance.models import MemberKind, PanelMember, Vacancy

    vacancy = Vacancy.objects.create(
        organisation=trust.organisation, unit=trust.willow, job_title="Support worker", band="3",
        closing_date=closing_date, recruiting_manager=lead,
    )  # fmt: skip
    for person in people:
        PanelMember.objects.create(
            organisation=trust.organisation, vacancy=vacancy, user=UserFactory(organisation=trust.organisation),
            person=person, kind=MemberKind.SERVICE_USER, added_by=lead,
        )  # fmt: skip


def _people(trust, code: str, count: int) -> list:
    return [
        with_ethnicity(PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER), code)
        for _ in range(count)
    ]


def test_panel_shares_by_quarter_suppress_small_groups_and_their_next_smallest(trust, make_user):
    from withus.accounts.models import Role
    from withus.reports.equity import quarters_to, representation_over_time

    population_load(organisation=trust.organisation, text=illustrative_csv(), name="Area", source="test")
    lead = make_user(Role.PARTICIPATION_LEAD)
    period_end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    _last_start, last_end = quarters_to(period_end)[-1]
    earlier_start, _earlier_end = quarters_to(period_end)[-2]
    white, asian, black = _people(trust, "A", 10), _people(trust, "H", 6), _people(trust, "N", 3)
    _panel(trust, lead, last_end, white + asian + black)
    _panel(trust, lead, earlier_start + datetime.timedelta(days=5), white[:3])  # 3 known: all hidden
    over_time = representation_over_time(trust.organisation.pk, period_end=period_end)
    panels = next(cohort for cohort in over_time if cohort.code == "panels")
    latest = {group: shares[-1] for group, shares in panels.shares.items()}
    assert latest["white"].count == 10
    assert round(latest["white"].share) == round(100 * 10 / 19)
    assert latest["black"].count is None
    assert latest["black"].share is None
    assert latest["asian"].count is None  # the next smallest, or 19 − 10 would give Black's 3 away
    earlier = {group: shares[-2] for group, shares in panels.shares.items()}
    assert all(share.count is None and share.share is None for share in earlier.values())
    assert panels.population_shares["black"] > 0
    assert len(panels.quarters) == 8


def test_the_equity_page_draws_the_run_charts_with_a_table_and_no_small_number(trust, make_user, client):
    from withus.accounts.models import Role

    lead = make_user(Role.PARTICIPATION_LEAD)
    period_end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    from withus.reports.equity import quarters_to

    white, black = _people(trust, "A", 8), _people(trust, "N", 2)
    _panel(trust, lead, quarters_to(period_end)[-1][1] - datetime.timedelta(days=3), white + black)
    client.force_login(lead)
    page = client.get("/reports/equity/").content.decode()
    assert 'data-vega-chart="equity-panels-spec"' in page
    assert 'id="equity-panels-spec"' in page
    assert 'id="over-time-panels"' in page
    table = page[page.index('id="over-time-panels"') : page.index("</table>", page.index('id="over-time-panels"'))]
    assert "Not shown" in table
    assert "(2 of" not in table
    assert " 2 of " not in page.split('id="equity-panels-spec"')[1].split("</script>")[0]


def test_a_cohort_with_every_quarter_hidden_gets_a_sentence_not_an_empty_chart(trust, make_user, client):
    from withus.accounts.models import Role

    client.force_login(make_user(Role.PARTICIPATION_LEAD))
    page = client.get("/reports/equity/").content.decode()
    assert 'data-vega-chart="equity-seats-spec"' not in page
    assert "No quarter has 5 or more people whose group is known, so no share is shown." in page
