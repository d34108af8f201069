import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from withus.core.forms import add_service_errors
from withus.core.languages import language
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.organisations import services
from withus.organisations.forms import LanguagesForm, TrustInformationForm, UnitForm
from withus.organisations.models import Unit
from withus.organisations.selectors import all_trusts, organisation_for_public_page, trust_information_for


@permission_required("organisations.view_units")
def units(request):
    tree = Unit.objects.for_organisation(request.user.organisation_id).in_tree_order().select_related("parent")
    return render(request, "organisations/units.jinja", {"units": tree})


def _save(request, form, unit=None):
    data = form.cleaned_data
    try:
        if unit is None:
            return services.unit_create(
                organisation=request.user.organisation,
                name=data["name"],
                code=data["code"],
                kind=data["kind"],
                parent=data["parent"],
                actor=request.user,
                request=request,
            )
        return services.unit_update(
            unit=unit,
            name=data["name"],
            code=data["code"],
            kind=data["kind"],
            parent=data["parent"],
            is_active=data["is_active"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@permission_required("organisations.manage_units")
@require_http_methods(["GET", "POST"])
def unit_add(request):
    form = UnitForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid() and (unit := _save(request, form)):
        messages.success(request, f"{unit.name} has been added.")
        return redirect("organisations:units")
    return render(request, "organisations/unit_form.jinja", {"form": form, "unit": None})


@permission_required("organisations.manage_units")
@require_http_methods(["GET", "POST"])
def unit_edit(request, unit_id):
    unit = get_object_or_404(Unit.objects.for_organisation(request.user.organisation_id), pk=unit_id)
    initial = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "parent": unit.parent,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, initial=initial, organisation=request.user.organisation, unit=unit)
    if request.method == "POST" and form.is_valid() and (saved := _save(request, form, unit)):
        messages.success(request, f"{saved.name} has been updated.")
        return redirect("organisations:units")
    return render(request, "organisations/unit_form.jinja", {"form": form, "unit": unit})


# What the trust publishes (issue 14 item 8).


@permission_required("organisations.manage_trust_information")
@require_http_methods(["GET", "POST"])
def trust_information(request):
    organisation = request.user.organisation
    information = trust_information_for(organisation)
    initial = {name: getattr(information, name) for name in services.INFORMATION_FIELDS}
    form = TrustInformationForm(request.POST or None, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.trust_information_save(
            organisation=organisation, values=data, actor=request.user, request=request
        ),
        "The published information has been saved. The privacy notice, accessibility statement and contact "
        "details show it now.",
        "organisations:trust_information",
    ) or render(request, "organisations/trust_information.jinja", {"form": form})


def _public_context(request) -> dict:
    try:
        chosen = uuid.UUID(request.GET.get("trust", "")) if request.GET.get("trust") else None
    except ValueError:
        chosen = None
    organisation = organisation_for_public_page(request, chosen)
    return {
        "trust": organisation,
        "information": trust_information_for(organisation),
        "trusts": [] if organisation else list(all_trusts()),
    }


def _public_page(request, template: str):
    return render(request, template, _public_context(request))


@login_not_required
def privacy(request):
    """The privacy notice (public: issue 2, issue 14 item 8), in the NHS format, from the trust's settings."""
    return _public_page(request, "organisations/privacy.jinja")


@login_not_required
def accessibility(request):
    """The accessibility statement (public by law: issue 2, issue 14 item 8), in the GOV.UK/NHS format."""
    return _public_page(request, "organisations/accessibility.jinja")


@login_not_required
def feedback(request):
    """The phase banner's feedback link on every page (public: issue 14 item 8): the trust's feedback form, or a
    page with the team's contact details when it has none."""
    context = _public_context(request)
    if context["information"].feedback_url:
        return redirect(context["information"].feedback_url)
    return render(request, "organisations/feedback.jinja", context)


# Which translations people may choose (issue 26 item 4).


@permission_required("organisations.manage_languages")
@require_http_methods(["GET", "POST"])
def languages(request):
    organisation = request.user.organisation
    form = LanguagesForm(request.POST or None, initial={"languages": organisation.languages_offered})
    return submit(
        request,
        form,
        lambda data: services.organisation_languages_set(
            organisation=organisation, codes=data["languages"], actor=request.user, request=request
        ),
        lambda saved: (
            "People can now choose these languages: "
            + ", ".join(language(code).english_name for code in saved.languages_offered)
            if saved.languages_offered
            else "People now read WithUs in English only."
        ),
        "organisations:languages",
    ) or render(request, "organisations/languages.jinja", {"form": form})
