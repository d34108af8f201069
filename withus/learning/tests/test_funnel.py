"""The pathway funnel: starts and completions per quarter, and people waiting more than six months."""

import datetime

import pytest
import time_machine

from withus.learning.models import CompletionHow, CourseCode
from withus.learning.selectors import funnel, quarter_of, waiting_too_long
from withus.learning.services.courses import completion_record
from withus.learning.tests.conftest import enrol_directly
from withus.people.models import Person
from withus.people.tests.factories import PersonFactory

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (datetime.date(2026, 11, 26), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2027, 3, 31), datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
    ],
)
def test_quarters(day, start, end):
    quarter = quarter_of(day)
    assert (quarter.start, quarter.end) == (start, end)


def _done(person, course, day):
    completion_record(person=person, course=course, completed_on=day, how=CompletionHow.ATTENDED, actor=None)


@time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC))
def test_funnel_counts_starts_and_completions_per_quarter(trust, courses, make_cohort):
    intro = courses[CourseCode.INTRO_QI]
    started = make_cohort(CourseCode.INTRO_QI, first_in_hours=-24 * 20)  # 6 November: this quarter
    people = [PersonFactory(organisation=trust.organisation) for _ in range(3)]
    for person in people:
        enrol_directly(started, person)
    _done(people[0], intro, datetime.date(2026, 11, 6))
    _done(people[1], intro, datetime.date(2026, 8, 1))
    result = funnel(organisation_id=trust.organisation.pk, today=TODAY)
    labels = [quarter.label for quarter in result["quarters"]]
    assert labels == [
        "January to March 2026",
        "April to June 2026",
        "July to September 2026",
        "October to December 2026",
    ]
    intro_row = result["rows"][0]
    assert intro_row["label"] == "Introduction to QI"
    assert intro_row["cells"] == [[0, 0], [0, 0], [0, 1], [3, 1]]


def test_people_waiting_more_than_six_months(trust, courses, make_cohort):
    intro, fundamentals = courses[CourseCode.INTRO_QI], courses[CourseCode.QI_FUNDAMENTALS]
    long_ago = TODAY - datetime.timedelta(days=200)
    waiting = PersonFactory(organisation=trust.organisation, full_name="Wendy Waiting")
    recent = PersonFactory(organisation=trust.organisation, full_name="Rita Recent")
    moved_on = PersonFactory(organisation=trust.organisation, full_name="Mo Movedon")
    booked = PersonFactory(organisation=trust.organisation, full_name="Bo Booked")
    _done(waiting, intro, long_ago)
    _done(recent, intro, TODAY - datetime.timedelta(days=30))
    _done(moved_on, intro, long_ago)
    _done(moved_on, fundamentals, TODAY - datetime.timedelta(days=20))
    _done(booked, intro, long_ago)
    enrol_directly(make_cohort(CourseCode.QI_FUNDAMENTALS), booked)
    rows = waiting_too_long(organisation_id=trust.organisation.pk, people=Person.objects.values("pk"), today=TODAY)
    assert [(row.full_name, row.done, row.next_step) for row in rows] == [
        ("Wendy Waiting", "Introduction to QI", "QI Fundamentals")
    ]


def test_funnel_page_for_leads_only(lead_client, staff_client, participant):
    page = lead_client.get("/learning/funnel/")
    assert page.status_code == 200
    assert "Pathway funnel" in page.content.decode()
    assert staff_client.get("/learning/funnel/").status_code == 404
    assert participant().client.get("/learning/funnel/").status_code == 404
