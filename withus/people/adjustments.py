"""Reasonable adjustments travel (issue 21 item 2): the organiser of a committee meeting, an opportunity's sessions,
an interview panel or an accreditation visit sees each member's adjustments to plan for, never the rest of their
support plan.

The adjustments are kept by the support app, which sits above most of the apps that organise things (ADR 18), so
they read them here, in the register's layer: the support app registers its reader in its `AppConfig.ready`
(ADR 38). Without it (the support app not installed) nobody has adjustments.
"""

from collections.abc import Callable, Iterable

from withus.people.models import Person

AdjustmentsReader = Callable[[Iterable], list[tuple[Person, list[str]]]]
_readers: list[AdjustmentsReader] = []


def register_adjustments_reader(reader: AdjustmentsReader) -> None:
    """The support app's reader (once, however often the app is made ready)."""
    if reader not in _readers:
        _readers.append(reader)


def adjustments_for(people) -> list[tuple[Person, list[str]]]:
    """Each of these people (Person objects, ids or a QuerySet) with the adjustments to plan for, by name; people
    without any are left out. One query."""
    from django.db.models import QuerySet

    if not isinstance(people, QuerySet):
        people = list(people)
        if not people:
            return []
    found: list[tuple[Person, list[str]]] = []
    for reader in _readers:
        found.extend(reader(people))
    return found
