"""What the opportunity pages share: the signed-in person, how many responded, and the
opportunities a lead manages."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from withus.opportunities.models import HOLDS_A_PLACE, ExpressionOfInterest, Opportunity, ResponseStatus, Session
from withus.people.models import Person


def _my_person(request) -> Person | None:
    return Person.objects.filter(user=request.user, organisation_id=request.user.organisation_id).first()


def _response_counts(queryset):
    responses = ExpressionOfInterest.objects.filter(opportunity=OuterRef("pk")).values("opportunity")
    return queryset.annotate(
        interested_count=Coalesce(
            Subquery(
                responses.exclude(status=ResponseStatus.WITHDRAWN).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        selected_count=Coalesce(
            Subquery(
                responses.filter(status__in=HOLDS_A_PLACE).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )


def _first_session(queryset):
    first = Session.objects.filter(opportunity=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
    return queryset.annotate(first_session=Subquery(first))


def _managed(request, opportunity_id) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.managed_by(request.user).select_related("kind", "unit"), pk=opportunity_id
    )
