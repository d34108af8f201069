import datetime
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.dates import month_start
from withus.core.models import AuditEntry
from withus.involvement.models import InvolvementKind
from withus.involvement.services import kinds_ensure_defaults
from withus.involvement.tests.factories import RecordFactory
from withus.notifications.models import Message
from withus.people.models import MembershipStatus, Person, PersonKind
from withus.people.tests.factories import PersonFactory
from withus.support import readiness, selectors, services
from withus.support.models import Debrief, DebriefStatus, ExperienceAnswer, InvolvementAgreement, SupportPlan

pytestmark = pytest.mark.django_db

ANSWERS = {"voice": 4, "contribute": 4, "agenda": 5, "change": 3}


@pytest.fixture
def lead(make_user):
    return make_user(Role.PARTICIPATION_LEAD)


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


def _details(**extra):
    return {"what_the_role_involves": "Team member", "time_commitment": "2 hours a month", **extra}


def test_agreement_versions_and_both_agreeing_updates_the_register(amara, lead):
    first = services.agreement_create(person=amara, role="QI team member", details=_details(), actor=lead)
    assert first.version == 1
    assert first.lead_agreed_on
    assert not first.person_agreed_on
    assert Message.objects.filter(person=amara, template="support/agreement_to_agree").count() == 1
    second = services.agreement_create(person=amara, role="QI team member", details=_details(), actor=lead)
    assert second.version == 2
    with pytest.raises(ValidationError, match="newer version"):
        services.agreement_agree(agreement=first, person=amara, actor=amara.user)
    services.agreement_agree(agreement=second, person=amara, actor=amara.user)
    amara.refresh_from_db()
    assert amara.agreement_signed_on == timezone.localdate()
    assert [a.version for a in selectors.latest_agreements(amara)] == [2]


def test_paper_copy_recorded_by_lead_and_no_message(amara, lead):
    signed = timezone.localdate() - datetime.timedelta(days=3)
    agreement = services.agreement_create(
        person=amara, role="Panel member", details=_details(), actor=lead, paper_signed_on=signed
    )
    assert agreement.is_agreed
    assert agreement.person_agreed_how == "paper"
    assert not Message.objects.filter(person=amara).exists()
    with pytest.raises(ValidationError):
        services.agreement_create(
            person=amara,
            role="Panel member",
            details=_details(),
            actor=lead,
            paper_signed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.agreement_create(person=amara, role="  ", details=_details(), actor=lead)


def test_migration_copies_register_dates_into_version_one(trust):
    person = PersonFactory(organisation=trust.organisation, agreement_signed_on=datetime.date(2024, 5, 1))
    PersonFactory(organisation=trust.organisation, agreement_signed_on=None)
    migration = import_module("withus.support.migrations.0002_agreements_from_register")
    migration.copy_dates(django_apps, None)
    migration.copy_dates(django_apps, None)  # run twice: still one
    copied = InvolvementAgreement.objects.get(person=person)
    assert copied.version == 1
    assert copied.is_agreed
    assert copied.person_agreed_on == datetime.date(2024, 5, 1)
    assert InvolvementAgreement.objects.count() == 1


def test_support_plan_refuses_unknown_adjustment_and_past_review(amara):
    with pytest.raises(ValidationError):
        services.plan_save(person=amara, values={"adjustments": ["flying"]}, actor=amara.user)
    with pytest.raises(ValidationError):
        services.plan_save(
            person=amara, values={"review_on": timezone.localdate() - datetime.timedelta(days=1)}, actor=amara.user
        )
    assert not SupportPlan.objects.exists()
    services.plan_save(person=amara, values={"adjustments": ["pre_meeting"], "what_helps": "Tea"}, actor=amara.user)
    people = Person.objects.filter(pk=amara.pk)
    assert selectors.adjustments_for(people) == [(amara, ["A short meeting beforehand to go through the papers"])]


def test_survey_replaces_within_a_month_and_refuses_out_of_range(amara, lead):
    month = month_start(timezone.localdate())
    services.experience_answer(person=amara, month=month, answers=ANSWERS, actor=amara.user)
    services.experience_answer(person=amara, month=month, answers={**ANSWERS, "voice": 1}, actor=amara.user)
    assert ExperienceAnswer.objects.filter(person=amara).count() == 1
    assert ExperienceAnswer.objects.get(person=amara).voice == 1
    # A low answer: one private prompt to her lead, however often she answers.
    assert Message.objects.filter(user=lead, template="support/low_answer").count() == 1
    for bad in (0, 6, "3", None):
        with pytest.raises(ValidationError):
            services.experience_answer(person=amara, month=month, answers={**ANSWERS, "agenda": bad}, actor=lead)
    with pytest.raises(ValidationError, match="future"):
        services.experience_answer(
            person=amara, month=month + datetime.timedelta(days=40), answers=ANSWERS, actor=amara.user
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        ExperienceAnswer.objects.filter(person=amara).update(change=9)


def test_pause_keeps_place_and_return_restores_status(amara):
    back = timezone.localdate() + datetime.timedelta(days=30)
    services.pause_start(person=amara, return_on=back, reason="", actor=amara.user)
    amara.refresh_from_db()
    assert amara.status == MembershipStatus.PAUSED
    with pytest.raises(ValidationError, match="already paused"):
        services.pause_start(person=amara, return_on=None, reason="", actor=amara.user)
    services.pause_end(person=amara, actor=amara.user)
    amara.refresh_from_db()
    assert amara.status == MembershipStatus.ACTIVE
    with pytest.raises(ValidationError):
        services.pause_start(person=amara, return_on=timezone.localdate(), reason="", actor=amara.user)


def test_debrief_offered_once_after_a_difficult_kind_and_answered(trust, amara, lead):
    kinds_ensure_defaults(organisation=trust.organisation)
    panel = InvolvementKind.objects.filter(organisation=trust.organisation).first()
    services.difficult_kind_flag(kind=panel, why="Distressing content", actor=lead)
    RecordFactory(
        person=amara, organisation=trust.organisation, kind=panel, date=timezone.localdate(), hours=Decimal("2")
    )
    since = timezone.localdate() - datetime.timedelta(days=7)
    services.debriefs_offer_after_difficult(organisation_id=trust.organisation.pk, since=since)
    services.debriefs_offer_after_difficult(organisation_id=trust.organisation.pk, since=since)
    debrief = Debrief.objects.get(person=amara)
    assert Message.objects.filter(person=amara, template="support/debrief_offered").count() == 1
    with pytest.raises(ValidationError):
        services.debrief_answer(debrief=debrief, person=amara, accept=True, with_whom=" ", actor=amara.user)
    services.debrief_answer(debrief=debrief, person=amara, accept=True, with_whom="Priya", actor=amara.user)
    debrief.refresh_from_db()
    assert debrief.status == DebriefStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.debrief_record_held(
            debrief=debrief,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            with_whom="",
            note="",
            actor=lead,
        )
    services.debrief_record_held(debrief=debrief, held_on=timezone.localdate(), with_whom="", note="", actor=lead)
    overview = selectors.debrief_overview(lead, timezone.localdate())
    assert (overview.offered, overview.taken, overview.completion) == (1, 1, 100)


def test_readiness_needs_papers_in_time_and_adjustments_planned():
    held = datetime.date(2026, 12, 20)
    assert (
        "not been sent"
        in readiness.readiness_problems(held_on=held, papers_sent_on=None, adjustments=[], adjustments_planned=False)[0]
    )
    late = readiness.readiness_problems(
        held_on=held, papers_sent_on=held - datetime.timedelta(days=3), adjustments=["x"], adjustments_planned=False
    )
    assert len(late) == 2
    assert "3 days" in late[0]
    assert not readiness.readiness_problems(
        held_on=held, papers_sent_on=held - datetime.timedelta(days=7), adjustments=["x"], adjustments_planned=True
    )


def test_check_ins_give_reasons_to_leads_only(trust, amara, lead, make_user):
    month = month_start(timezone.localdate())
    services.experience_answer(person=amara, month=month, answers={**ANSWERS, "voice": 1}, actor=amara.user)
    services.pause_start(
        person=amara, return_on=timezone.localdate() + datetime.timedelta(days=2), reason="", actor=amara.user
    )
    rows = selectors.check_ins(lead, timezone.localdate()).rows
    assert [row.person for row in rows] == [amara]
    assert any("low answer" in reason for reason in rows[0].reasons)
    assert any("Paused" in reason for reason in rows[0].reasons)
    other_lead = make_user(Role.PARTICIPATION_LEAD, unit=trust.community)
    assert selectors.check_ins(other_lead, timezone.localdate()).rows == []
    assert selectors.check_ins(make_user(Role.STAFF, unit=trust.willow), timezone.localdate()).rows == []
    assert AuditEntry.objects.filter(object_type="experienceanswer").exists()
