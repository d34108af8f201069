"""Every read of the API, each built on the token's organisation (never a check after the fact). The views pass
`token.organisation_id` and the token's allowed projects; another trust's object is simply not found (404).

Extracts hold no names, contact details, bank or benefit details and no equality data: people are named by
their WithUs id only, which the trust's own reporting can join to its records when it has reason to.
"""

import datetime

from django.db.models import F, QuerySet

from withus.improvement.models import Measure, Project
from withus.involvement.models import InvolvementRecord
from withus.payments.models.claims import Claim, ClaimStatus


def projects_for(organisation_id, project_ids: frozenset = frozenset()) -> QuerySet:
    projects = Project.objects.for_organisation(organisation_id)
    return projects.filter(pk__in=project_ids) if project_ids else projects


def measures_for(organisation_id, project_ids: frozenset = frozenset()) -> QuerySet:
    """The measures a token may reach: its trust's, in its allowed projects when it has any."""
    return (
        Measure.objects.for_organisation(organisation_id)
        .in_projects(projects_for(organisation_id, project_ids).values("pk"))
        .select_related("project")
        .order_by("project__title", "position", "name")
    )


def measure_for(organisation_id, measure_id, project_ids: frozenset = frozenset()) -> Measure | None:
    return measures_for(organisation_id, project_ids).filter(pk=measure_id).first()


def involvement_records(organisation_id, start: datetime.date, end: datetime.date) -> QuerySet:
    """Involvement records of the trust between two dates (inclusive), oldest first, without personal details."""
    return (
        InvolvementRecord.objects.for_organisation(organisation_id)
        .between(start, end)
        .order_by("date", "created_at", "pk")
        .values(
            "pk",
            "date",
            "hours",
            "role",
            "source_type",
            "source_label",
            "payable",
            person_ref=F("person_id"),
            person_kind=F("person__kind"),
            kind_code=F("kind__code"),
            kind_name=F("kind__name"),
            unit_ref=F("unit_id"),
            unit_name=F("unit__name"),
        )
    )


def paid_claims(organisation_id, start: datetime.date, end: datetime.date) -> QuerySet:
    """Paid claims of the trust whose payment date is between two dates (inclusive), without bank or benefit
    details (which a claim does not hold: they stay with the person's payment preferences)."""
    return (
        Claim.objects.for_organisation(organisation_id)
        .filter(status=ClaimStatus.PAID, paid_on__gte=start, paid_on__lte=end)
        .order_by("paid_on", "created_at", "pk")
        .values(
            "pk",
            "paid_on",
            "method",
            "fees_total",
            "expenses_total",
            "first_activity_on",
            person_ref=F("person_id"),
            batch_ref=F("batch_id"),
        )
    )
