"""Issue 20's leftovers: the unit-scoped list counted from the (unit, idea) index, several units on the form, the
linked project's improvement icon, the leads' run charts, the service-level and bank-holiday settings, and reminders
on "not now" revisit dates."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditEntry
from withus.improvement.models import Measure
from withus.notifications.models import Message
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
from withus.voice import selectors_ideas as selectors
from withus.voice import services_ideas as services
from withus.voice.models.ideas import BankHoliday, Idea, IdeaSettings, IdeaStateChange, StateKind

pytestmark = pytest.mark.django_db

RAISE = {
    "title": "Quieter nights",
    "detail": "The night checks wake everyone.",
    "public_summary": "Night checks wake people up.",
    "theme": "environment",
    "risk_disclosed": "no",
    "complaint": "no",
    "wants_to_help": "no",
}


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


# --- The unit-scoped list ------------------------------------------------------------------------------------------


def test_a_scoped_leads_count_is_the_same_as_counting_what_they_see(
    make_user, signed_in, amara, ben, raise_idea, trust, django_assert_max_num_queries
):
    scoped = make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health)
    client = signed_in(scoped)
    for number in range(12):
        raise_idea(amara.person, title=f"Willow idea {number}")
    raise_idea(amara.person, title="Another Willow idea")
    both = services.idea_raise(
        organisation=trust.organisation,
        person=amara.person,
        values={**RAISE, "title": "Willow and Cedar", "risk_disclosed": False, "complaint": False,
                "wants_to_help": False},
        units=[trust.willow, trust.cedar],
        actor=amara.user,
    )  # fmt: skip
    raise_idea(ben.person, title="Nursing idea", unit=trust.nursing)
    raise_idea(ben.person, title="Recorded by the lead elsewhere", unit=trust.nursing, actor=scoped)
    seen = Idea.objects.visible_to(scoped)
    assert selectors.ideas_count(scoped, seen, filtered=False) == seen.count() == 15
    with django_assert_max_num_queries(20):
        page = client.get(reverse("ideas:list")).content.decode()
    assert "15 ideas, newest first" in page
    assert "Nursing idea" not in page
    assert "Recorded by the lead elsewhere" in page  # they recorded it themselves
    assert page.count("Willow and Cedar<") == 1  # one idea about two units is listed once
    assert both.units.count() == 2
    filtered = client.get(reverse("ideas:list"), {"theme": "environment"}).content.decode()
    assert "15 ideas" in filtered


def test_the_public_page_counts_months_by_local_dates(client, amara, raise_idea, states, lead, trust, next_month):
    idea = raise_idea(amara.person)
    services.idea_move(
        idea=idea,
        state=states[StateKind.NOT_NOW],
        answer="Not this year.",
        reason="The budget is spent.",
        revisit_on=next_month,
        actor=lead.user,
    )
    months = selectors.said_did_months(trust.willow)
    assert months[0]["count"] == 1
    assert sum(item["count"] for item in months) == 1
    assert selectors.said_did_months(trust.nursing)[0]["count"] == 0
    lines = selectors.said_did(trust.mental_health, timezone.localdate())  # a directorate includes its wards
    assert [line.reason for line in lines] == ["The budget is spent."]


# --- Several units on the form -------------------------------------------------------------------------------------


def test_an_idea_can_be_about_more_than_one_place(amara, trust, states):
    response = amara.client.post(reverse("ideas:new"), {**RAISE, "units": [trust.willow.pk, trust.nursing.pk]})
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert {unit.code for unit in idea.units.all()} == {"WILLOW", "DN"}
    page = amara.client.get(reverse("ideas:mine", args=[idea.pk])).content.decode()
    assert "Willow Ward" in page
    assert "Marsh District Nursing" in page


def test_units_of_another_trust_or_none_at_all_are_refused_and_nothing_is_saved(amara, trust, states):
    elsewhere = UnitFactory(organisation=OrganisationFactory(name="Elsewhere NHS Trust"), name="Far Ward", code="FAR")
    page = amara.client.post(reverse("ideas:new"), {**RAISE, "units": [trust.willow.pk, elsewhere.pk]})
    assert page.status_code == 200
    assert "Choose from the wards, teams and services shown" in page.content.decode()
    page = amara.client.post(reverse("ideas:new"), {**RAISE, "units": ["not-a-unit"]})
    assert "Choose from the wards, teams and services shown" in page.content.decode()
    page = amara.client.post(reverse("ideas:new"), {**RAISE})
    assert "Choose the ward, team or service it is about" in page.content.decode()
    assert not Idea.objects.exists()


def test_more_than_ten_units_is_refused(amara, trust, states):
    units = [UnitFactory(organisation=trust.organisation, parent=trust.acute, code=f"X{n}") for n in range(11)]
    page = amara.client.post(reverse("ideas:new"), {**RAISE, "units": [unit.pk for unit in units]})
    assert "Choose 10 or fewer" in page.content.decode()
    assert not Idea.objects.exists()


# --- The linked project's improvement icon -------------------------------------------------------------------------


def _measure(project, name, variation):
    measure = Measure.objects.create(
        organisation=project.organisation, project=project, name=name, kind="outcome", definition="Counted weekly."
    )
    Measure.objects.filter(pk=measure.pk).update(variation=variation, latest_period=timezone.localdate())
    return measure


def test_a_linked_projects_improving_measure_shows_on_the_idea(amara, approved_as_project, qi_client, lead):
    idea, project = approved_as_project(amara.person)
    mine = reverse("ideas:mine", args=[idea.pk])
    assert "getting better" not in amara.client.get(mine).content.decode()
    _measure(project, "Nights woken", "common-cause")
    _measure(project, "Complaints about noise", "concern-high")
    assert "getting better" not in amara.client.get(mine).content.decode()  # only improvement is shown
    _measure(project, "Nights woken up per week", "improvement-low")
    for page in (
        amara.client.get(mine).content.decode(),
        amara.client.get(reverse("ideas:heard")).content.decode(),
        lead.client.get(reverse("ideas:detail", args=[idea.pk])).content.decode(),
    ):
        assert "The project's measure shows it is getting better" in page
        assert "Nights woken up per week" in page
        assert "Special-cause improvement (lower)" in page
        assert "Complaints about noise" not in page


# --- Run charts for leads and the board ----------------------------------------------------------------------------


def test_the_run_charts_show_each_directorate_with_icons_and_tables(
    amara, ben, raise_idea, states, lead, approved_as_project, trust
):
    today = timezone.localdate()
    for months_ago in range(6):
        raised = timezone.now() - datetime.timedelta(days=30 * months_ago + 20)
        idea = services.idea_raise(
            organisation=trust.organisation,
            person=amara.person,
            values={**RAISE, "risk_disclosed": False, "complaint": False, "wants_to_help": False},
            units=[trust.willow if months_ago % 2 else trust.nursing],
            actor=amara.user,
            at=raised,
        )
        services.idea_move(
            idea=idea,
            state=states[StateKind.QUICK_CHANGE],
            answer="Done.",
            actor=lead.user,
            at=raised + datetime.timedelta(days=3 + months_ago),
        )
    approved_as_project(amara.person)
    response = lead.client.get(reverse("ideas:charts"))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    for words in (
        "Days to a first answer",
        "Days to a change",
        "QI projects that began as a service user's idea",
        "Riverside Mental Health",
        "Marsh Community Health",
        "All directorates",
        "The figures for Riverside Mental Health",
    ):
        assert words in page, words
    assert 'data-vega-chart="chart-answer-all-spec"' in page  # the whole trust's chart is drawn first
    assert "withus-mdc-icon" in page or "Not enough data yet" in page
    assert "100%" in page  # the one project began as a service user's idea
    facts = selectors.idea_chart_facts(lead.user, first_month=today.replace(day=1) - datetime.timedelta(days=400))
    assert len(facts["answers"]) == 7
    assert len(facts["changes"]) == 6
    assert len(facts["projects"]) == 1
    drawn = lead.client.get(reverse("ideas:charts"), {"chart": str(trust.community.pk)}).content.decode()
    assert f'data-vega-chart="chart-answer-{trust.community.pk}-spec"' in drawn
    unknown = lead.client.get(reverse("ideas:charts"), {"chart": "<script>"}).content.decode()
    assert 'data-vega-chart="chart-answer-all-spec"' in unknown
    assert AuditEntry.objects.filter(object_type="idea charts").exists()


def test_a_scoped_lead_sees_only_their_directorates_charts(make_user, signed_in, trust, amara, raise_idea):
    raise_idea(amara.person, unit=trust.nursing)
    client = signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health))
    page = client.get(reverse("ideas:charts")).content.decode()
    assert "Riverside Mental Health" in page
    assert "Marsh Community Health" not in page


def test_staff_and_participants_do_not_reach_the_charts(staff_client, amara):
    assert staff_client.get(reverse("ideas:charts")).status_code == 404
    assert amara.client.get(reverse("ideas:charts")).status_code == 404


# --- Service level and bank holidays -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the number of working days to a first answer"),
        ("0", "Enter a number of working days from 1 to 60"),
        ("61", "Enter a number of working days from 1 to 60"),
        ("ten", "Enter a whole number of working days, from 1 to 60"),
    ],
)
def test_a_bad_service_level_is_explained_and_nothing_changes(admin_client, trust, value, message):
    response = admin_client.post(reverse("ideas:settings"), {"action": "level", "level-first_answer_days": value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not IdeaSettings.objects.exists()


def test_an_administrator_sets_the_service_level_and_new_ideas_use_it(admin_client, trust, amara, raise_idea):
    response = admin_client.post(reverse("ideas:settings"), {"action": "level", "level-first_answer_days": "3"})
    assert response.status_code == 302
    assert IdeaSettings.objects.get(organisation=trust.organisation).first_answer_days == 3
    assert AuditEntry.objects.filter(object_label__startswith="Ideas service level: 3").exists()
    idea = raise_idea(amara.person)
    start = timezone.localtime(idea.created_at).date()
    assert idea.first_answer_due == services.working_days_after(
        organisation_id=trust.organisation.pk, start=start, days=3
    )
    assert "within <strong>3 working days</strong>" in admin_client.get(reverse("ideas:settings")).content.decode()


def test_bank_holidays_are_added_refused_when_wrong_and_taken_out(admin_client, trust):
    url = reverse("ideas:settings")
    day = timezone.localdate() + datetime.timedelta(days=20)
    added = admin_client.post(url, {"action": "holiday", **_date("holiday-day", day), "holiday-name": "Trust day"})
    assert added.status_code == 302
    holiday = BankHoliday.objects.get(organisation=trust.organisation)
    again = admin_client.post(url, {"action": "holiday", **_date("holiday-day", day), "holiday-name": "Again"})
    assert "is already in the list" in again.content.decode()
    no_name = admin_client.post(url, {"action": "holiday", **_date("holiday-day", day), "holiday-name": " "})
    assert "There is a problem" in no_name.content.decode()
    bad_day = admin_client.post(url, {"action": "holiday", "holiday-day_day": "31", "holiday-day_month": "2",
                                      "holiday-day_year": "2027", "holiday-name": "Nope"})  # fmt: skip
    assert "There is a problem" in bad_day.content.decode()
    assert BankHoliday.objects.count() == 1
    assert "Trust day" in admin_client.get(url).content.decode()
    removed = admin_client.post(url, {"action": "remove", "holiday": str(holiday.pk)})
    assert removed.status_code == 302
    assert not BankHoliday.objects.exists()
    assert AuditEntry.objects.filter(object_label__startswith="Removed bank holiday Trust day").exists()
    gone = admin_client.post(url, {"action": "remove", "holiday": "not-a-uuid"}, follow=True)
    assert "not in the list any more" in gone.content.decode()


def test_another_trusts_bank_holiday_is_never_removed(admin_client):
    other = OrganisationFactory(name="Elsewhere NHS Trust")
    holiday = BankHoliday.objects.create(organisation=other, day=datetime.date(2027, 1, 1), name="New Year's Day")
    admin_client.post(reverse("ideas:settings"), {"action": "remove", "holiday": str(holiday.pk)})
    assert BankHoliday.objects.filter(pk=holiday.pk).exists()


def test_only_administrators_reach_the_settings(lead, qi_client, staff_client, amara):
    for client in (lead.client, qi_client, staff_client, amara.client):
        assert client.get(reverse("ideas:settings")).status_code == 404
        assert (
            client.post(reverse("ideas:settings"), {"action": "level", "level-first_answer_days": "5"}).status_code
            == 404
        )
    assert not IdeaSettings.objects.exists()


def test_the_service_refuses_a_bad_level(trust, lead):
    for value in (0, 61, "5", True):
        with pytest.raises(ValidationError):
            services.idea_settings_update(organisation=trust.organisation, first_answer_days=value, actor=lead.user)


# --- Reminders on revisit dates ------------------------------------------------------------------------------------


def _not_now(idea, states, lead, next_month):
    services.idea_move(
        idea=idea,
        state=states[StateKind.NOT_NOW],
        answer="Not this year.",
        reason="The budget is spent.",
        revisit_on=next_month,
        actor=lead.user,
    )


def test_revisit_reminders_tell_the_lead_and_the_teller_once_even_run_twice(
    amara, ben, raise_idea, states, lead, next_month
):
    due = raise_idea(amara.person, title="Due today")
    later = raise_idea(ben.person, title="Due later")
    _not_now(due, states, lead, next_month)
    _not_now(later, states, lead, next_month)
    Idea.objects.filter(pk=due.pk).update(revisit_on=timezone.localdate())  # the day has come
    call_command("remind_idea_revisits")
    call_command("remind_idea_revisits")  # safe to run twice
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.state.kind == StateKind.LOOKING
    assert due.revisit_on is None
    assert later.state.kind == StateKind.NOT_NOW
    assert later.revisit_on == next_month
    assert IdeaStateChange.objects.filter(idea=due, state_kind=StateKind.LOOKING).count() == 1
    to_lead = Message.objects.filter(user=lead.user, idempotency_key__startswith="ideas.revisit_due:")
    assert to_lead.count() == 1
    assert "Due today" in to_lead.get().subject
    assert Message.objects.filter(person=amara.person, body__contains="looking at it again now").count() == 1
    assert not Message.objects.filter(person=ben.person, body__contains="looking at it again now").exists()


def test_with_no_being_looked_at_state_the_teller_is_still_told_once(amara, raise_idea, states, lead, next_month):
    idea = raise_idea(amara.person)
    _not_now(idea, states, lead, next_month)
    Idea.objects.filter(pk=idea.pk).update(revisit_on=timezone.localdate() - datetime.timedelta(days=2))
    states[StateKind.LOOKING].__class__.objects.filter(kind=StateKind.LOOKING).update(is_active=False)
    assert services.ideas_remind_revisits() == 1
    assert services.ideas_remind_revisits() == 0
    idea.refresh_from_db()
    assert idea.state.kind == StateKind.NOT_NOW
    assert idea.revisit_on is None
    assert Message.objects.filter(person=amara.person, idempotency_key__startswith="ideas.revisit:").count() == 1
