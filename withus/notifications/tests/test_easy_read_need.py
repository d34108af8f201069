"""Easy read has one record, the person's communication needs (ADR 41, issue 26 item 2): the contact choices'
"Send me easy read versions" reads and writes it, through the people service that checks and audits it."""

from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.notifications.models import ContactPreference
from withus.notifications.services.preferences import PreferenceValues, contact_preference_update
from withus.people.models import Person
from withus.people.services import person_set_communication_need
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _ticked(page: str) -> bool:
    """Whether the "easy read versions" box is ticked on a contact choices page."""
    box = page.split('name="easy_read"')[1].split(">", maxsplit=1)[0]
    return "checked" in box


CHOICES = {"first_choice": "email", "second_choice": "", "kinds": ["reminders"]}


def test_ticking_easy_read_records_it_on_the_person_and_audits_it(amara):
    amara.person.communication_needs = ["large_print"]
    amara.person.save()
    response = amara.client.post(reverse("notifications:my_contact"), {**CHOICES, "easy_read": "on"})
    assert response.status_code == 302
    amara.person.refresh_from_db()
    assert amara.person.communication_needs == ["easy_read", "large_print"]
    assert AuditEntry.objects.filter(
        object_id=str(amara.person.pk), action=AuditAction.UPDATE, changed_fields=["communication_needs"]
    ).exists()
    assert not hasattr(ContactPreference.objects.get(person=amara.person), "easy_read")
    page = amara.client.get(reverse("notifications:my_contact")).content.decode()
    assert _ticked(page)


def test_the_box_shows_what_the_record_says_and_unticking_keeps_the_other_needs(lead, trust):
    person = PersonFactory(organisation=trust.organisation, communication_needs=["easy_read", "braille"])
    url = reverse("notifications:person_contact", kwargs={"person_id": person.pk})
    assert _ticked(lead.client.get(url).content.decode())
    assert lead.client.post(url, CHOICES).status_code == 302
    person.refresh_from_db()
    assert person.communication_needs == ["braille"]


def test_saving_again_with_the_same_answer_changes_and_audits_nothing_on_the_person(amara):
    amara.client.post(reverse("notifications:my_contact"), {**CHOICES, "easy_read": "on"})
    before = AuditEntry.objects.filter(object_id=str(amara.person.pk), action=AuditAction.UPDATE).count()
    amara.client.post(reverse("notifications:my_contact"), {**CHOICES, "easy_read": "on"})
    assert AuditEntry.objects.filter(object_id=str(amara.person.pk), action=AuditAction.UPDATE).count() == before


def test_bad_choices_save_nothing_not_even_easy_read(amara):
    response = amara.client.post(
        reverse("notifications:my_contact"), {**CHOICES, "first_choice": "pigeon", "easy_read": "on"}
    )
    assert response.status_code == 200
    amara.person.refresh_from_db()
    assert amara.person.communication_needs == []
    # Refused by the service (no postal address for a letter): still nothing half-saved.
    amara.person.postal_address = ""
    amara.person.save()
    response = amara.client.post(
        reverse("notifications:my_contact"), {**CHOICES, "first_choice": "letter", "easy_read": "on"}
    )
    assert "There is no postal address" in response.content.decode()
    amara.person.refresh_from_db()
    assert amara.person.communication_needs == []
    assert not ContactPreference.objects.filter(person=amara.person).exists()


def test_leaving_easy_read_unsaid_leaves_the_record_be(lead, trust):
    person = PersonFactory(organisation=trust.organisation, communication_needs=["easy_read"])
    contact_preference_update(person=person, values=PreferenceValues(first_choice="email"), actor=lead.user)
    person.refresh_from_db()
    assert person.communication_needs == ["easy_read"]


def test_the_people_service_refuses_a_need_that_is_not_on_the_list(lead, trust):
    person = PersonFactory(organisation=trust.organisation)
    with pytest.raises(ValidationError):
        person_set_communication_need(person=person, need="semaphore", needed=True, actor=lead.user)


def test_the_migration_moves_easy_read_to_the_person_and_finds_it_again_when_reversed(trust):
    """The data migration's two halves, on today's Person (the contact choices' column is gone from today's schema,
    and this project's append-only audit log stops a test from migrating its database back and forth)."""
    migration = import_module("withus.notifications.migrations.0004_easy_read_to_communication_needs")
    wants = PersonFactory(organisation=trust.organisation, communication_needs=["phone", "large_print"])
    has_it = PersonFactory(organisation=trust.organisation, communication_needs=["easy_read"])
    does_not = PersonFactory(organisation=trust.organisation, communication_needs=["braille"])

    migration.add_easy_read(Person, [wants.pk, has_it.pk])

    needs = dict(Person.objects.values_list("pk", "communication_needs"))
    assert needs[wants.pk] == ["easy_read", "large_print", "phone"]
    assert needs[has_it.pk] == ["easy_read"]
    assert needs[does_not.pk] == ["braille"]
    assert migration.who_needs_easy_read(Person, [wants.pk, has_it.pk, does_not.pk]) == {wants.pk, has_it.pk}
