"""The one "signed-in person" lookup every page and service uses."""

from withus.accounts.models import Role
from withus.organisations.tests.factories import OrganisationFactory
from withus.people.selectors import signed_in_person
from withus.people.tests.factories import PersonFactory


def test_it_finds_the_users_own_entry_in_their_trust(trust, make_user):
    user = make_user(Role.PARTICIPANT)
    person = PersonFactory(organisation=trust.organisation, user=user)
    assert signed_in_person(user) == person


def test_staff_who_are_not_in_the_register_have_no_entry(trust, make_user):
    assert signed_in_person(make_user(Role.STAFF)) is None


def test_it_never_finds_an_entry_in_another_trust(trust, make_user):
    user = make_user(Role.PARTICIPANT)
    PersonFactory(organisation=OrganisationFactory(), user=user)
    assert signed_in_person(user) is None
