"""Issue 21's wave-two leftovers: the survey's monthly totals, the check-in list a page at a time, paper answers
entered by a lead, the one-page profile, and buddy check-ins as paid involvement."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.dates import add_months, month_start
from withus.core.models import AuditEntry
from withus.involvement.models import InvolvementRecord
from withus.involvement.services import kinds_ensure_defaults
from withus.payments.services.claims import claim_create, unclaimed_records
from withus.payments.services.rates import rate_add
from withus.people.models import OnBehalfAction, PersonKind, PersonUnit
from withus.people.tests.factories import PersonFactory
from withus.support import selectors, services
from withus.support.models import AnswerHow, BuddyCheckIn, ExperienceAnswer, ExperienceMonth, Profile

pytestmark = pytest.mark.django_db

ANSWERS = {"voice": 4, "contribute": 4, "agenda": 5, "change": 3}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead(make_user):
    return make_user(Role.PARTICIPATION_LEAD, full_name="Priya Shah")


@pytest.fixture
def amara(trust, make_user, lead):
    user = make_user(Role.PARTICIPANT, email="amara@example.org")
    return PersonFactory(
        organisation=trust.organisation,
        user=user,
        full_name="Amara Bello",
        kind=PersonKind.SERVICE_USER,
        units=[trust.willow],
        participation_lead=lead,
    )


@pytest.fixture
def ben(trust, make_user):
    user = make_user(Role.PARTICIPANT, email="ben@example.org")
    return PersonFactory(
        organisation=trust.organisation, user=user, full_name="Ben Hughes", kind=PersonKind.CARER, units=[trust.nursing]
    )


def _totals(organisation) -> dict:
    return {
        (row.month, row.directorate_id, row.kind_id): (
            row.answers,
            row.voice_sum,
            row.contribute_sum,
            row.agenda_sum,
            row.change_sum,
        )
        for row in ExperienceMonth.objects.filter(organisation=organisation, answers__gt=0)
    }


# --- The survey's monthly totals -----------------------------------------------------------------------------


def test_monthly_totals_follow_each_answer_and_a_replaced_answer_is_never_counted_twice(trust, amara, ben):
    month = month_start(timezone.localdate())
    services.experience_answer(person=amara, month=month, answers=ANSWERS, actor=amara.user)
    services.experience_answer(person=ben, month=month, answers={**ANSWERS, "voice": 2}, actor=ben.user)
    services.experience_answer(person=amara, month=month, answers={**ANSWERS, "voice": 5}, actor=amara.user)
    assert ExperienceAnswer.objects.filter(person=amara).count() == 1
    totals = _totals(trust.organisation)
    assert totals[(month, trust.mental_health.pk, None)] == (1, 5, 4, 5, 3)
    assert totals[(month, trust.community.pk, None)] == (1, 2, 4, 5, 3)
    # Counting again from the answers gives the same totals: the service kept them exactly.
    services.experience_summary_rebuild(organisation_id=trust.organisation.pk)
    assert _totals(trust.organisation) == totals
    facts = selectors.experience_facts(trust.organisation.pk, first_month=month, group_by="directorate")
    assert {(row["directorate_id"], row["answers"], row["voice"]) for row in facts} == {
        (trust.mental_health.pk, 1, 5),
        (trust.community.pk, 1, 2),
    }


def test_a_replaced_answer_leaves_its_old_directorate_and_kind(trust, amara):
    month = month_start(timezone.localdate())
    kinds = kinds_ensure_defaults(organisation=trust.organisation)
    services.experience_answer(person=amara, month=month, answers=ANSWERS, kind=kinds[0], actor=amara.user)
    PersonUnit.objects.filter(person=amara).update(unit=trust.nursing)  # she moved to district nursing
    services.experience_answer(person=amara, month=month, answers=ANSWERS, kind=kinds[1], actor=amara.user)
    totals = _totals(trust.organisation)
    assert totals == {(month, trust.community.pk, kinds[1].pk): (1, 4, 4, 5, 3)}
    by_kind = selectors.experience_facts(trust.organisation.pk, first_month=month, group_by="kind")
    assert [(row["kind_id"], row["answers"]) for row in by_kind] == [(kinds[1].pk, 1)]


@pytest.mark.parametrize("bad", [0, 6, -1, "3", True, None, 2.5])
def test_answers_outside_1_to_5_are_refused_and_change_no_totals(trust, amara, bad):
    month = month_start(timezone.localdate())
    with pytest.raises(ValidationError):
        services.experience_answer(person=amara, month=month, answers={**ANSWERS, "agenda": bad}, actor=amara.user)
    assert not ExperienceAnswer.objects.exists()
    assert not ExperienceMonth.objects.exists()


def test_a_future_month_is_refused_and_changes_no_totals(amara):
    next_month = add_months(month_start(timezone.localdate()), 1)
    with pytest.raises(ValidationError, match="not a future month"):
        services.experience_answer(person=amara, month=next_month, answers=ANSWERS, actor=amara.user)
    assert not ExperienceMonth.objects.exists()


def test_the_experience_page_reads_totals_with_the_same_queries_however_many_answered(
    trust, lead, django_assert_max_num_queries
):
    this_month = month_start(timezone.localdate())
    people = [PersonFactory(organisation=trust.organisation, units=[trust.willow]) for _ in range(6)]
    rows = [
        ExperienceAnswer(
            organisation=trust.organisation,
            person=person,
            month=add_months(this_month, -back),
            directorate=trust.mental_health,
            voice=2 + back % 3,
            contribute=4,
            agenda=4,
            change=4,
        )
        for back in range(1, 25)
        for person in people
    ]
    services.experience_answers_bulk(rows)
    assert ExperienceMonth.objects.filter(organisation=trust.organisation).count() == 24
    client = client_for(lead)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("support:experience")).content.decode()
    assert "Riverside Mental Health" in page
    assert "withus-mdc-icon" in page


# --- The check-in list, a page at a time ---------------------------------------------------------------------


def _low_answers(trust, count: int, first: int = 0) -> None:
    month = month_start(timezone.localdate())
    for number in range(first, first + count):
        person = PersonFactory(organisation=trust.organisation, full_name=f"Person {number:03d}", units=[trust.willow])
        ExperienceAnswer.objects.create(
            organisation=trust.organisation, person=person, month=month, voice=1, contribute=3, agenda=3, change=3
        )


def test_the_check_in_list_comes_a_page_at_a_time_with_the_same_queries(
    trust, lead, django_assert_max_num_queries, django_assert_num_queries
):
    _low_answers(trust, 3)
    client = client_for(lead)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("support:check_ins"))
    _low_answers(trust, 55, first=3)
    with django_assert_num_queries(len(few.captured_queries)):
        first = client.get(reverse("support:check_ins")).content.decode()
    assert "58 people on your list, 50 to a page" in first
    assert "Person 000" in first
    assert "Person 049" in first
    assert "Person 050" not in first
    second = client.get(reverse("support:check_ins") + "?page=2").content.decode()
    assert "Person 050" in second
    assert "Page 2 of 2" in second
    assert "A low answer in the experience survey" in second
    # A page number that is not a page shows the last page, not an error.
    assert client.get(reverse("support:check_ins") + "?page=x").status_code == 200


# --- Paper answers entered by a lead -------------------------------------------------------------------------


def test_a_lead_enters_paper_answers_which_replace_never_double(trust, amara, lead):
    month = month_start(timezone.localdate())
    last_month = add_months(month, -1)
    answer = services.experience_answer_on_paper(person=amara, month=last_month, answers=ANSWERS, actor=lead)
    assert (answer.how, answer.recorded_by) == (AnswerHow.PAPER, lead)
    action = OnBehalfAction.objects.get(person=amara, object_id=str(answer.pk))
    assert action.actor == lead
    assert "paper" in action.how_agreed
    services.experience_answer_on_paper(person=amara, month=last_month, answers={**ANSWERS, "change": 1}, actor=lead)
    assert ExperienceAnswer.objects.filter(person=amara).count() == 1
    assert _totals(trust.organisation) == {(last_month, trust.mental_health.pk, None): (1, 4, 4, 5, 1)}
    with pytest.raises(ValidationError, match="or later"):
        services.experience_answer_on_paper(person=amara, month=add_months(month, -12), answers=ANSWERS, actor=lead)
    with pytest.raises(ValidationError, match="future"):
        services.experience_answer_on_paper(person=amara, month=add_months(month, 1), answers=ANSWERS, actor=lead)
    with pytest.raises(ValidationError):
        services.experience_answer_on_paper(person=amara, month=month, answers={**ANSWERS, "voice": 9}, actor=lead)
    with pytest.raises(ValidationError, match="your own survey"):
        services.experience_answer_on_paper(person=amara, month=month, answers=ANSWERS, actor=amara.user)
    assert ExperienceAnswer.objects.filter(person=amara).count() == 1


def test_the_paper_answers_page_checks_its_input_and_who_may_use_it(trust, amara, lead, make_user):
    url = reverse("support:paper_survey", args=[amara.pk])
    client = client_for(lead)
    assert "Enter paper survey answers" in client.get(url).content.decode()
    month = month_start(timezone.localdate())
    bad = client.post(url, {"month": month.isoformat(), "voice": "7", "contribute": "3", "agenda": "3"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Choose an answer from 1 to 5" in text
    assert "Did the organisers listen and respond" in text
    old = add_months(month, -20).isoformat()
    refused = client.post(url, {"month": old, **dict.fromkeys(ANSWERS, "3")})
    assert "Choose a month from the list" in refused.content.decode()
    assert not ExperienceAnswer.objects.exists()
    good = client.post(url, {"month": month.isoformat(), **{name: str(value) for name, value in ANSWERS.items()}})
    assert good.status_code == 302
    again = client.post(url, {"month": month.isoformat(), **dict.fromkeys(ANSWERS, "5")}, follow=True)
    assert "replace their earlier answers" in again.content.decode()
    assert ExperienceAnswer.objects.get(person=amara).voice == 5
    elsewhere = make_user(Role.PARTICIPATION_LEAD, unit=trust.community)
    assert client_for(elsewhere).get(url).status_code == 404
    assert client_for(make_user(Role.STAFF, unit=trust.willow)).get(url).status_code == 404
    assert client_for(amara.user).get(url).status_code == 404


# --- The one-page profile ------------------------------------------------------------------------------------


def test_profile_lists_are_short_trimmed_and_without_repeats(amara, lead):
    profile = services.profile_save(
        person=amara, good_at=[" Listening ", "listening", "", "Chairing  meetings"], want_to_learn=["Data"], actor=lead
    )
    assert profile.good_at == ["Listening", "Chairing meetings"]
    assert profile.summary == "Good at: Listening, Chairing meetings. Would like to learn: Data."
    with pytest.raises(ValidationError, match="up to 5"):
        services.profile_save(person=amara, good_at=list("abcdef"), want_to_learn=[], actor=amara.user)
    with pytest.raises(ValidationError, match="60 characters"):
        services.profile_save(person=amara, good_at=["x" * 61], want_to_learn=[], actor=amara.user)
    profile.refresh_from_db()
    assert profile.good_at == ["Listening", "Chairing meetings"]
    assert list(Profile.objects.mentioning("chair")) == [profile]
    assert not Profile.objects.mentioning("spreadsheets").exists()


def test_amara_keeps_her_profile_and_her_lead_may_write_it_with_her(trust, amara, lead, make_user):
    own = client_for(amara.user)
    url = reverse("support:my_profile")
    assert "Your one-page profile" in own.get(url).content.decode()
    too_many = own.post(url, {"good_at": "\n".join(f"thing {n}" for n in range(6)), "want_to_learn": ""})
    assert "List up to 5 things" in too_many.content.decode()
    too_long = own.post(url, {"good_at": "y" * 61, "want_to_learn": ""})
    assert "60 characters or fewer" in too_long.content.decode()
    assert not Profile.objects.exists()
    assert own.post(url, {"good_at": "Listening\r\nTelling my story", "want_to_learn": "Data"}).status_code == 302
    assert Profile.objects.get(person=amara).good_at == ["Listening", "Telling my story"]
    lead_url = reverse("support:person_profile", args=[amara.pk])
    assert (
        client_for(lead).post(lead_url, {"good_at": "Listening", "want_to_learn": "Data\nChairing"}).status_code == 302
    )
    page = own.get(url).content.decode()
    assert "Last changed by Priya Shah" in page
    assert AuditEntry.objects.filter(object_type="profile", actor=lead).exists()
    assert (
        "Would like to learn: Data, Chairing."
        in client_for(lead).get(reverse("support:person", args=[amara.pk])).content.decode()
    )
    assert client_for(make_user(Role.PARTICIPATION_LEAD, unit=trust.community)).get(lead_url).status_code == 404
    assert client_for(make_user(Role.STAFF, unit=trust.willow)).get(lead_url).status_code == 404


# --- Buddy check-ins are paid involvement --------------------------------------------------------------------


@pytest.fixture
def pair(trust, amara, ben, lead):
    ben.status = "active"
    ben.save(update_fields=["status"])
    return services.buddy_add(
        person=amara,
        buddy=ben,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=None,
        check_in_every="fortnight",
        actor=lead,
    )


def test_a_buddy_check_in_is_an_involvement_record_of_the_buddy_that_can_be_claimed(trust, pair, ben, lead, make_user):
    held_on = timezone.localdate() - datetime.timedelta(days=2)
    check_in = services.buddy_check_in_record(pair=pair, held_on=held_on, hours=Decimal("1.5"), actor=lead)
    record = InvolvementRecord.objects.get(pk=check_in.record_id)
    assert (record.person, record.hours, record.date, record.kind.code) == (ben, Decimal("1.5"), held_on, "peer-buddy")
    assert record.payable
    assert "Amara" not in record.source_label
    assert list(unclaimed_records(ben)) == [record]
    finance = make_user(Role.FINANCE_APPROVER)
    rate_add(
        organisation=trust.organisation,
        activity_code="INV-BUDDY",
        name="Peer buddying",
        unit="per_hour",
        amount="15.00",
        effective_from=held_on - datetime.timedelta(days=60),
        actor=finance,
    )
    claim = claim_create(person=ben, record_ids=[record.pk], actor=ben.user)
    assert claim.lines.get().amount == Decimal("22.50")


@pytest.mark.parametrize(
    ("days_ago", "hours", "message"),
    [
        (-1, "1", "today or in the past"),
        (45, "1", "while they were buddies"),
        (1, "5", "4 hours or fewer"),
        (1, "0", "more than 0"),
        (1, "abc", "as a number"),
    ],
)
def test_a_buddy_check_in_with_bad_input_saves_nothing(pair, lead, days_ago, hours, message):
    with pytest.raises(ValidationError, match=message):
        services.buddy_check_in_record(
            pair=pair, held_on=timezone.localdate() - datetime.timedelta(days=days_ago), hours=hours, actor=lead
        )
    assert not BuddyCheckIn.objects.exists()
    assert not InvolvementRecord.objects.filter(kind__code="peer-buddy").exists()


def test_the_same_check_in_twice_is_refused_and_not_paid_twice(pair, lead):
    held_on = timezone.localdate()
    services.buddy_check_in_record(pair=pair, held_on=held_on, hours=1, actor=lead)
    with pytest.raises(ValidationError, match="already recorded"):
        services.buddy_check_in_record(pair=pair, held_on=held_on, hours=1, actor=lead)
    assert BuddyCheckIn.objects.count() == 1
    assert InvolvementRecord.objects.filter(kind__code="peer-buddy").count() == 1


def test_the_check_ins_page_records_one_and_is_for_the_persons_leads_only(trust, pair, lead, make_user):
    url = reverse("support:buddy_check_ins", args=[pair.pk])
    client = client_for(lead)
    assert "No check-ins recorded yet" in client.get(url).content.decode()
    refused = client.post(url, {"held_on_day": "1", "held_on_month": "1", "held_on_year": "2020", "hours": "9"})
    assert refused.status_code == 200
    assert "A check-in is 4 hours or fewer" in refused.content.decode()
    today = timezone.localdate()
    posted = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year, "hours": "1"}
    done = client.post(url, posted, follow=True).content.decode()
    assert "ready to claim" in done
    assert BuddyCheckIn.objects.count() == 1
    assert client_for(make_user(Role.PARTICIPATION_LEAD, unit=trust.community)).get(url).status_code == 404
    assert client_for(make_user(Role.STAFF, unit=trust.willow)).get(url).status_code == 404
