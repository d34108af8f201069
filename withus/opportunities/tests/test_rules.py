"""The named object permissions pages ask (has_perm(name, obj)) and the services enforce with the same predicates."""

from withus.accounts.models import Role
from withus.opportunities.models import OpportunityStatus
from withus.opportunities.rules import may_change_opportunity, may_post_in_unit
from withus.opportunities.tests.factories import OpportunityFactory
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
from withus.people.tests.factories import PersonFactory


def test_staff_post_in_the_units_they_work_in_or_champion_and_leads_in_theirs(trust, make_user):
    staff = make_user(Role.STAFF, unit=trust.willow)
    assert staff.has_perm("opportunities.post_in_unit", trust.willow)
    assert not staff.has_perm("opportunities.post_in_unit", trust.nursing)
    PersonFactory(organisation=trust.organisation, user=staff).champion_units.add(trust.nursing)
    assert staff.has_perm("opportunities.post_in_unit", trust.nursing)
    lead = make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health)
    assert lead.has_perm("opportunities.post_in_unit", trust.cedar)
    assert not lead.has_perm("opportunities.post_in_unit", trust.nursing)
    assert not make_user(Role.IMPROVEMENT_ADVISOR).has_perm("opportunities.post_in_unit", trust.willow)
    assert not staff.has_perm("opportunities.post_in_unit")  # without a unit, nobody


def test_an_administrator_posts_anywhere_in_their_own_trust_only(trust, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    assert may_post_in_unit(admin, trust.nursing)
    elsewhere = UnitFactory(organisation=OrganisationFactory(name="Another NHS Trust"), code="ELSE")
    assert not make_user(Role.PARTICIPATION_LEAD).has_perm("opportunities.post_in_unit", elsewhere)


def test_who_may_change_an_opportunity(trust, make_user, amara):
    organiser = make_user(Role.STAFF, unit=trust.willow)
    requested = OpportunityFactory(
        organisation=trust.organisation, unit=trust.willow, organiser=organiser, status=OpportunityStatus.REQUESTED
    )
    assert organiser.has_perm("opportunities.change_this_opportunity", requested)
    assert organiser.has_perm("opportunities.manage_this_opportunity", requested)
    requested.status = OpportunityStatus.OPEN  # once a lead has approved it, only leads change it
    assert not organiser.has_perm("opportunities.change_this_opportunity", requested)
    assert organiser.has_perm("opportunities.manage_this_opportunity", requested)  # still selects and records
    lead_here = make_user(Role.PARTICIPATION_LEAD, unit=trust.acute)
    lead_there = make_user(Role.PARTICIPATION_LEAD, unit=trust.community)
    assert lead_here.has_perm("opportunities.change_this_opportunity", requested)
    assert not lead_there.has_perm("opportunities.change_this_opportunity", requested)
    assert not lead_there.has_perm("opportunities.manage_this_opportunity", requested)
    assert not amara.user.has_perm("opportunities.change_this_opportunity", requested)
    # The services ask the same predicate.
    assert may_change_opportunity(lead_here, requested)
    assert not may_change_opportunity(lead_there, requested)
