"""The involvement log's pages: my involvement, a person's involvement, and the kinds of involvement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_view
from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.involvement import selectors
from withus.involvement import services as involvement_services
from withus.involvement.forms import KIND_FIELDS, KindForm
from withus.involvement.models import InvolvementKind
from withus.involvement.sections import my_involvement_sections
from withus.people.models import Person
from withus.people.selectors import signed_in_person_or_404


@permission_required("involvement.view_own_involvement")
def my_involvement(request):
    person = signed_in_person_or_404(request.user)
    audit_view(request, person, object_type="involvement")
    context = selectors.person_involvement(person)
    context["sections"] = my_involvement_sections(person)
    return render(request, "involvement/my_involvement.jinja", context)


@permission_required("involvement.view_person_involvement", deny=404)
def person_involvement(request, person_id):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    audit_view(request, person, object_type="involvement")
    return render(request, "involvement/person_involvement.jinja", selectors.person_involvement(person))


@permission_required("involvement.change_kinds", deny=404)
def kind_list(request):
    kinds = InvolvementKind.objects.for_organisation(request.user.organisation_id)
    if not kinds.exists():
        involvement_services.kinds_ensure_defaults(organisation=request.user.organisation)
    return render(request, "involvement/kinds.jinja", {"kinds": list(kinds)})


@permission_required("involvement.change_kinds", deny=404)
@require_http_methods(["GET", "POST"])
def kind_edit(request, kind_id):
    kind = get_object_or_404(InvolvementKind.objects.for_organisation(request.user.organisation_id), pk=kind_id)
    form = KindForm(request.POST or None, initial={name: getattr(kind, name) for name in KIND_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            involvement_services.kind_update(kind=kind, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("involvement:kinds")
    return render(request, "involvement/kind_edit.jinja", {"form": form, "kind": kind})
