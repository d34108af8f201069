"""One-page profiles (issue 21 item 3): what a person is good at and wants to learn, shown to leads choosing people
for an opportunity and to project leads building a QI team.

The support app keeps the profiles; opportunities and improvement (which may not import it, ADR 18) read them
here, in the register's layer: the support app registers its readers in its `AppConfig.ready` (ADR 38). Without
it nobody has a profile.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ProfileReaders:
    # People (Person objects, ids or a QuerySet) -> {person id: profile with `summary`, `good_at`, `want_to_learn`}
    for_people: Callable[[Iterable], dict]
    # (organisation id, words, limit) -> profiles (with `person`) mentioning the words, by name
    listed: Callable[..., list]


_readers: list[ProfileReaders] = []


def register_profile_readers(readers: ProfileReaders) -> None:
    if not any(known.for_people is readers.for_people for known in _readers):
        _readers.append(readers)


def profiles_for(people) -> dict:
    """The non-empty profile of each of these people that has one, by person id. One query."""
    if not isinstance(people, QuerySet):
        people = list(people)
        if not people:
            return {}
    found: dict = {}
    for readers in _readers:
        found.update(readers.for_people(people))
    return found


def profiles_listed(organisation_id, *, words: str = "", limit: int = 50) -> list:
    """Profiles of people in the trust who have not left (mentioning every word, if given), by name, at most
    `limit`. One query."""
    found: list = []
    for readers in _readers:
        found.extend(readers.listed(organisation_id, words=words, limit=limit))
    return found[:limit]
