"""Withdrawing "WithUs keeping and using their information": the lead's to-do, the agreed outcome, erasure after
the retention period, flags for staff, what the person is told, and the subject access export (issue 14 item 4)."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditAction, AuditEntry
from withus.involvement.tests.factories import InvolvementKindFactory, RecordFactory
from withus.people import privacy
from withus.people.models import (
    ConsentTopic,
    DataDecision,
    DataDecisionOutcome,
    DataDecisionStatus,
    EqualityRecord,
    Person,
)
from withus.people.selectors import people_awaiting_data_decision
from withus.people.services import equality_record_save, person_record_consent
from withus.people.tests.factories import ConsentStatementFactory


@pytest.fixture
def wordings(trust):
    for topic in ConsentTopic.values:
        ConsentStatementFactory(organisation=trust.organisation, topic=topic)


@pytest.fixture
def withdrawn(amara, lead, wordings):
    """Amara agreed to both, then withdrew her agreement to WithUs keeping her information."""
    for topic in ConsentTopic.values:
        person_record_consent(person=amara.person, topic=topic, agreed=True, actor=lead.user)
    amara.client.post(reverse("people:me_consent_withdraw", args=["data"]))
    return amara


def _record(person, day, kind):
    return RecordFactory(person=person, date=day, kind=kind, hours=2, source_label="Focus group")


def test_withdrawing_opens_one_to_do_for_the_lead(withdrawn, lead, ben):
    decision = DataDecision.objects.get(person=withdrawn.person)
    assert decision.status == DataDecisionStatus.OPEN
    assert list(people_awaiting_data_decision(lead.user)) == [withdrawn.person]
    assert AuditEntry.objects.filter(object_type="datadecision", action=AuditAction.CREATE).count() == 1
    # Withdrawing again (after agreeing again) does not open a second one while the first is open.
    privacy.consent_withdrawn(person=withdrawn.person, topic="data", actor=withdrawn.user)
    assert DataDecision.objects.filter(person=withdrawn.person).count() == 1


def test_the_person_is_told_what_will_happen(withdrawn, trust):
    page = withdrawn.client.get(reverse("people:me")).content.decode()
    assert "What happens to your information" in page
    assert "Someone from the People Participation team will contact you" in page
    assert "6 years after you last took part" in page
    before = withdrawn.client.get(reverse("people:me_consent_withdraw", args=["contact"])).content.decode()
    assert "We will not offer you opportunities" in before


def test_staff_see_the_flags_on_the_register_and_the_person_page(withdrawn, lead, ben):
    register = lead.client.get(reverse("people:register")).content.decode()
    assert register.count("Withdrew agreement to keep their information") == 1
    assert "To do: agree what happens to their information" in register
    page = lead.client.get(reverse("people:detail", args=[withdrawn.person.pk])).content.decode()
    assert "Withdrew agreement to keep their information" in page
    assert reverse("people:data_decision", args=[withdrawn.person.pk]) in page
    assert "Do not contact about opportunities" not in page  # she did not withdraw that one


def test_the_lead_records_erasure_and_the_date_runs_from_the_last_involvement(withdrawn, lead, trust):
    kind = InvolvementKindFactory(organisation=trust.organisation)
    last = timezone.localdate() + datetime.timedelta(days=10)
    _record(withdrawn.person, last, kind)
    url = reverse("people:data_decision", args=[withdrawn.person.pk])
    response = lead.client.post(url, {"outcome": "erase", "note": "Agreed by phone"})
    assert response.status_code == 302
    decision = DataDecision.objects.get(person=withdrawn.person)
    assert decision.status == DataDecisionStatus.AGREED
    assert decision.erase_after == last.replace(year=last.year + 6)
    assert not people_awaiting_data_decision(lead.user).exists()
    page = withdrawn.client.get(reverse("people:me")).content.decode()
    assert "We will erase it on or after" in page
    # Nothing more to agree: the to-do page is gone.
    assert lead.client.get(url).status_code == 404


def test_bad_inputs_are_refused_kindly_and_nothing_is_saved(withdrawn, lead):
    url = reverse("people:data_decision", args=[withdrawn.person.pk])
    for data in ({"note": "Talked"}, {"outcome": "burn-it"}, {"outcome": "erase", "note": "x" * 1001}):
        response = lead.client.post(url, data)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert DataDecision.objects.get(person=withdrawn.person).status == DataDecisionStatus.OPEN
    decision = DataDecision.objects.get(person=withdrawn.person)
    with pytest.raises(ValidationError):
        privacy.data_decision_record(decision=decision, outcome="nonsense", actor=lead.user)


def test_agreeing_again_settles_the_to_do_and_nothing_is_erased(withdrawn, lead):
    person_record_consent(person=withdrawn.person, topic="data", agreed=True, actor=lead.user)
    decision = DataDecision.objects.get(person=withdrawn.person)
    assert (decision.status, decision.outcome) == (DataDecisionStatus.AGREED, DataDecisionOutcome.KEEP)


def test_erasure_waits_for_the_retention_period_then_keeps_only_what_is_needed(withdrawn, lead, trust):
    equality_record_save(person=withdrawn.person, values={"sex": "female"}, actor=lead.user)
    decision = DataDecision.objects.get(person=withdrawn.person)
    privacy.data_decision_record(decision=decision, outcome="erase", actor=lead.user)
    decision.refresh_from_db()
    out = StringIO()
    call_command("erase_withdrawn_people", stdout=out)
    assert "0 people erased" in out.getvalue()
    assert Person.objects.get(pk=withdrawn.person.pk).full_name == "Amara Bello"
    later = decision.erase_after + datetime.timedelta(days=1)
    call_command("erase_withdrawn_people", "--dry-run", f"--today={later.isoformat()}", stdout=out)
    assert Person.objects.get(pk=withdrawn.person.pk).full_name == "Amara Bello"
    call_command("erase_withdrawn_people", f"--today={later.isoformat()}", stdout=out)
    assert "1 person erased" in out.getvalue()
    person = Person.objects.get(pk=withdrawn.person.pk)
    assert (person.full_name, person.email, person.postal_address) == ("Erased person", "", "")
    assert not EqualityRecord.objects.filter(person=person).exists()
    assert person.consent_decisions.count() == 3  # the record of what they agreed and withdrew is kept
    assert AuditEntry.objects.filter(object_id=str(person.pk), changed_fields__icontains="erased").exists()
    withdrawn.user.refresh_from_db()
    assert not withdrawn.user.is_active
    assert DataDecision.objects.get(pk=decision.pk).status == DataDecisionStatus.ERASED


def test_the_command_refuses_a_bad_date():
    with pytest.raises(Exception, match="--today must be a date"):
        call_command("erase_withdrawn_people", "--today=tomorrow")


def test_subject_access_export_gathers_every_app_and_is_audited(withdrawn, lead, trust):
    kind = InvolvementKindFactory(organisation=trust.organisation)
    _record(withdrawn.person, timezone.localdate(), kind)
    url = reverse("people:export", args=[withdrawn.person.pk])
    assert "Download as a PDF" in lead.client.get(url).content.decode()
    response = lead.client.get(url, {"format": "json"})
    assert response["Content-Type"].startswith("application/json")
    held = json.loads(response.content)
    assert held["person"]["full_name"] == "Amara Bello"
    titles = {section["title"]: section["rows"] for section in held["sections"]}
    assert {"Consent decisions", "Involvement log", "Opportunities you responded to", "Claims for payment"} <= set(
        titles
    )
    assert titles["Involvement log"][0]["What"] == "Focus group"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(withdrawn.person.pk)).count() == 1
    pdf = lead.client.get(url, {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert lead.client.get(url, {"format": "xlsx"}).status_code == 404
    assert withdrawn.client.get(url, {"format": "json"}).status_code == 404


def test_the_export_of_amara_in_the_demo_holds_something_from_every_app(demo):
    from django.test import Client

    from withus.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="admin@demo.withus.local"))
    amara = Person.objects.get(organisation=demo, full_name="Amara Bello")
    held = json.loads(client.get(reverse("people:export", args=[amara.pk]), {"format": "json"}).content)
    filled = {section["title"] for section in held["sections"] if section["rows"]}
    for title in (
        "Consent decisions",
        "Involvement log",
        "Opportunities you responded to",
        "Training completed",
        "Claims for payment",
        "Quality improvement (QI) project teams",
    ):
        assert title in filled, title
    assert {"Committee seats", "Interview panels"} <= {section["title"] for section in held["sections"]}
    pdf = client.get(reverse("people:export", args=[amara.pk]), {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
