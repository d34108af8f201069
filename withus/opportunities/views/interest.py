"""A participant's response to an opportunity: expressing interest, withdrawing and confirming."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.opportunities.forms import InterestForm
from withus.opportunities.models import ExpressionOfInterest, ResponseStatus
from withus.opportunities.services import interest as interest_services
from withus.opportunities.views.common import _my_person
from withus.opportunities.views.opportunities import _opportunity_for


@permission_required("opportunities.express_interest", deny=404)
@require_http_methods(["GET", "POST"])
def interest_express(request, opportunity_id):
    opportunity = _opportunity_for(request, opportunity_id)
    person = _my_person(request)
    existing = ExpressionOfInterest.objects.filter(opportunity=opportunity, person=person).first()
    if existing and existing.status != ResponseStatus.WITHDRAWN:
        messages.info(request, "You have already told us you are interested. We will be in touch.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    form = InterestForm(request.POST or None)
    reason = interest_services.ineligibility_reason(opportunity, person)
    if request.method == "POST" and form.is_valid():
        try:
            interest_services.interest_express(
                opportunity=opportunity,
                person=person,
                message=form.cleaned_data["message"],
                access_needs=form.cleaned_data["access_needs"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you. We have your interest in {opportunity.title}. "
                f"We will tell you by e-mail after {opportunity.closes_on.day} {opportunity.closes_on:%B}.",
            )
            return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/interest.jinja", {"form": form, "opportunity": opportunity, "reason": reason})


def _my_response(request, opportunity_id) -> ExpressionOfInterest:
    person = _my_person(request)
    if person is None:
        raise Http404
    return get_object_or_404(
        ExpressionOfInterest.objects.select_related("opportunity", "person"),
        opportunity_id=opportunity_id,
        person=person,
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
