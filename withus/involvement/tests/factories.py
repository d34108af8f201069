import datetime

import factory
from django.utils import timezone

from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
from withus.organisations.tests.factories import OrganisationFactory


class InvolvementKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvementKind
        django_get_or_create = ("organisation", "code")

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda number: f"kind-{number}")
    name = factory.Sequence(lambda number: f"Kind {number}")
    payment_activity_code = "INV-TEST"
    payment_description = "£25 an hour"


class RecordFactory(factory.django.DjangoModelFactory):
    """A record of involvement for `person` (required), ten days ago, two hours."""

    class Meta:
        model = InvolvementRecord

    person = None
    organisation = factory.SelfAttribute("person.organisation")
    kind = factory.SubFactory(InvolvementKindFactory, organisation=factory.SelfAttribute("..organisation"))
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    hours = 2
    source_type = InvolvementSource.OTHER
    source_label = "Something useful"
