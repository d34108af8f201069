"""Messages for things that happen in apps below notifications (ADR 18), which announce them by signal."""

from django.dispatch import receiver
from django.urls import reverse

from withus.accounts.signals import directory_invited, staff_invited
from withus.notifications.models import MessageKind
from withus.notifications.services.outbox import notify_person, notify_user
from withus.people.signals import sign_in_given


@receiver(sign_in_given, dispatch_uid="notifications.sign_in_given")
def tell_sign_in_given(*, person, user, actor, request=None, **kwargs) -> None:
    """Tell someone they can now sign in (issue 17), by the way they chose; the code itself always goes by e-mail."""
    path = reverse("account_request_login_code")
    url = request.build_absolute_uri(path) if request is not None else path
    trust = person.organisation.name if person.organisation_id else "your trust"
    notify_person(
        person=person,
        template="people.sign_in_given",
        kind=MessageKind.ESSENTIAL,
        subject="You can now sign in to WithUs",
        body=(
            f"Dear {person.preferred_name or person.full_name},\n\n"
            f"{actor.full_name} has given you a WithUs sign-in at {trust}.\n\n"
            f"To sign in, go to {url} and enter your e-mail address ({user.email}). We will e-mail you a code to "
            "type in. You do not need a password.\n\n"
            "With thanks,\nThe People Participation team"
        ),
        idempotency_key=f"people.sign_in_given:{user.pk}",
        actor=actor,
    )


@receiver(staff_invited, dispatch_uid="notifications.staff_invited")
def tell_staff_invited(*, user, actor, sign_in_url: str, **kwargs) -> None:
    """An invitation to a new member of staff, through the outbox like every other message (issue 17)."""
    trust = user.organisation.name if user.organisation_id else "your trust"
    notify_user(
        user=user,
        template="accounts.invited",
        subject="You have been invited",
        body=(
            f"Hello {user.full_name},\n\n"
            f"{actor.full_name} has given you a WithUs account at {trust}.\n\n"
            f"To sign in, go to {sign_in_url} and enter this e-mail address ({user.email}). We will send you a "
            "code to type in. You can set a password afterwards if you like.\n\n"
            "If you were not expecting this, you can ignore this e-mail.\n"
        ),
        idempotency_key=f"accounts.invited:{user.pk}",
        actor=actor,
    )


@receiver(directory_invited, dispatch_uid="notifications.directory_invited")
def tell_directory_invited(*, user, actor, link: str, days: int, **kwargs) -> None:
    """The link that connects someone's Microsoft account to their WithUs account (issue 24)."""
    notify_user(
        user=user,
        template="accounts.directory_invited",
        subject="Sign in to WithUs with your Microsoft account",
        body=(
            f"Hello {user.full_name},\n\n"
            f"{actor.full_name} has invited you to sign in to WithUs with your NHSmail or trust Microsoft account.\n\n"
            f"Go to {link} and choose Continue with Microsoft. After that, use the Sign in with Microsoft button "
            f"on the WithUs sign-in page. The link works once, for {days} days.\n\n"
            "If you were not expecting this, you can ignore this e-mail.\n"
        ),
        idempotency_key=f"accounts.directory_invited:{link[-16:]}",
        actor=actor,
    )
