"""Writes for board reporting: metric definitions, packs (made from one frozen snapshot), their narrative and
sign-off, and population benchmarks. Each validates, saves and audits in one transaction (ADR 29)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import STAFF_SIDE_ROLES, Role
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.improvement.models import PARTICIPANT_KINDS
from withus.people.models import Person
from withus.reports.definitions import DEFAULT_METRICS
from withus.reports.models import (
    BoardPack,
    MetricDefinition,
    Narrative,
    PackStatus,
    PopulationBenchmark,
    PopulationCount,
    SignOff,
    SignOffRole,
    Snapshot,
)
from withus.reports.population import read_ts021
from withus.reports.selectors import SELECTORS
from withus.reports.snapshots import checksum, freeze

MAX_PERIOD_DAYS = 366


class PackIssuedError(ValidationError):
    """An issued pack is a record of what the board was shown: nothing in it changes."""

    def __init__(self):
        super().__init__("This pack has been signed off and issued, so it cannot be changed.")


def metrics_ensure_defaults(*, organisation, actor=None) -> list[MetricDefinition]:
    """The standard board metrics, for a trust that has none of them yet (codes it has are left as they are)."""
    made = []
    with transaction.atomic():
        have = set(MetricDefinition.objects.for_organisation(organisation.pk).values_list("code", flat=True))
        for position, fields in enumerate(DEFAULT_METRICS):
            if fields["code"] in have or fields["code"] not in SELECTORS:
                continue
            metric = MetricDefinition.objects.create(organisation=organisation, position=position, **fields)
            audit_record(action=AuditAction.CREATE, actor=actor, obj=metric)
            made.append(metric)
    return made


def _check_period(period_start: datetime.date, period_end: datetime.date, today: datetime.date) -> None:
    errors = {}
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be on or after its start."
    elif (period_end - period_start).days > MAX_PERIOD_DAYS:
        errors["period_end"] = "A pack covers a year at most: choose a shorter period."
    if period_end >= today:
        errors.setdefault("period_end", "The period must have ended: choose an end before today.")
    if errors:
        raise ValidationError(errors)


def pack_create(
    *, organisation, period_start: datetime.date, period_end: datetime.date, actor, title: str = "", request=None
) -> tuple[BoardPack, bool]:
    """The pack for the period, made from a new frozen snapshot; or the pack already made for it (False).

    Two people asking at once get one pack and one snapshot: the second's insert meets the one-pack-a-period
    constraint, its snapshot is rolled back with it, and it is given the first's pack."""
    _check_period(period_start, period_end, timezone.localdate())
    existing = BoardPack.objects.for_organisation(organisation.pk).filter(
        period_start=period_start, period_end=period_end
    )
    if pack := existing.first():
        return pack, False
    figures = freeze(organisation_id=organisation.pk, period_start=period_start, period_end=period_end)
    title = title.strip() or f"Board pack: {period_start:%-d %B %Y} to {period_end:%-d %B %Y}"
    try:
        with transaction.atomic():
            snapshot = Snapshot.objects.create(
                organisation=organisation,
                period_start=period_start,
                period_end=period_end,
                created_by=actor,
                engine_version=figures["engine"]["version"],
                figures=figures,
                checksum=checksum(figures),
            )
            pack = BoardPack.objects.create(
                organisation=organisation,
                title=title[:200],
                period_start=period_start,
                period_end=period_end,
                snapshot=snapshot,
                author=actor,
            )
            audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=pack)
    except IntegrityError:
        return existing.get(), False
    return pack, True


def _refuse_if_issued(pack: BoardPack) -> None:
    # Read again under the transaction: a sign-off in another request may have issued it since the page was drawn.
    if BoardPack.objects.filter(pk=pack.pk, status=PackStatus.ISSUED).exists():
        raise PackIssuedError


def narrative_save(*, pack: BoardPack, metric_code: str, says: str, why: str, doing: str, actor, request=None):
    codes = {metric["code"] for metric in pack.snapshot.figures["metrics"]}
    if metric_code not in codes:
        raise ValidationError({"metric_code": "That metric is not in this pack."})
    with transaction.atomic():
        _refuse_if_issued(pack)
        narrative, _ = Narrative.objects.get_or_create(
            organisation_id=pack.organisation_id, pack=pack, metric_code=metric_code
        )
        narrative.says, narrative.why, narrative.doing = says.strip(), why.strip(), doing.strip()
        narrative.full_clean()
        narrative.save()
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=pack,
            changed_fields=[f"narrative:{metric_code}"],
        )
    return narrative


def pack_set_executive_lead(*, pack: BoardPack, executive_lead, actor, request=None) -> BoardPack:
    if executive_lead.organisation_id != pack.organisation_id or not executive_lead.has_role(*STAFF_SIDE_ROLES):
        raise ValidationError({"executive_lead": "Choose a member of staff of this trust."})
    with transaction.atomic():
        _refuse_if_issued(pack)
        if SignOff.objects.filter(pack=pack, role=SignOffRole.EXECUTIVE).exists():
            raise ValidationError({"executive_lead": "The executive lead has already signed this pack."})
        pack.executive_lead = executive_lead
        pack.save(update_fields=["executive_lead", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE, request=request, actor=actor, obj=pack, changed_fields=["executive_lead"]
        )
    return pack


def pack_sign_off(*, pack: BoardPack, role: str, actor, request=None) -> SignOff:
    """The author, the named executive lead or a service-user or carer co-author signs. Once the author and the
    executive lead have both signed, the pack is issued and never changes again."""
    if role not in SignOffRole.values:
        raise ValidationError({"role": "Choose who you are signing as."})
    if role == SignOffRole.AUTHOR and actor.pk != pack.author_id:
        raise ValidationError({"role": "Only the pack's author signs as its author."})
    if role == SignOffRole.EXECUTIVE:
        if pack.executive_lead_id is None:
            raise ValidationError({"role": "Name the executive lead before they sign."})
        if actor.pk != pack.executive_lead_id:
            raise ValidationError({"role": "Only the named executive lead signs as executive lead."})
    if role == SignOffRole.CO_AUTHOR:
        person = Person.objects.filter(user=actor, organisation_id=pack.organisation_id).first()
        if person is None or person.kind not in PARTICIPANT_KINDS or not actor.has_role(Role.PARTICIPANT):
            raise ValidationError({"role": "A service user or carer co-author signs the involvement narrative."})
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
        if pack.is_issued:
            raise PackIssuedError
        if SignOff.objects.filter(pack=pack, role=role).exists():
            raise ValidationError({"role": f"The pack already has the {SignOffRole(role).label.lower()}'s sign-off."})
        sign_off = SignOff.objects.create(organisation_id=pack.organisation_id, pack=pack, role=role, signed_by=actor)
        signed = set(SignOff.objects.filter(pack=pack).values_list("role", flat=True))
        changed = [f"sign_off:{role}"]
        if {SignOffRole.AUTHOR, SignOffRole.EXECUTIVE} <= signed:
            pack.status = PackStatus.ISSUED
            pack.issued_at = timezone.now()
            pack.save(update_fields=["status", "issued_at", "updated_at"])
            changed.append("status")
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=pack, changed_fields=changed)
    return sign_off


def population_load(
    *,
    organisation,
    text: str,
    name: str,
    source: str,
    actor=None,
    geography_codes: list[str] | None = None,
    is_illustrative: bool = False,
    kind: str = PopulationBenchmark.Kind.POPULATION,
    request=None,
) -> PopulationBenchmark:
    """Load a TS021-layout file as the trust's benchmark. Any problem: PopulationFileError naming every one, and
    nothing is loaded."""
    if kind not in PopulationBenchmark.Kind.values:
        raise ValidationError({"kind": "Choose what the figures describe"})
    population = read_ts021(text, geography_codes=geography_codes)
    with transaction.atomic():
        benchmark = PopulationBenchmark.objects.create(
            organisation=organisation,
            kind=kind,
            name=name.strip()[:200] or "Census 2021 population",
            source=source.strip()[:300],
            geography_codes=population.geography_codes,
            is_illustrative=is_illustrative,
            total=population.total,
            loaded_by=actor,
        )
        PopulationCount.objects.bulk_create(
            PopulationCount(benchmark=benchmark, census_category=code, count=count)
            for code, count in population.counts.items()
        )
        audit_record(
            action=AuditAction.CREATE, request=request, actor=actor, obj=benchmark, organisation_id=organisation.pk
        )
    return benchmark
