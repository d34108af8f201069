"""Who can see whom: trusts never leak into each other; unit-scoped roles see their units."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from withus.accounts.models import Role
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
from withus.people.models import Person, PersonKind
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def people(trust):
    return {
        "willow": PersonFactory(organisation=trust.organisation, full_name="Willow Person", units=[trust.willow]),
        "cedar": PersonFactory(organisation=trust.organisation, full_name="Cedar Person", units=[trust.cedar]),
        "nursing": PersonFactory(organisation=trust.organisation, full_name="Nursing Person", units=[trust.nursing]),
        "new": PersonFactory(organisation=trust.organisation, full_name="New Enquiry"),
    }


def _names(user):
    return set(Person.objects.visible_to(user).values_list("full_name", flat=True))


def test_administrators_and_trust_wide_roles_see_the_whole_trust(make_user, people):
    everyone = {"Willow Person", "Cedar Person", "Nursing Person", "New Enquiry"}
    assert _names(make_user(Role.ADMINISTRATOR)) == everyone
    assert _names(make_user(Role.PARTICIPATION_LEAD)) == everyone
    assert _names(make_user(Role.IMPROVEMENT_ADVISOR)) == everyone


def test_a_lead_for_a_directorate_sees_its_people_and_unconnected_enquiries(make_user, trust, people):
    lead = make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health)
    assert _names(lead) == {"Willow Person", "Cedar Person", "New Enquiry"}


def test_ward_staff_see_only_their_wards_people(make_user, trust, people):
    assert _names(make_user(Role.STAFF, unit=trust.willow)) == {"Willow Person"}


def test_participants_and_finance_see_nobody_in_the_register(make_user, people):
    assert _names(make_user(Role.PARTICIPANT)) == set()
    assert _names(make_user(Role.FINANCE_APPROVER)) == set()
    assert Person.objects.visible_to(AnonymousUser()).count() == 0


def test_nothing_leaks_between_two_trusts(make_user, trust, people, signed_in):
    other = OrganisationFactory(name="Other Trust")
    other_ward = UnitFactory(organisation=other, code="OTHER")
    stranger = PersonFactory(organisation=other, full_name="Other Trust Person", units=[other_ward])
    admin = make_user(Role.ADMINISTRATOR)
    other_admin = make_user(Role.ADMINISTRATOR, organisation=other)
    assert "Other Trust Person" not in _names(admin)
    assert _names(other_admin) == {"Other Trust Person"}
    client = signed_in(admin)
    assert client.get(reverse("people:detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("people:equality", args=[stranger.pk])).status_code == 404
    assert b"Other Trust Person" not in client.get(reverse("people:register")).content
    assert b"OTHER" not in client.get(reverse("organisations:units")).content


def test_staff_cannot_open_someone_outside_their_ward(make_user, trust, people, signed_in):
    client = signed_in(make_user(Role.STAFF, unit=trust.willow))
    assert client.get(reverse("people:detail", args=[people["willow"].pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[people["cedar"].pk])).status_code == 404


def test_staff_colleagues_are_in_the_register_too(make_user, trust):
    PersonFactory(
        organisation=trust.organisation, full_name="Dr Ellen Park", kind=PersonKind.STAFF, units=[trust.willow]
    )
    assert _names(make_user(Role.PARTICIPATION_LEAD)) == {"Dr Ellen Park"}


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (Role.ADMINISTRATOR, None),
        (Role.PARTICIPATION_LEAD, None),
        (Role.PARTICIPATION_LEAD, "mental_health"),
        (Role.PARTICIPATION_LEAD, "willow"),
        (Role.STAFF, "willow"),
        (Role.IMPROVEMENT_ADVISOR, "nursing"),
        (Role.PARTICIPANT, None),
        (Role.FINANCE_APPROVER, None),
    ],
)
def test_the_condition_on_another_tables_person_column_picks_the_same_people(make_user, trust, people, role, unit):
    """`visible_through` (used where a join to people made PostgreSQL slow) must mean exactly `visible_to`."""
    other = OrganisationFactory(name="Other Trust")
    PersonFactory(organisation=other, full_name="Other Trust Person", units=[UnitFactory(organisation=other)])
    user = make_user(role, unit=getattr(trust, unit) if unit else None)
    through = Person.objects.filter(organisation_id=trust.organisation.pk).filter(
        Person.objects.visible_through(user, "pk")
    )
    assert set(through.values_list("full_name", flat=True)) == _names(user)
    assert Person.objects.filter(Person.objects.visible_through(AnonymousUser(), "pk")).count() == 0
