"""The one involvement log: written by any feature through the service; read by the person and by leads."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditAction, AuditEntry
from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.involvement.services import involvement_record_create
from withus.involvement.tests.factories import InvolvementKindFactory, RecordFactory
from withus.people.tests.factories import PersonFactory


def test_any_feature_can_add_a_record(amara, kind, trust, lead):
    record = involvement_record_create(
        organisation=trust.organisation,
        person=amara.person,
        date=datetime.date(2026, 5, 1),
        kind=kind,
        unit=trust.willow,
        hours=Decimal("1.5"),
        role="Team member",
        source_type=InvolvementSource.PROJECT,
        source_id="project-42",
        source_label="Reducing racist incidents on Willow Ward",
        actor=lead.user,
    )
    assert record.source_key == ""
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(record.pk)).exists()


@pytest.mark.parametrize("hours", ["0", "-2", "13", "abc"])
def test_records_refuse_bad_hours(amara, kind, trust, hours):
    with pytest.raises(ValidationError):
        involvement_record_create(
            organisation=trust.organisation,
            person=amara.person,
            date=timezone.localdate(),
            kind=kind,
            hours=hours,
            source_type=InvolvementSource.OTHER,
            source_label="Something",
            actor=None,
        )


def test_records_refuse_another_trusts_kind(amara, trust):
    elsewhere = InvolvementKindFactory()
    with pytest.raises(ValidationError):
        involvement_record_create(
            organisation=trust.organisation,
            person=amara.person,
            date=timezone.localdate(),
            kind=elsewhere,
            hours=1,
            source_type=InvolvementSource.OTHER,
            source_label="Something",
            actor=None,
        )


def test_my_involvement_lists_mine_with_totals(amara, ben, kind):
    RecordFactory(person=amara.person, kind=kind, hours=Decimal("2.5"), source_label="Interview panel")
    RecordFactory(person=amara.person, kind=kind, hours=Decimal(1), source_label="Focus group")
    RecordFactory(person=ben.person, kind=kind, hours=Decimal(7), source_label="Ben's committee")
    response = amara.client.get(reverse("involvement:my_involvement"))
    html = response.content.decode()
    assert "Interview panel" in html
    assert "Focus group" in html
    assert "3.5 hours" in html
    assert "Ben&#39;s committee" not in html
    assert "Ben's committee" not in html
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="involvement").exists()


def test_participant_cannot_open_someone_elses_involvement(amara, ben):
    assert amara.client.get(reverse("involvement:person_involvement", args=[ben.person.pk])).status_code == 404
    assert amara.client.get(reverse("involvement:person_involvement", args=[amara.person.pk])).status_code == 404


def test_lead_sees_it_from_the_persons_page(lead, amara, kind):
    RecordFactory(person=amara.person, kind=kind, hours=2, source_label="Interview panel")
    page = lead.client.get(reverse("people:detail", args=[amara.person.pk])).content.decode()
    url = reverse("involvement:person_involvement", args=[amara.person.pk])
    assert url in page
    html = lead.client.get(url).content.decode()
    assert "Interview panel" in html
    assert "2 hours" in html


def test_staff_outside_the_persons_units_get_404(make_user, signed_in, trust, kind):
    from withus.accounts.models import Role

    person = PersonFactory(organisation=trust.organisation, units=[trust.nursing])
    client = signed_in(make_user(Role.STAFF, unit=trust.willow))
    assert client.get(reverse("involvement:person_involvement", args=[person.pk])).status_code == 404


def test_my_involvement_queries_are_bounded(amara, kind, django_assert_max_num_queries):
    for _ in range(40):
        RecordFactory(person=amara.person, kind=kind)
    # 16: one is the People Participation team's contact details every participant page shows (issue 14 item 8),
    # read once per trust and then cached, so only this first page of a fresh cache reads it.
    # One is the header's count of unread messages (issue 17); one is the accreditation visits section (issue 18);
    # four are the "Your support" section (issue 21: agreements to agree, debriefs offered, this month's survey, pause).
    with django_assert_max_num_queries(22):
        assert amara.client.get(reverse("involvement:my_involvement")).status_code == 200


def test_one_record_per_occasion(amara, kind, trust, lead):
    """The same occasion (source_key) can be recorded only once for a person: never counted or paid twice."""
    values = {
        "organisation": trust.organisation,
        "person": amara.person,
        "date": datetime.date(2026, 5, 1),
        "kind": kind,
        "hours": Decimal("2"),
        "source_type": InvolvementSource.COMMITTEE,
        "source_label": "People Participation committee",
        "source_key": "committee-meeting:example",
        "actor": lead.user,
    }
    involvement_record_create(**values)
    with pytest.raises(ValidationError, match="already has an involvement record"):
        involvement_record_create(**values)
    assert InvolvementRecord.objects.filter(person=amara.person, source_key="committee-meeting:example").count() == 1
