"""The administrators' API token pages: list, make (the secret shown once), look at and revoke."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from withus.api import services
from withus.api.forms import ConfirmForm, TokenForm
from withus.api.models import ApiToken, Scope
from withus.core.permissions import permission_required
from withus.core.submit import submit

SCOPE_LABELS = dict(Scope.choices)


def _token(request, token_id) -> ApiToken:
    token = ApiToken.objects.for_organisation(request.user.organisation_id).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


@permission_required("api.manage_tokens")
def tokens(request):
    listed = ApiToken.objects.for_organisation(request.user.organisation_id).select_related("created_by")
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    return render(request, "api/tokens.jinja", {"page": page, "scope_labels": SCOPE_LABELS})


@permission_required("api.manage_tokens")
@require_http_methods(["GET", "POST"])
def token_create(request):
    form = TokenForm(request.POST if request.method == "POST" else None, organisation=request.user.organisation)
    made = {}

    def create(data):
        token, secret = services.token_create(
            organisation=request.user.organisation,
            name=data["name"],
            scopes=data["scopes"],
            expires_on=data.get("expires_on"),
            projects=data.get("projects") or (),
            actor=request.user,
            request=request,
        )
        made.update(token=token, secret=secret)
        return token

    # The secret is shown on the answer to this POST and nowhere else: no redirect, nothing kept in the session.
    if request.method == "POST" and form.is_valid():
        submit(request, form, create, "The token has been made. Copy its secret now.", "api:tokens")
        if made:
            return render(request, "api/token_secret.jinja", made)
    return render(request, "api/token_form.jinja", {"form": form})


@permission_required("api.manage_tokens")
def token_detail(request, token_id):
    token = _token(request, token_id)
    return render(
        request,
        "api/token_detail.jinja",
        {"token": token, "projects": list(token.projects.order_by("title")), "scope_labels": SCOPE_LABELS},
    )


@permission_required("api.manage_tokens")
@require_http_methods(["GET", "POST"])
def token_revoke(request, token_id):
    token = _token(request, token_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if token.revoked_at:
        return render(request, "api/token_detail.jinja", {"token": token, "projects": [], "scope_labels": SCOPE_LABELS})
    return submit(
        request,
        form,
        lambda data: services.token_revoke(token=token, actor=request.user, request=request),
        f"The token “{token.name}” has been revoked. It no longer works.",
        reverse("api:token", args=[token.pk]),
    ) or render(request, "api/token_revoke.jinja", {"form": form, "token": token})
