"""Reads about people that other apps share."""

from withus.core.todo import ToDoSection, link, todo_item
from withus.people.models import MembershipStatus, Person


def signed_in_person(user) -> Person | None:
    """The signed-in user's own entry in their trust's register, or None (for example, staff who are not in it).

    The one lookup every page and service uses for "me": it never finds a person in another trust.
    """
    return Person.objects.filter(user=user, organisation_id=user.organisation_id).first()


def todo(user) -> ToDoSection | None:
    """For whoever keeps the register: people who enquired and have not yet had a welcome conversation."""
    if not user.has_perm("people.add_person"):
        return None
    enquiries = Person.objects.visible_to(user).filter(status=MembershipStatus.ENQUIRY)
    return ToDoSection(
        heading="The involvement register",
        items=[
            todo_item(
                "People who enquired and have not been contacted yet",
                enquiries,
                many=link("people:register", query="status=enquiry"),
                one=lambda pk: link("people:detail", pk),
            )
        ],
        order=20,
    )
