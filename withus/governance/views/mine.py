"""My panels and seats: the panels a person sits on and the committee seats they hold."""

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils import timezone

from withus.core.permissions import permission_required
from withus.governance import presenters
from withus.governance.models import Meeting, PanelMember, SeatTerm
from withus.people.selectors import signed_in_person


@permission_required("governance.view_own_panels")
def my_panels(request):
    person = signed_in_person(request.user)
    members = list(
        PanelMember.objects.for_user(request.user)
        .select_related("vacancy", "vacancy__unit")
        .annotate(
            sheets=Count("score_sheets", distinct=True),
            candidates=Count("vacancy__candidates", distinct=True),
        )
        .order_by("-vacancy__closing_date", "vacancy__job_title", "vacancy__created_at")
    )
    today = timezone.localdate()
    terms = (
        list(
            SeatTerm.objects.for_person(person)
            .filter(ends_on__gte=today)
            .select_related("seat", "seat__committee")
            .prefetch_related(
                Prefetch(
                    "seat__committee__meetings",
                    queryset=Meeting.objects.on_or_after(today).order_by("held_on"),
                    to_attr="upcoming",
                )
            )
            .order_by("starts_on")
        )
        if person
        else []
    )
    return render(
        request,
        "governance/my_panels.jinja",
        {"members": members, "terms": terms, "panel_tag": presenters.panel_tag, "today": today},
    )
