"""Reads for committee and panel reports. Presenters shape what these return; they never query."""

from withus.governance.models import Committee, Seat, SeatTerm, Vacancy
from withus.organisations.models import Unit


def committee_seats(organisation_id) -> tuple[list[Committee], list[Seat], list[SeatTerm]]:
    """Every committee of the trust, every seat and every term: three queries whatever the number of committees."""
    committees = list(Committee.objects.for_organisation(organisation_id).select_related("reports_to"))
    seats = list(Seat.objects.for_organisation(organisation_id).select_related("advert").order_by("position", "title"))
    terms = list(SeatTerm.objects.for_organisation(organisation_id).select_related("person"))
    return committees, seats, terms


def panel_coverage_facts(organisation_id) -> tuple[list[dict], dict[str, str]]:
    """Each panel's dates, unit path and whether a service user or carer sits on it; the directorates' names by
    id (hex). Two queries."""
    panels = list(
        Vacancy.objects.for_organisation(organisation_id)
        .with_lived_experience()
        .values("interview_on", "closing_date", "unit__path", "has_lived_experience")
    )
    directorates = {
        unit.pk.hex: unit.name for unit in Unit.objects.for_organisation(organisation_id).filter(parent__isnull=True)
    }
    return panels, directorates
