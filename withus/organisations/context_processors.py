"""The People Participation team's contact details for the layout (issue 14 item 8): on every page a participant
sees, and on anyone's own "My details" pages. Staff pages read nothing."""

from withus.organisations.selectors import team_contact


def trust_contact(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not (user.is_participant or request.path.startswith("/me/")):
        return {"team_contact": None}
    contact = team_contact(user.organisation_id)
    return {"team_contact": contact if (contact.get("phone") or contact.get("email")) else None}
