import factory
from allauth.account.models import EmailAddress

from withus.accounts.models import RoleAssignment, User
from withus.organisations.tests.factories import OrganisationFactory

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda number: f"person{number}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role, unit in extracted or []:
            RoleAssignment.objects.create(organisation=self.organisation, user=self, role=role, unit=unit)

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        """Each account's sign-in address, as allauth keeps it: verified unless a test says otherwise."""
        if create and self.email:
            EmailAddress.objects.create(
                user=self, email=self.email.lower(), primary=True, verified=True if extracted is None else extracted
            )
