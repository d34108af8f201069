"""Acting for someone, one way (issue 14 item 5; ADR 0021).

Wherever someone (a People Participation lead, finance entering a paper claim, an administrator) does something
for a person — expresses interest, starts or sends a claim, and later a story, an idea or a survey answer — the
service doing it calls `on_behalf_record`. It keeps who acted, for whom, that the person agreed (and how), when and
what, in one OnBehalfAction row; writes it to the audit log; and the person sees it on their own "My details" page.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.people.models import OnBehalfAction, Person

AGREED_FIELD = "person_agreed"
# How the person agreed, when someone acts for them (issue 26 item 5: assisted digital).
HOW_AGREED_CHOICES = [
    ("in person", "They are with me and told me"),
    ("on the phone", "They told me on the phone"),
    ("in writing", "They asked in a letter, e-mail or text message"),
]


def acts_for_someone_else(*, person: Person, actor: User | None) -> bool:
    """True when the actor is not the person themselves (so what they do needs an on-behalf record)."""
    return actor is not None and getattr(actor, "pk", None) is not None and person.user_id != actor.pk


def agreement_error(person: Person) -> ValidationError:
    name = person.preferred_name or person.full_name
    return ValidationError({AGREED_FIELD: f"Confirm that {name} agreed to you doing this for them"})


def on_behalf_record(
    *,
    person: Person,
    actor: User,
    what: str,
    obj: models.Model,
    person_agreed: bool,
    how_agreed: str = "",
    request=None,
) -> OnBehalfAction | None:
    """Record that `actor` did `what` (to `obj`) for `person`, who agreed. Nothing is recorded when the actor is
    the person. Refuses (ValidationError on `person_agreed`) when the person's agreement is not confirmed, so the
    caller's transaction saves nothing."""
    if not acts_for_someone_else(person=person, actor=actor):
        return None
    if actor.organisation_id != person.organisation_id:
        raise ValidationError("You can only act for people in your own trust.")
    if not person_agreed:
        raise agreement_error(person)
    what = what.strip()[:200]
    if not what:
        raise ValueError("Say what was done for them")
    action = OnBehalfAction.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        actor=actor,
        what=what,
        object_type=obj._meta.model_name,  # noqa: SLF001 - Django's documented model metadata
        object_id=str(obj.pk),
        person_agreed=True,
        how_agreed=(how_agreed or "").strip()[:200],
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=action,
        object_type="on_behalf_action",
        object_label=done_for_text(action),
        changed_fields=["on_behalf", f"{action.object_type}:{action.object_id}"],
    )
    return action


def done_for_text(action: OnBehalfAction) -> str:
    """ "Done by Priya Shah for Chen Li, who agreed on the phone: <what>" — the same words everywhere it shows."""
    agreed = f", who agreed {action.how_agreed}" if action.how_agreed else ", who agreed"
    return f"Done by {action.actor.full_name} for {action.person.full_name}{agreed}: {action.what}"


def done_for_words(action: OnBehalfAction) -> str:
    """done_for_text in the reader's language, for pages (the audit keeps the English of done_for_text)."""
    if action.how_agreed:
        return gettext("Done by %(actor)s for %(person)s, who agreed %(how)s: %(what)s") % {
            "actor": action.actor.full_name,
            "person": action.person.full_name,
            "how": action.how_agreed,
            "what": action.what,
        }
    return gettext("Done by %(actor)s for %(person)s, who agreed: %(what)s") % {
        "actor": action.actor.full_name,
        "person": action.person.full_name,
        "what": action.what,
    }


def done_for(*, person: Person, objects: list[models.Model]) -> dict[str, OnBehalfAction]:
    """The on-behalf record of each of these objects of one person, by the object's id (one query)."""
    if not objects:
        return {}
    object_type = objects[0]._meta.model_name  # noqa: SLF001 - Django's documented model metadata
    actions = OnBehalfAction.objects.filter(
        person=person, object_type=object_type, object_id__in=[str(obj.pk) for obj in objects]
    ).select_related("actor", "person")
    return {action.object_id: action for action in actions}
