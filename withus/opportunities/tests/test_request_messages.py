"""Issue 17: a staff request for involvement waiting for a lead to approve tells the leads who could approve it."""

from django.core import mail
from django.urls import reverse

from withus.accounts.models import Role
from withus.notifications.models import Message
from withus.opportunities.models import Opportunity, OpportunityStatus
from withus.opportunities.tests.test_opportunities import _form


def test_the_leads_covering_the_ward_are_told_once(
    make_user, signed_in, kind, trust, django_capture_on_commit_callbacks
):
    staff = make_user(Role.STAFF, unit=trust.willow, full_name="Sam Staff")
    ward_lead = make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health, full_name="Priya Shah")
    trust_lead = make_user(Role.PARTICIPATION_LEAD, full_name="Ade Trustwide")
    make_user(Role.PARTICIPATION_LEAD, unit=trust.community, full_name="Other Lead")
    client = signed_in(staff)
    data = _form(kind, trust.willow)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opportunities:add"), data)
        client.post(reverse("opportunities:add"), data)  # sent twice: saved once, told once
    opportunity = Opportunity.objects.get()
    assert opportunity.status == OpportunityStatus.REQUESTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ward_lead.email, trust_lead.email])
    assert mail.outbox[0].subject == f"WithUs: Waiting for you to approve: {opportunity.title}"
    assert "Sam Staff has asked for people to take part" in mail.outbox[0].body
    assert reverse("opportunities:detail", args=[opportunity.pk]) in mail.outbox[0].body
    assert set(Message.objects.values_list("template", flat=True)) == {"opportunities.request_to_approve"}


def test_a_lead_posting_needs_no_approval_and_nobody_is_asked(lead, kind, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead.client.post(reverse("opportunities:add"), _form(kind, trust.cedar))
    assert Opportunity.objects.get().status == OpportunityStatus.OPEN
    assert not Message.objects.filter(template="opportunities.request_to_approve").exists()
