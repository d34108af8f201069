"""What accreditation tells people, through the notifications outbox (ADR 23): the visit team when a visit is
planned, a panel's members when it sits, and the visit team and chair when a decision is made. Each message is
written in the caller's transaction and sent after it commits; the same key never makes a second message."""

from withus.accounts.models import User
from withus.notifications.models import MessageKind
from withus.notifications.services.outbox import notify_person
from withus.people.models import Person
from withus.people.privacy import ERASED_NAME


def _tell(person: Person, *, template: str, subject: str, body: str, key: str, actor: User | None) -> None:
    if person.full_name == ERASED_NAME:
        return  # their information is erased (ADR 35): nobody to write to
    notify_person(
        person=person,
        template=template,
        kind=MessageKind.ESSENTIAL,
        subject=subject,
        body=body,
        idempotency_key=key,
        actor=actor,
    )


def _dear(person: Person) -> str:
    return f"Dear {person.preferred_name or person.full_name},\n\n"


SIGN_OFF = "\n\nWith thanks,\nThe People Participation team"


def tell_visit_planned(*, review, actor: User | None) -> int:
    """Each assessor on the visit team hears the visit's date (again, only if the date changes)."""
    if review.visit_date is None:
        return 0
    when = f"{review.visit_date:%A} {review.visit_date.day} {review.visit_date:%B %Y}"
    team = list(review.team.select_related("person"))
    for member in team:
        role = "the lead assessor" if member.is_lead else "an assessor"
        _tell(
            member.person,
            template="accreditation.visit_planned",
            subject=f"Accreditation visit to {review.unit.name} on {when}",
            body=(
                f"{_dear(member.person)}The accreditation visit to {review.unit.name} is on {when}. You are {role}. "
                "You can read the standards and, on the day, enter your ratings in WithUs under "
                f'"My accreditation".{SIGN_OFF}'
            ),
            key=f"accreditation.visit_planned:{review.pk}:{member.person_id}:{review.visit_date.isoformat()}",
            actor=actor,
        )
    return len(team)


def tell_panel(*, sitting, actor: User | None) -> int:
    """The chair and each member of a panel hear that it has been recorded with them on it."""
    people = [sitting.chair, *[person for person in sitting.members.all() if person.pk != sitting.chair_id]]
    when = f"{sitting.held_on.day} {sitting.held_on:%B %Y}"
    for person in people:
        seat = "chaired" if person.pk == sitting.chair_id else "sat on"
        _tell(
            person,
            template="accreditation.panel",
            subject=f"{sitting.get_kind_display()} for {sitting.review.unit.name}",
            body=(
                f"{_dear(person)}Thank you: you {seat} the {sitting.get_kind_display().lower()} for "
                f"{sitting.review.unit.name} on {when}. It is in your involvement record.{SIGN_OFF}"
            ),
            key=f"accreditation.panel:{sitting.pk}:{person.pk}",
            actor=actor,
        )
    return len(people)


def tell_decision(*, decision, actor: User | None, appeal=None) -> int:
    """The visit team and the chair hear the decision (or the appeal's outcome)."""
    review = decision.review
    people = {member.person_id: member.person for member in review.team.select_related("person")}
    people.setdefault(decision.chair_id, decision.chair)
    award = decision.get_award_display()
    what = "The appeal has been heard. " if appeal is not None else ""
    for person in people.values():
        _tell(
            person,
            template="accreditation.decision",
            subject=f"Accreditation decision for {review.unit.name}: {award}",
            body=f"{_dear(person)}{what}The panel's decision for {review.unit.name} is: {award}.{SIGN_OFF}",
            key=f"accreditation.decision:{decision.pk}:{appeal.pk if appeal else 'first'}:{person.pk}",
            actor=actor,
        )
    return len(people)
