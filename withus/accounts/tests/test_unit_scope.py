"""in_unit_scope: the one "user covers this unit" check that governance and opportunities build their rules on."""

from withus.accounts.models import Role
from withus.accounts.rules import in_unit_scope
from withus.accounts.tests.factories import UserFactory
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory


def test_a_role_for_a_unit_covers_it_and_everything_beneath_it_only(make_user, trust):
    lead = make_user(Role.PARTICIPATION_LEAD, unit=trust.acute)
    assert in_unit_scope(lead, trust.acute, Role.PARTICIPATION_LEAD)
    assert in_unit_scope(lead, trust.willow, Role.PARTICIPATION_LEAD)
    assert not in_unit_scope(lead, trust.mental_health, Role.PARTICIPATION_LEAD)  # above it
    assert not in_unit_scope(lead, trust.nursing, Role.PARTICIPATION_LEAD)  # another directorate


def test_only_the_roles_asked_about_count(make_user, trust):
    staff = make_user(Role.STAFF, unit=trust.willow)
    assert in_unit_scope(staff, trust.willow, Role.PARTICIPATION_LEAD, Role.STAFF)
    assert not in_unit_scope(staff, trust.willow, Role.PARTICIPATION_LEAD)
    advisor = make_user(Role.IMPROVEMENT_ADVISOR)  # trust-wide, but not a role that counts here
    assert not in_unit_scope(advisor, trust.willow, Role.PARTICIPATION_LEAD, Role.STAFF)


def test_a_trust_wide_role_covers_every_unit_of_its_own_trust_and_none_of_another(make_user, trust):
    lead = make_user(Role.PARTICIPATION_LEAD)
    assert in_unit_scope(lead, trust.nursing, Role.PARTICIPATION_LEAD)
    elsewhere = UnitFactory(organisation=OrganisationFactory(name="Another NHS Trust"), code="ELSE")
    assert not in_unit_scope(lead, elsewhere, Role.PARTICIPATION_LEAD)
    assert not in_unit_scope(lead, None, Role.PARTICIPATION_LEAD)


def test_roles_in_two_places_cover_both(trust):
    user = UserFactory(
        organisation=trust.organisation,
        roles=[(Role.STAFF, trust.willow), (Role.PARTICIPATION_LEAD, trust.community)],
    )
    assert in_unit_scope(user, trust.willow, Role.PARTICIPATION_LEAD, Role.STAFF)
    assert in_unit_scope(user, trust.nursing, Role.PARTICIPATION_LEAD, Role.STAFF)
    assert not in_unit_scope(user, trust.cedar, Role.PARTICIPATION_LEAD, Role.STAFF)
