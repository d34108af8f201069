"""Reads about a trust that pages share: its published information, and which trust a public page is about."""

from django.core.cache import cache

from withus.organisations.models import Organisation, TrustInformation


def trust_information_for(organisation) -> TrustInformation:
    """The trust's published information; an unsaved one with the defaults until an administrator saves it."""
    if organisation is None:
        return TrustInformation()
    found = TrustInformation.objects.filter(organisation=organisation).first()
    return found or TrustInformation(organisation=organisation)


def organisation_for_public_page(request, chosen_id=None) -> Organisation | None:
    """Whose privacy notice or accessibility statement to show: the signed-in person's trust; for someone not signed
    in, the trust they chose (?trust=), or the only trust when there is one."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.organisation_id:
        return user.organisation
    trusts = Organisation.objects.all()
    if chosen_id:
        return trusts.filter(pk=chosen_id).first()
    first_two = list(trusts[:2])
    return first_two[0] if len(first_two) == 1 else None


def all_trusts():
    return Organisation.objects.order_by("name")


CONTACT_CACHE_KEY = "trust-contact:{}"


def team_contact(organisation_id) -> dict:
    """The team's contact details and the feedback link, as every page's layout shows them: cached per trust (so
    pages add no query), forgotten when an administrator saves the published information."""
    if organisation_id is None:
        return {}
    key = CONTACT_CACHE_KEY.format(organisation_id)
    contact = cache.get(key)
    if contact is None:
        information = TrustInformation.objects.filter(organisation_id=organisation_id).first() or TrustInformation()
        contact = {
            "name": information.team_name,
            "phone": information.team_phone,
            "email": information.team_email,
            "hours": information.team_hours,
            "feedback_href": information.feedback_href,
        }
        cache.set(key, contact, 60 * 60)
    return contact
