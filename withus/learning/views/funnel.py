"""The learning funnel: how many people move from enquiry through training to involvement."""

from django.shortcuts import render

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.learning.selectors import funnel, waiting_too_long
from withus.learning.views.common import WAITING_SHOWN
from withus.people.models import Person


@permission_required("learning.view_funnel", deny=404)
def funnel_view(request):
    organisation_id = request.user.organisation_id
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        organisation_id=organisation_id,
        object_type="learning-funnel",
        object_label="Learning pathway funnel",
    )
    waiting = waiting_too_long(
        organisation_id=organisation_id, people=Person.objects.visible_to(request.user).values("pk")
    )
    return render(
        request,
        "learning/funnel.jinja",
        {**funnel(organisation_id=organisation_id), "waiting": waiting[:WAITING_SHOWN], "waiting_total": len(waiting)},
    )
