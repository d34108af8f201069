"""Reads about people that other apps share."""

from django.http import Http404

from withus.core.todo import ToDoSection, link, todo_item
from withus.people.models import MembershipStatus, Person


def signed_in_person(user) -> Person | None:
    """The signed-in user's own entry in their trust's register, or None (for example, staff who are not in it).

    The one lookup every page and service uses for "me": it never finds a person in another trust.
    """
    return Person.objects.filter(user=user, organisation_id=user.organisation_id).first()


NOT_IN_THE_REGISTER = "You are not in the involvement register yet."


def signed_in_person_or_404(user) -> Person:
    """The signed-in user's own entry, for pages about "me": not found (404) when they have none."""
    person = signed_in_person(user)
    if person is None:
        raise Http404(NOT_IN_THE_REGISTER)
    return person


def asked_not_to_be_contacted(person: Person | None) -> bool:
    """Whether the person's latest word on being contacted about opportunities is that they withdrew it."""
    if person is None:
        return False
    return Person.objects.filter(pk=person.pk).not_to_be_contacted().exists()


def people_awaiting_data_decision(user):
    """For role home pages: people this user may see whose lead has to agree what happens to their information
    after they withdrew their agreement to WithUs keeping it. A QuerySet; the caller counts or slices it."""
    return Person.objects.visible_to(user).awaiting_data_decision().order_by("full_name", "pk")


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
            ),
            todo_item(
                "People who withdrew their agreement to WithUs keeping their information: agree what happens",
                people_awaiting_data_decision(user),
                many=link("people:register"),
                one=lambda pk: link("people:detail", pk),
            ),
        ],
        order=20,
    )
