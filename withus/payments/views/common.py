"""What every payments page shares: display helpers, paging, the signed-in person and
the people a member of staff may act for."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from withus.payments.money import pounds
from withus.payments.presenters import claim_tag, days_between, days_text, limit_choice_text, status_tag
from withus.people.models import Person, PersonKind

HELPERS = {
    "pounds": pounds,
    "status_tag": status_tag,
    "claim_tag": claim_tag,
    "limit_choice_text": limit_choice_text,
    "days_text": days_text,
    "days_between": days_between,
}


def _page(request, queryset):
    page = Paginator(queryset, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _people_for_payments(request):
    """Leads: the people they may see. Finance: service users and carers of the trust (names only, for claims)."""
    if request.user.has_perm("payments.view_batches"):
        return Person.objects.for_organisation(request.user.organisation_id).filter(
            kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER]
        )
    return Person.objects.visible_to(request.user)


def _person_for_payments(request, person_id) -> Person:
    return get_object_or_404(_people_for_payments(request), pk=person_id)
