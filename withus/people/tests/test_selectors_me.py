"""The one lookup for "me": the signed-in user's own entry in their trust's register, or a 404 page."""

import pytest
from django.http import Http404

from withus.accounts.models import Role
from withus.people.selectors import signed_in_person, signed_in_person_or_404
from withus.people.tests.factories import PersonFactory


def test_the_signed_in_persons_own_entry(amara):
    assert signed_in_person(amara.user) == amara.person
    assert signed_in_person_or_404(amara.user) == amara.person


def test_staff_outside_the_register_get_none_or_not_found(make_user):
    staff = make_user(Role.STAFF)
    assert signed_in_person(staff) is None
    with pytest.raises(Http404, match="not in the involvement register"):
        signed_in_person_or_404(staff)


def test_an_entry_in_another_trust_is_never_found(make_user):
    staff = make_user(Role.STAFF)
    PersonFactory(user=staff)  # a register entry in another trust, linked to this sign-in
    assert signed_in_person(staff) is None
    with pytest.raises(Http404):
        signed_in_person_or_404(staff)
