"""Telling staff about opportunities (issue 17): a request for involvement waiting for a lead to approve."""

from django.urls import reverse

from withus.accounts.models import Role, RoleAssignment, User
from withus.notifications.services.outbox import notify_user
from withus.opportunities.models import Opportunity, OpportunityStatus


def leads_covering(opportunity: Opportunity) -> list[User]:
    """Active People Participation leads whose units include the opportunity's (or who cover the whole trust)."""
    assignments = RoleAssignment.objects.filter(
        organisation_id=opportunity.organisation_id, role=Role.PARTICIPATION_LEAD, user__is_active=True
    ).select_related("unit", "user")
    path = opportunity.unit.path
    leads = {a.user_id: a.user for a in assignments if a.unit_id is None or path.startswith(a.unit.path)}
    return sorted(leads.values(), key=lambda user: user.full_name)


def tell_leads_of_request(opportunity: Opportunity, actor: User) -> int:
    """Ask the leads who could approve it to look at a requested opportunity (nothing for one already open).
    Returns how many were told."""
    if opportunity.status != OpportunityStatus.REQUESTED:
        return 0
    told = 0
    link = reverse("opportunities:detail", args=[opportunity.pk])
    for lead in leads_covering(opportunity):
        message = notify_user(
            user=lead,
            template="opportunities.request_to_approve",
            subject=f"Waiting for you to approve: {opportunity.title}",
            body=(
                f"Dear {lead.full_name},\n\n"
                f'{actor.full_name} has asked for people to take part in "{opportunity.title}" '
                f"({opportunity.unit.name}). It is waiting for a People Participation lead to approve it before "
                f"anyone can see it.\n\nYou can look at it and approve it in WithUs: {link}\n\n"
                "With thanks,\nWithUs"
            ),
            idempotency_key=f"opportunities.request_to_approve:{opportunity.pk}:{lead.pk}",
            actor=actor,
        )
        told += message is not None
    return told
