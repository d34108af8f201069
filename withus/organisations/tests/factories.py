import factory

from withus.organisations.models import Organisation, Unit, UnitKind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda number: f"Test NHS Trust {number}")
    short_name = "Test trust"


class UnitFactory(factory.django.DjangoModelFactory):
    """Built through the service, so the materialised path is right."""

    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda number: f"Ward {number}")
    code = factory.Sequence(lambda number: f"W{number}")
    kind = UnitKind.WARD
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from withus.organisations.services import unit_create

        return unit_create(**kwargs)
