"""The Accessible Information Standard (issue 26 item 2, ADR 41): each person's communication needs, recorded in a
structured way on their record, edited by them and by a lead, audited, and flagged wherever staff contact or plan
for them."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import CommunicationNeed, Need, NeedCategory, Person, communication_flags
from withus.people.services import PersonDetails, person_update
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def amara(trust, make_user):
    user = make_user(Role.PARTICIPANT, email="amara@example.org")
    return PersonFactory(
        organisation=trust.organisation,
        full_name="Amara Bello",
        email="amara@example.org",
        user=user,
        units=[trust.willow],
    )


def _update(person, actor, **values):
    return person_update(person=person, details=PersonDetails(values), actor=actor)


def test_needs_are_kept_in_the_lists_order_and_shown_as_short_flags(amara, make_user):
    lead = make_user(Role.PARTICIPATION_LEAD)
    person = _update(amara, lead, communication_needs=["phone", "large_print", "easy_read"])
    assert person.communication_needs == ["easy_read", "large_print", "phone"]
    assert person.communication_flags == ["Easy read", "Large print", "Prefers phone"]
    assert person.communication_labels == ["Easy read", "Large print", "A phone call rather than writing"]


def test_an_interpreter_needs_a_language_and_a_language_means_an_interpreter(amara, make_user):
    lead = make_user(Role.PARTICIPATION_LEAD)
    with pytest.raises(ValidationError) as refused:
        _update(amara, lead, communication_needs=["spoken_language"], communication_language="")
    assert "Say which language the interpreter should speak" in str(refused.value)
    amara.refresh_from_db()
    assert amara.communication_needs == []  # nothing half-saved

    person = _update(amara, lead, communication_needs=["bsl"], communication_language="Somali")
    assert person.communication_needs == ["bsl", "spoken_language"]
    assert person.communication_flags == ["BSL interpreter", "Interpreter: Somali"]


@pytest.mark.parametrize("bad", [["teleport"], "large_print", [1]])
def test_unknown_needs_are_refused(amara, make_user, bad):
    with pytest.raises(ValidationError) as refused:
        _update(amara, make_user(Role.PARTICIPATION_LEAD), communication_needs=bad)
    assert "Choose communication needs from the list" in str(refused.value)


def test_communication_flags_ignore_codes_no_longer_known():
    assert communication_flags(["braille", "smoke_signals"], "") == ["Braille"]
    assert communication_flags(None) == []


def test_the_person_chooses_their_needs_on_my_details_and_it_is_audited(amara, signed_in):
    client = signed_in(amara.user)
    page = client.get(reverse("people:me_edit")).content.decode()
    assert "How do you need us to give you information?" in page
    assert "Someone to read things with me" in page
    response = client.post(
        reverse("people:me_edit"),
        {
            "email": "amara@example.org",
            "preferred_contact": "email",
            "communication_needs": ["large_print", "read_with"],
        },
    )
    assert response.status_code == 302
    amara.refresh_from_db()
    assert amara.communication_needs == ["large_print", "read_with"]
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(amara.pk)).latest("occurred_at")
    assert "communication_needs" in entry.changed_fields
    home = client.get(reverse("people:me")).content.decode()
    assert "How we give you information" in home
    assert "Large print, Someone to read things with me" in home


def test_bad_choices_on_my_details_are_explained_kindly(amara, signed_in):
    client = signed_in(amara.user)
    response = client.post(
        reverse("people:me_edit"),
        {"email": "amara@example.org", "preferred_contact": "email", "communication_needs": ["spoken_language"]},
    )
    assert response.status_code == 200
    assert "Say which language the interpreter should speak, for example Bengali" in response.content.decode()
    response = client.post(
        reverse("people:me_edit"),
        {"email": "amara@example.org", "preferred_contact": "email", "communication_needs": ["telepathy"]},
    )
    assert "Choose communication needs from the list" in response.content.decode()
    amara.refresh_from_db()
    assert amara.communication_needs == []


def test_a_lead_records_them_and_the_register_flags_them(amara, lead_client):
    response = lead_client.post(
        reverse("people:edit", args=[amara.pk]),
        {
            "kind": "service_user",
            "full_name": "Amara Bello",
            "email": "amara@example.org",
            "preferred_contact": "email",
            "communication_needs": ["bsl"],
            "communication_language": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    amara.refresh_from_db()
    assert amara.communication_needs == ["bsl"]
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(amara.pk), actor=lead_client.user
    ).exists()
    page = lead_client.get(reverse("people:detail", args=[amara.pk])).content.decode()
    assert "Communication needs (Accessible Information Standard):" in page
    assert "A British Sign Language interpreter" in page
    register = lead_client.get(reverse("people:register")).content.decode()
    assert "BSL interpreter" in register
    assert "nhsuk-tag--purple" in register


def test_someone_with_no_needs_has_no_flag(amara, lead_client):
    page = lead_client.get(reverse("people:detail", args=[amara.pk])).content.decode()
    assert "Accessible Information Standard" not in page
    assert "nhsuk-tag--purple" not in page


def test_the_migration_turns_named_needs_into_structured_ones(trust):
    """Named needs that were communication needs become structured needs, once, and the named ones go."""
    from importlib import import_module

    migration = import_module("withus.people.migrations.0005_person_communication_needs")
    organisation = trust.organisation
    large = Need.objects.create(organisation=organisation, name="Large  print", category=NeedCategory.COMMUNICATION)
    bsl = Need.objects.create(
        organisation=organisation, name="British Sign Language interpreter", category=NeedCategory.COMMUNICATION
    )
    loop = Need.objects.create(organisation=organisation, name="Hearing loop", category=NeedCategory.COMMUNICATION)
    ben = PersonFactory(organisation=organisation, communication_needs=["phone"])
    ben.needs.set([large, bsl, loop])
    chen = PersonFactory(organisation=organisation)
    chen.needs.set([loop])

    migration.named_needs_to_structured(apps, None)

    ben.refresh_from_db()
    chen.refresh_from_db()
    assert ben.communication_needs == ["large_print", "bsl", "phone"]
    assert list(ben.needs.all()) == [loop]
    assert chen.communication_needs == []
    assert set(Need.objects.filter(organisation=organisation).values_list("name", flat=True)) == {"Hearing loop"}
    assert Person.objects.filter(needs=loop).count() == 2


def test_every_need_has_a_short_flag_and_an_own_label():
    from withus.people.forms import OWN_COMMUNICATION_LABELS
    from withus.people.models import COMMUNICATION_NEED_SHORT

    assert set(COMMUNICATION_NEED_SHORT) == set(CommunicationNeed.values) == set(OWN_COMMUNICATION_LABELS)
