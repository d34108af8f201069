import datetime
from types import SimpleNamespace

import factory

from withus.improvement.models import (
    DataPoint,
    DriverNode,
    Measure,
    NodeKind,
    PdsaCycle,
    Project,
    TeamMember,
    TeamRole,
)
from withus.organisations.tests.factories import OrganisationFactory
from withus.people.tests.factories import PersonFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda number: f"Improving care {number}")
    problem = "Too many people wait too long."
    aim = "Halve the wait by March 2026."
    start_date = datetime.date(2025, 1, 6)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if extracted:
            self.units.set(extracted)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    role = TeamRole.MEMBER
    joined_on = datetime.date(2025, 1, 6)


class DriverNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DriverNode

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    kind = NodeKind.PRIMARY
    name = factory.Sequence(lambda number: f"Driver {number}")


class PdsaCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PdsaCycle

    change_idea = factory.SubFactory(DriverNodeFactory, kind=NodeKind.CHANGE_IDEA)
    project = factory.SelfAttribute("change_idea.project")
    organisation = factory.SelfAttribute("project.organisation")
    title = factory.Sequence(lambda number: f"Test {number}")
    question = "Will it help?"
    prediction = "Yes."
    starts_on = datetime.date(2025, 3, 3)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    name = factory.Sequence(lambda number: f"Measure {number}")
    kind = "outcome"
    definition = "Counted from the incident system each week."
    frequency = "weekly"
    chart = "c"
    direction = "down"


def add_points(measure, values, *, start=datetime.date(2024, 1, 1), step_days=7):
    """Weekly (or other) points, oldest first, in one query."""
    return DataPoint.objects.bulk_create(
        [
            DataPoint(
                organisation=measure.organisation,
                measure=measure,
                period=start + datetime.timedelta(days=step_days * index),
                value=value,
            )
            for index, value in enumerate(values)
        ]
    )


def measure_stub(**changes):
    """A measure as the analysis reads it, without the database."""
    values = {
        "name": "Racist incidents each week",
        "chart": "c",
        "preset": "mdc",
        "direction": "down",
        "frequency": "weekly",
        "target": None,
        "unit_label": "incidents",
    }
    values.update(changes)
    return SimpleNamespace(**values)


def point_stubs(values, denominators=None):
    """Weekly points from 1 January 2024, without the database."""
    start = datetime.date(2024, 1, 1)
    return [
        SimpleNamespace(
            period=start + datetime.timedelta(weeks=index),
            value=value,
            ghost=False,
            denominator=denominators[index] if denominators else None,
        )
        for index, value in enumerate(values)
    ]
