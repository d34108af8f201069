import pytest
from django.core.management import CommandError, call_command

from withus.accounts.models import Role, User
from withus.core.models import AuditEntry
from withus.demo.world import SIGN_INS
from withus.organisations.models import Organisation, Unit, UnitKind
from withus.people.models import EqualityRecord, MembershipStatus, Person, PersonKind


def test_the_demo_trust_is_a_coherent_world(demo):
    units = Unit.objects.for_organisation(demo.pk)
    assert units.filter(kind=UnitKind.DIRECTORATE).count() >= 3
    assert units.filter(kind__in=[UnitKind.WARD, UnitKind.TEAM]).count() >= 12
    people = Person.objects.for_organisation(demo.pk)
    assert 55 <= people.count() <= 70
    assert set(people.values_list("status", flat=True)) == set(MembershipStatus.values)
    assert set(people.values_list("kind", flat=True)) == set(PersonKind.values)
    assert EqualityRecord.objects.filter(organisation=demo).count() >= 30
    assert Person.objects.filter(organisation=demo).exclude(champion_units=None).exists()
    assert people.filter(needs__isnull=False).distinct().count() >= 10


def test_every_demo_role_can_sign_in(demo):
    for sign_in in SIGN_INS:
        user = User.objects.get(email=f"{sign_in.local_part}@demo.withus.local")
        assert user.check_password("withus-demo")
        assert user.has_role(sign_in.role)
    amara = Person.objects.get(full_name="Amara Bello")
    assert amara.user.email == "amara@demo.withus.local"
    assert amara.status == MembershipStatus.ACTIVE
    assert Person.objects.get(full_name="Chen Li").status == MembershipStatus.ENQUIRY
    assert Person.objects.get(full_name="Ben Hughes").kind == PersonKind.CARER
    assert User.objects.get(email="lead@demo.withus.local").units_for(Role.PARTICIPATION_LEAD)[0].code == "RMH"


def test_running_it_again_changes_nothing(demo):
    counts = (Person.objects.count(), Unit.objects.count(), User.objects.count(), EqualityRecord.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert counts == (
        Person.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        EqualityRecord.objects.count(),
    )


@pytest.mark.django_db
def test_no_sign_ins_without_the_demo_flag(settings):
    settings.WITHUS_DEMO = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert Person.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_run_with_production_settings(settings):
    settings.WITHUS_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="refuses to run with production settings"):
        call_command("seed_demo")
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_winnie_has_no_e_mail_and_signs_in_by_text(demo):
    """Issue 17, ADR 34: the demo's participant without an e-mail address, who signs in with a code by text."""
    winnie = Person.objects.get(full_name="Winnie Osei")
    assert winnie.email == ""
    assert winnie.user.email is None
    assert (winnie.user.phone, winnie.user.phone_verified) == ("07700900047", True)
    assert winnie.user.is_participant
    assert winnie.status == MembershipStatus.ACTIVE
