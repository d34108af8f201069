"""Messages in the language of the person they are for (issue 26, ADR 33).

A message to a service user or carer is written in the language of their sign-in (`User.language`) when their trust
offers it, the same rule as their pages (`ChosenLanguageMiddleware`); English otherwise, and for people with no
sign-in (nobody has chosen a language for them). Compose the subject and body inside the block:

    with in_persons_language(person):
        subject = gettext("You have a place: %(title)s") % {"title": opportunity.title}

Messages to staff stay English: they are not composed inside this block.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import translation

from withus.accounts.middleware import chosen_language
from withus.people.models import Person


def persons_language(person: Person) -> str:
    """The language code to write to this person in: their sign-in's choice if their trust offers it, else English."""
    user = person.user if person.user_id else None
    return chosen_language(user)


@contextmanager
def in_persons_language(person: Person) -> Iterator[str]:
    """Activate the person's language (see `persons_language`) for the block, then restore the one before.
    Yields the language code."""
    code = persons_language(person)
    with translation.override(code):
        yield code
