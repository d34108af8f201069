"""Messages for things that happen in apps below notifications (ADR 18), which announce them by signal."""

from django.dispatch import receiver
from django.urls import reverse

from withus.accounts.signals import directory_invited, sign_in_code_by_text, staff_invited
from withus.core.phone import spaced_mobile
from withus.notifications.models import MessageKind
from withus.notifications.services import sign_in_codes
from withus.notifications.services.outbox import notify_person, notify_user
from withus.people.signals import sign_in_given


@receiver(sign_in_given, dispatch_uid="notifications.sign_in_given")
def tell_sign_in_given(*, person, user, actor, request=None, by: str = "email", **kwargs) -> None:
    """Tell someone they can now sign in (issue 17), by the way they chose. The codes themselves go to their sign-in
    e-mail address or, for someone who signs in by text message, to their mobile number (ADR 34)."""
    trust = person.organisation.name if person.organisation_id else "your trust"
    name = person.preferred_name or person.full_name
    if by == "text":
        path = reverse("accounts:sign_in_by_text")
        url = request.build_absolute_uri(path) if request is not None else path
        also = "You can now also" if user.email else "You can now"
        body = (
            f"Dear {name},\n\n"
            f"{actor.full_name} has given you a WithUs sign-in at {trust}. {also} sign in with a code sent by text "
            f"message to your mobile phone.\n\n"
            f"To sign in, go to {url} and enter your mobile number ({spaced_mobile(user.phone)}). We will text you a "
            "code to type in. You do not need a password or an e-mail address.\n\n"
            "With thanks,\nThe People Participation team"
        )
        key = f"people.sign_in_given:{user.pk}:text"
    else:
        path = reverse("account_request_login_code")
        url = request.build_absolute_uri(path) if request is not None else path
        body = (
            f"Dear {name},\n\n"
            f"{actor.full_name} has given you a WithUs sign-in at {trust}.\n\n"
            f"To sign in, go to {url} and enter your e-mail address ({user.email}). We will e-mail you a code to "
            "type in. You do not need a password.\n\n"
            "With thanks,\nThe People Participation team"
        )
        key = f"people.sign_in_given:{user.pk}"
    notify_person(
        person=person,
        template="people.sign_in_given",
        kind=MessageKind.ESSENTIAL,
        subject="You can now sign in to WithUs",
        body=body,
        idempotency_key=key,
        actor=actor,
    )


@receiver(sign_in_code_by_text, dispatch_uid="notifications.sign_in_code_by_text")
def text_sign_in_code(
    *, user, phone: str, code: str, minutes: int, reauthentication: bool = False, on_result=None, **kwargs
) -> None:
    """A sign-in code by text message, through the outbox and the gateway, sent as soon as the request commits."""
    sign_in_codes.sign_in_code_by_text(
        user=user, phone=phone, code=code, minutes=minutes, reauthentication=reauthentication, on_result=on_result
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
