"""The trust's People Participation team contact and feedback link, for the layout on every page (issue 14 item 8)."""

from withus.organisations.selectors import organisation_for_public_page, team_contact


def trust_contact(request):
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    if signed_in:
        contact = team_contact(user.organisation_id)
    else:  # the sign-in pages: the only trust's feedback link, when there is one trust
        organisation = organisation_for_public_page(request)
        contact = team_contact(organisation.pk if organisation else None)
    # Participants see the team's contact details on every page; anyone sees them on their own "My details" pages.
    show = (
        signed_in
        and (user.is_participant or request.path.startswith("/me/"))
        and (contact.get("phone") or contact.get("email"))
    )
    return {"team_contact": contact if show else None, "feedback_href": contact.get("feedback_href", "")}
