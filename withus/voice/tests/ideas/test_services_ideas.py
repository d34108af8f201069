import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditEntry, ImmutableRecordError
from withus.improvement.models import Stage, TeamMember
from withus.improvement.services.projects import project_change_stage
from withus.notifications.models import Message, MessageKind
from withus.voice import services_ideas as services
from withus.voice.models.ideas import BankHoliday, ForumDecisionKind, Idea, IdeaState, IdeaStateChange, StateKind

pytestmark = pytest.mark.django_db


def test_raising_records_the_first_state_tells_the_teller_and_audits(amara, raise_idea):
    idea = raise_idea(amara.person)
    assert idea.state.kind == StateKind.RECEIVED
    assert not idea.on_behalf
    assert list(idea.history.values_list("state_name", flat=True)) == ["Received"]
    message = Message.objects.get(idempotency_key=f"ideas.received:{idea.pk}")
    assert message.person == amara.person
    assert message.kind == MessageKind.OUTCOMES
    assert AuditEntry.objects.filter(object_id=str(idea.pk), action="create").exists()


def test_staff_raising_for_someone_marks_it_on_behalf(amara, raise_idea, make_user, trust):
    staff = make_user(Role.STAFF, unit=trust.willow)
    idea = raise_idea(amara.person, actor=staff)
    assert idea.on_behalf
    assert idea.raised_by == staff
    assert idea.person == amara.person


def test_first_answer_due_skips_weekends_and_bank_holidays(trust):
    friday = datetime.date(2026, 12, 18)
    BankHoliday.objects.create(organisation=trust.organisation, day=datetime.date(2026, 12, 25), name="Christmas Day")
    BankHoliday.objects.create(organisation=trust.organisation, day=datetime.date(2026, 12, 28), name="Boxing Day")
    due = services.working_days_after(organisation_id=trust.organisation.pk, start=friday, days=10)
    # 21-24, 29-31 Dec, 1, 4, 5 Jan: ten working days.
    assert due == datetime.date(2027, 1, 5)


def test_a_disclosure_of_risk_goes_to_the_trust_wide_leads(amara, raise_idea, lead, make_user):
    scoped = make_user(Role.PARTICIPATION_LEAD, unit=amara.person.organisation.units.first())
    idea = raise_idea(amara.person, risk_disclosed=True)
    told = Message.objects.filter(template="ideas.risk_disclosed")
    assert list(told.values_list("user", flat=True)) == [lead.user.pk]
    assert scoped.pk not in told.values_list("user", flat=True)
    assert idea.title in told.get().body


def test_not_now_needs_a_reason_and_a_future_revisit_date_and_nothing_is_saved(amara, raise_idea, states, lead):
    idea = raise_idea(amara.person)
    with pytest.raises(ValidationError) as error:
        services.idea_move(idea=idea, state=states[StateKind.NOT_NOW], answer="Not yet.", actor=lead.user)
    assert set(error.value.message_dict) == {"reason", "revisit_on"}
    with pytest.raises(ValidationError) as error:
        services.idea_move(
            idea=idea,
            state=states[StateKind.NOT_NOW],
            answer="Not yet.",
            reason="No money this year",
            revisit_on=timezone.localdate(),
            actor=lead.user,
        )
    assert "revisit_on" in error.value.message_dict
    idea.refresh_from_db()
    assert idea.state.kind == StateKind.RECEIVED
    assert idea.history.count() == 1


def test_a_state_that_needs_an_answer_refuses_a_move_without_one(amara, raise_idea, states, lead):
    idea = raise_idea(amara.person)
    with pytest.raises(ValidationError) as error:
        services.idea_move(idea=idea, state=states[StateKind.LOOKING], answer="  ", actor=lead.user)
    assert "answer" in error.value.message_dict


def test_an_answer_over_the_limit_is_refused(amara, raise_idea, states, lead):
    idea = raise_idea(amara.person)
    with pytest.raises(ValidationError) as error:
        services.idea_move(idea=idea, state=states[StateKind.LOOKING], answer="x" * 2001, actor=lead.user)
    assert "2,000 characters" in error.value.message_dict["answer"][0]


def test_a_move_is_history_tells_the_teller_and_counts_as_the_first_answer(amara, raise_idea, states, lead, next_month):
    idea = raise_idea(amara.person)
    change = services.idea_move(
        idea=idea,
        state=states[StateKind.NOT_NOW],
        answer="We cannot buy new torches this year.",
        reason="The budget for this year is spent.",
        revisit_on=next_month,
        actor=lead.user,
    )
    idea.refresh_from_db()
    assert idea.first_answered_at is not None
    assert idea.revisit_on == next_month
    assert idea.version == 2
    message = Message.objects.get(idempotency_key=f"ideas.moved:{change.pk}")
    assert "The budget for this year is spent." in message.body
    assert message.kind == MessageKind.OUTCOMES
    with pytest.raises(ImmutableRecordError):
        change.save()


def test_a_page_sent_from_before_someone_elses_move_is_refused(amara, raise_idea, states, lead):
    idea = raise_idea(amara.person)
    services.idea_move(
        idea=idea, state=states[StateKind.LOOKING], answer="Looking.", expected_version=1, actor=lead.user
    )
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.idea_move(
            idea=idea, state=states[StateKind.LOOKING], answer="Me too.", expected_version=1, actor=lead.user
        )


def test_a_retired_and_renamed_state_still_reads_in_old_history(amara, raise_idea, states, lead, admin_client):
    idea = raise_idea(amara.person)
    looking = states[StateKind.LOOKING]
    services.idea_move(idea=idea, state=looking, answer="Looking.", actor=lead.user)
    IdeaState.objects.filter(pk=looking.pk).update(name="Under review", is_active=False)
    assert IdeaStateChange.objects.filter(idea=idea).last().state_name == "Being looked at"
    with pytest.raises(ValidationError):
        services.idea_move(idea=idea, state=IdeaState.objects.get(pk=looking.pk), answer="Again.", actor=lead.user)


def test_the_forum_approves_a_project_links_it_and_puts_the_teller_on_the_team(amara, raise_idea, to_forum, qi_client):
    idea = raise_idea(amara.person)
    to_forum(idea)
    idea.refresh_from_db()
    decision = services.forum_decide(
        idea=idea,
        expected_version=idea.version,
        forum_on=timezone.localdate(),
        chaired_by="Amara Bello (co-chair)",
        decision=ForumDecisionKind.PROJECT,
        note="Approved: a project to make nights quieter.",
        aim="Halve night-time waking reported in the ward survey by June.",
        actor=qi_client.user,
    )
    idea.refresh_from_db()
    project = decision.project
    assert idea.project == project
    assert idea.state.kind == StateKind.PROJECT
    assert project.problem == idea.detail
    assert project.initiated_by == amara.person
    assert project.approved_on == timezone.localdate()
    assert TeamMember.objects.filter(project=project, person=amara.person).exists()
    assert idea.outcomes.get().project == project
    assert Message.objects.filter(idempotency_key=f"ideas.joined:{project.pk}", person=amara.person).exists()


def test_two_forum_members_deciding_at_once_the_second_is_told(amara, raise_idea, to_forum, qi_client, next_month):
    idea = raise_idea(amara.person)
    to_forum(idea)
    idea.refresh_from_db()
    seen = idea.version
    common = {"forum_on": timezone.localdate(), "chaired_by": "Tom", "actor": qi_client.user}
    services.forum_decide(
        idea=idea, expected_version=seen, decision=ForumDecisionKind.QUICK_CHANGE, note="Red torches bought.", **common
    )
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.forum_decide(
            idea=idea,
            expected_version=seen,
            decision=ForumDecisionKind.NOT_NOW,
            note="Not now.",
            revisit_on=next_month,
            **common,
        )
    assert idea.forum_decisions.count() == 1


def test_only_qi_advisors_and_administrators_record_the_forum(amara, raise_idea, to_forum, lead):
    idea = raise_idea(amara.person)
    to_forum(idea)
    with pytest.raises(PermissionDenied):
        services.forum_decide(
            idea=idea,
            expected_version=2,
            forum_on=timezone.localdate(),
            chaired_by="x",
            decision=ForumDecisionKind.QUICK_CHANGE,
            note="n",
            actor=lead.user,
        )


def test_the_teller_is_told_when_the_linked_project_moves_once(amara, raise_idea, to_forum, qi_client):
    idea = raise_idea(amara.person)
    to_forum(idea)
    idea.refresh_from_db()
    decision = services.forum_decide(
        idea=idea,
        expected_version=idea.version,
        forum_on=timezone.localdate(),
        chaired_by="Tom",
        decision=ForumDecisionKind.PROJECT,
        note="Yes.",
        aim="An aim.",
        actor=qi_client.user,
    )
    project_change_stage(
        project=decision.project,
        stage=Stage.S10,
        changed_on=timezone.localdate(),
        note="Team formed",
        actor=qi_client.user,
    )
    call_command("tell_idea_project_moves")
    call_command("tell_idea_project_moves")
    told = Message.objects.filter(person=amara.person, template="ideas.project")
    assert told.count() == 1
    assert "1.0" in told.get().body


def test_outcomes_and_milestones_tell_the_teller_and_move_progress(amara, raise_idea, lead):
    idea = raise_idea(amara.person)
    outcome = services.outcome_add(
        idea=idea,
        values={
            "kind": "change",
            "what_changed": "Red torches for night checks",
            "where": "Willow Ward",
            "changed_on": timezone.localdate(),
            "evidence": "",
            "reference_label": "",
            "progress": 20,
        },
        actor=lead.user,
    )
    services.milestone_add(
        outcome=outcome,
        values={"title": "All staff trained", "reached_on": timezone.localdate(), "description": "", "progress": 100},
        actor=lead.user,
    )
    outcome.refresh_from_db()
    assert outcome.progress == 100
    templates = set(Message.objects.filter(person=amara.person).values_list("template", flat=True))
    assert {"ideas.outcome", "ideas.milestone"} <= templates


def test_a_milestone_over_100_percent_is_refused(amara, raise_idea, lead):
    idea = raise_idea(amara.person)
    outcome = services.outcome_add(
        idea=idea,
        values={
            "kind": "change",
            "what_changed": "Torches",
            "where": "",
            "changed_on": timezone.localdate(),
            "evidence": "",
            "reference_label": "",
            "progress": 0,
        },
        actor=lead.user,
    )
    with pytest.raises(ValidationError):
        services.milestone_add(
            outcome=outcome,
            values={"title": "Done", "reached_on": timezone.localdate(), "description": "", "progress": 101},
            actor=lead.user,
        )
    assert not outcome.milestones.exists()


def test_raising_for_another_trusts_person_is_refused(trust, states, amara):
    from withus.organisations.tests.factories import OrganisationFactory, UnitFactory

    other = OrganisationFactory(name="Elsewhere")
    with pytest.raises(ValidationError):
        services.idea_raise(
            organisation=other,
            person=amara.person,
            values={"title": "x"},
            units=[UnitFactory(organisation=other)],
            actor=amara.user,
        )
    assert not Idea.objects.exists()


def test_the_project_page_links_back_to_the_idea_it_began_as(amara, ben, raise_idea, approved_as_project, qi_client):
    """Issue 20 item 3: linked both ways. The QI advisor is sent to the idea's page, Amara (on the team) to her own
    page for it; nobody else's idea is named."""
    from django.urls import reverse

    idea, project = approved_as_project(amara.person)
    page = qi_client.get(reverse("improvement:detail", args=[project.pk])).content.decode()
    assert "Began as" in page
    assert f'href="{reverse("ideas:detail", args=[idea.pk])}"' in page
    own = amara.client.get(reverse("improvement:detail", args=[project.pk])).content.decode()
    assert f'href="{reverse("ideas:raised", args=[idea.pk])}"' in own
    other = raise_idea(ben.person)
    assert reverse("ideas:raised", args=[other.pk]) not in own
