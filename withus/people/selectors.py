"""Reads about people that other apps share."""

from withus.people.models import Person


def signed_in_person(user) -> Person | None:
    """The signed-in user's own entry in their trust's register, or None (for example, staff who are not in it).

    The one lookup every page and service uses for "me": it never finds a person in another trust.
    """
    return Person.objects.filter(user=user, organisation_id=user.organisation_id).first()
