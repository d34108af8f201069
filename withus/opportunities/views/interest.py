"""A participant's response to an opportunity: expressing interest, withdrawing and confirming."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.easy_read import render_readable
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.notifications.selectors import how_we_tell
from withus.opportunities.forms import InterestForm
from withus.opportunities.models import ExpressionOfInterest, ResponseStatus
from withus.opportunities.services import interest as interest_services
from withus.opportunities.views.opportunities import _opportunity_for
from withus.people.selectors import signed_in_person, signed_in_person_or_404


@permission_required("opportunities.express_interest", deny=404)
@require_http_methods(["GET", "POST"])
def interest_express(request, opportunity_id):
    opportunity = _opportunity_for(request, opportunity_id)
    person = signed_in_person(request.user)
    existing = opportunity.responses.filter(person=person).first()
    if existing and existing.status != ResponseStatus.WITHDRAWN:
        messages.info(request, "You have already told us you are interested. We will be in touch.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    form = InterestForm(request.POST or None)
    reason = interest_services.ineligibility_reason(opportunity, person)
    sent = submit(
        request,
        form,
        lambda data: interest_services.interest_express(
            opportunity=opportunity,
            person=person,
            message=data["message"],
            access_needs=data["access_needs"],
            actor=request.user,
            request=request,
        ),
        lambda _: (
            f"Thank you. We have your interest in {opportunity.title}. "
            f"We will tell you {how_we_tell(person)} after {opportunity.closes_on.day} {opportunity.closes_on:%B}."
        ),
        reverse("opportunities:detail", kwargs={"opportunity_id": opportunity.pk}),
    )
    context = {"form": form, "opportunity": opportunity, "reason": reason}
    return sent or render_readable(request, "opportunities/interest.jinja", context)


def _my_response(request, opportunity_id) -> ExpressionOfInterest:
    person = signed_in_person_or_404(request.user)
    return get_object_or_404(
        ExpressionOfInterest.objects.for_person(person).select_related("opportunity", "person"),
        opportunity_id=opportunity_id,
    )


@permission_required("opportunities.express_interest", deny=404)
@require_http_methods(["GET", "POST"])
def interest_withdraw(request, opportunity_id):
    response = _my_response(request, opportunity_id)
    if request.method == "POST":
        interest_services.interest_withdraw(response=response, actor=request.user, request=request)
        messages.success(request, "You have withdrawn. Thank you for letting us know.")
        return redirect("opportunities:detail", opportunity_id=opportunity_id)
    return render(request, "opportunities/withdraw.jinja", {"response": response, "opportunity": response.opportunity})


@permission_required("opportunities.express_interest", deny=404)
@require_POST
def interest_confirm(request, opportunity_id):
    response = _my_response(request, opportunity_id)
    try:
        interest_services.interest_confirm(response=response, actor=request.user, request=request)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you. Your place is confirmed.")
    return redirect("opportunities:detail", opportunity_id=opportunity_id)
