"""What the opportunity pages share: the opportunities a lead manages."""

from django.shortcuts import get_object_or_404

from withus.opportunities.models import Opportunity


def _managed(request, opportunity_id) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.managed_by(request.user).select_related("kind", "unit"), pk=opportunity_id
    )
