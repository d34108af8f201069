import datetime

import factory
from django.utils import timezone

from withus.involvement.tests.factories import InvolvementKindFactory
from withus.opportunities.models import ExpressionOfInterest, Opportunity, OpportunityStatus, Session
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = factory.SubFactory(InvolvementKindFactory, organisation=factory.SelfAttribute("..organisation"))
    unit = factory.SubFactory(UnitFactory, organisation=factory.SelfAttribute("..organisation"))
    title = factory.Sequence(lambda number: f"Opportunity {number}")
    description = "Help us improve the ward."
    place = "Willow Ward, meeting room 2"
    places = 2
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    status = OpportunityStatus.OPEN

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        """By default one 2-hour session: in the past if `past=True` was passed as sessions, else in 2 weeks."""
        if extracted == "none":
            return
        start = (
            timezone.now() - datetime.timedelta(days=2)
            if extracted == "past"
            else timezone.now() + datetime.timedelta(days=14)
        )
        start = start.replace(minute=0, second=0, microsecond=0)
        Session.objects.create(
            organisation=self.organisation,
            opportunity=self,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    opportunity = factory.SubFactory(OpportunityFactory)
    organisation = factory.SelfAttribute("opportunity.organisation")
    person = None
