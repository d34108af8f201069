"""Large print and easy read moved from support plan adjustments to the person's communication needs (the
Accessible Information Standard, issue 26 item 2, ADR 41), and organisers still see them, with the other needs."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from withus.accounts.models import Role
from withus.people.tests.factories import PersonFactory
from withus.support import selectors, services
from withus.support.models import SupportPlan

pytestmark = pytest.mark.django_db


def test_large_print_is_no_longer_a_plan_adjustment(trust, make_user):
    person = PersonFactory(organisation=trust.organisation)
    with pytest.raises(ValidationError):
        services.plan_save(person=person, values={"adjustments": ["large_print"]}, actor=make_user(Role.ADMINISTRATOR))
    assert not SupportPlan.objects.exists()


def test_organisers_see_adjustments_and_communication_needs(trust, make_user, django_assert_num_queries):
    admin = make_user(Role.ADMINISTRATOR)
    both = PersonFactory(organisation=trust.organisation, full_name="Bo Both", communication_needs=["easy_read"])
    services.plan_save(person=both, values={"adjustments": ["breaks"], "what_helps": "Tea"}, actor=admin)
    needs_only = PersonFactory(organisation=trust.organisation, full_name="Nell Needs", communication_needs=["audio"])
    nothing = PersonFactory(organisation=trust.organisation, full_name="Ned Nothing")
    with django_assert_num_queries(2):
        rows = selectors.adjustments_for([both.pk, needs_only.pk, nothing.pk])
    assert [(person.full_name, labels, person.communication_flags) for person, labels in rows] == [
        ("Bo Both", ["Regular breaks"], ["Easy read"]),
        ("Nell Needs", [], ["Audio"]),
    ]


def test_the_migration_moves_large_print_and_easy_read_to_the_person(trust):
    migration = import_module("withus.support.migrations.0008_communication_needs_to_the_person")
    person = PersonFactory(organisation=trust.organisation, communication_needs=["phone"])
    plan = SupportPlan.objects.create(
        organisation=trust.organisation, person=person, adjustments=["pre_meeting", "large_print", "easy_read"]
    )
    other = PersonFactory(organisation=trust.organisation)
    untouched = SupportPlan.objects.create(organisation=trust.organisation, person=other, adjustments=["breaks"])

    migration.adjustments_to_communication_needs(apps, None)

    person.refresh_from_db()
    plan.refresh_from_db()
    other.refresh_from_db()
    untouched.refresh_from_db()
    assert person.communication_needs == ["easy_read", "large_print", "phone"]
    assert plan.adjustments == ["pre_meeting"]
    assert (other.communication_needs, untouched.adjustments) == ([], ["breaks"])
