"""Each participant's named People Participation lead: set by leads, audited, shown to the person (issue 14 item 1)."""

import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.organisations.tests.factories import OrganisationFactory
from withus.people.models import Person


@pytest.fixture
def priya(make_user):
    return make_user(Role.PARTICIPATION_LEAD, full_name="Priya Shah")


def test_a_lead_names_the_persons_lead_and_the_person_sees_it(lead, amara, priya):
    url = reverse("people:lead", args=[amara.person.pk])
    assert "Priya Shah" in lead.client.get(url).content.decode()
    response = lead.client.post(url, {"lead": str(priya.pk)})
    assert response.status_code == 302
    assert Person.objects.get(pk=amara.person.pk).participation_lead == priya
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(amara.person.pk))
    assert entry.changed_fields == ["participation_lead"]
    assert "Priya Shah" in lead.client.get(reverse("people:detail", args=[amara.person.pk])).content.decode()
    me = amara.client.get(reverse("people:me")).content.decode()
    assert "Your People Participation lead" in me
    assert "Priya Shah" in me

    lead.client.post(url, {"lead": ""})
    assert Person.objects.get(pk=amara.person.pk).participation_lead is None
    assert "Not named yet" in amara.client.get(reverse("people:me")).content.decode()


@pytest.mark.parametrize("who", ["staff", "inactive_lead", "other_trust_lead"])
def test_only_an_active_lead_of_the_trust_can_be_named(lead, amara, make_user, who):
    if who == "staff":
        chosen = make_user(Role.STAFF)
    elif who == "inactive_lead":
        chosen = make_user(Role.PARTICIPATION_LEAD, is_active=False)
    else:
        chosen = make_user(Role.PARTICIPATION_LEAD, organisation=OrganisationFactory(name="Another Trust"))
    response = lead.client.post(reverse("people:lead", args=[amara.person.pk]), {"lead": str(chosen.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a People Participation lead from the list" in html
    assert Person.objects.get(pk=amara.person.pk).participation_lead is None
    assert not AuditEntry.objects.filter(changed_fields=["participation_lead"]).exists()


def test_participants_and_staff_cannot_name_a_lead(amara, staff_client, priya):
    for client in (amara.client, staff_client):
        response = client.post(reverse("people:lead", args=[amara.person.pk]), {"lead": str(priya.pk)})
        assert response.status_code == 404
    assert Person.objects.get(pk=amara.person.pk).participation_lead is None
