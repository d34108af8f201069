"""Saying someone is interested, for them (issue 26 item 5: assisted digital). A lead with the person beside them
or on the phone chooses the opportunity, records how the person agreed, and the interest is the person's own:
the one on-behalf record says "Done by Priya Shah for Chen Li, who agreed on the phone" on the person's pages
and in the audit log."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.opportunities.forms import InterestForForm
from withus.opportunities.models import ExpressionOfInterest, Opportunity, ResponseStatus
from withus.opportunities.services import interest as interest_services
from withus.people.models import Person

MOST_LISTED = 50


@permission_required("opportunities.express_interest_for_someone", deny=404)
@require_http_methods(["GET", "POST"])
def interest_for_someone(request, person_id):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    # Open ones they may join and have not already said they are interested in (a withdrawn interest can be renewed).
    already = ExpressionOfInterest.objects.for_person(person).exclude(status=ResponseStatus.WITHDRAWN)
    opportunities = list(
        Opportunity.objects.eligible_for(person)
        .open_for_interest()
        .exclude(pk__in=already.values("opportunity_id"))
        .order_by("closes_on")[:MOST_LISTED]
    )
    form = InterestForForm(request.POST or None, opportunities=opportunities)
    by_id = {str(opportunity.pk): opportunity for opportunity in opportunities}
    name = person.preferred_name or person.full_name
    sent = submit(
        request,
        form,
        lambda data: interest_services.interest_express(
            opportunity=by_id[data["opportunity"]],
            person=person,
            message=data["message"],
            access_needs=data["access_needs"],
            actor=request.user,
            request=request,
            person_agreed=data["person_agreed"],
            how_agreed=data["how_agreed"],
        ),
        lambda response: (
            f"{name} is now interested in {response.opportunity.title}. It shows on their own pages as done by you "
            "for them."
        ),
        lambda _: reverse("people:detail", kwargs={"person_id": person.pk}),
    )
    return sent or render(
        request, "opportunities/interest_for.jinja", {"form": form, "person": person, "opportunities": opportunities}
    )
