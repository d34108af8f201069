"""Signed-in sessions (allauth's user sessions): each person ends their own; administrators end all of someone's
(issue 24 item 4). Each ending is audited."""

from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.db import transaction

from withus.accounts.models import User
from withus.accounts.services import _check_actor, _end_sessions
from withus.core.audit import audit_record
from withus.core.models import AuditAction


def sessions_of(user: User, *, current_key: str | None) -> list[UserSession]:
    """The person's sessions that can still be used, this one first, then the most recently used."""
    live = UserSession.objects.purge_and_list(user)
    return sorted(live, key=lambda s: (s.session_key != current_key, -s.last_seen_at.timestamp()))


@transaction.atomic
def session_end(
    *, user: User, session_id: int | None, everywhere_else: bool, current_key: str, request=None
) -> tuple[int, bool]:
    """End one of your own sessions, or every one but this. Another person's session is never found here.
    Gives how many ended and whether this browser's is one of them (the caller then signs it out)."""
    own = UserSession.objects.filter(user_id=user.pk)
    if everywhere_else:
        chosen = list(own.exclude(session_key=current_key))
    else:
        chosen = list(own.filter(pk=session_id))
        if not chosen:
            raise ValidationError("That device is not in your list any more. It may already be signed out")
    ends_this_one = any(session.session_key == current_key for session in chosen)
    for session in chosen:
        if session.session_key == current_key:
            session.delete()  # the caller signs this browser out, which ends its session properly
        else:
            session.end()
    what = "every other device" if everywhere_else else ("this device" if ends_this_one else "one device")
    audit_record(
        action=AuditAction.SIGN_OUT,
        request=request,
        actor=user,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Signed out of {what} ({len(chosen)} session{'s' if len(chosen) != 1 else ''})",
    )
    return len(chosen), ends_this_one


@transaction.atomic
def user_end_sessions(*, user: User, actor: User, request=None) -> int:
    """An administrator signs someone out everywhere (a lost device, say). Their account stays active."""
    _check_actor(actor, user)
    if user.pk == actor.pk:
        raise ValidationError("To sign yourself out of other devices, use Your signed-in devices")
    ended = _end_sessions(user)
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Signed {user.sign_in_name} out everywhere; {ended} session{'s' if ended != 1 else ''} ended",
        changed_fields=["sessions"],
    )
    return ended
