import factory

from withus.organisations.tests.factories import OrganisationFactory
from withus.people.models import (
    ConsentStatement,
    ConsentTopic,
    ContactMethod,
    MembershipStatus,
    Person,
    PersonKind,
    digits_only,
)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = PersonKind.SERVICE_USER
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda number: f"someone{number}@example.org")
    phone = factory.Sequence(lambda number: f"07700 9{number:05d}")
    phone_digits = factory.LazyAttribute(lambda person: digits_only(person.phone))
    preferred_contact = ContactMethod.EMAIL
    status = MembershipStatus.ACTIVE

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if extracted:
            self.units.set(extracted)


class ConsentStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentStatement

    organisation = factory.SubFactory(OrganisationFactory)
    topic = ConsentTopic.CONTACT
    version = "1.0"
    wording = "I agree to be contacted about opportunities."
    effective_from = factory.Faker("date_between", start_date="-2y", end_date="-1d")
