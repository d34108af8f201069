"""Writes to organisations and units: validated, saved and audited in one transaction."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from withus.core.audit import audit_record
from withus.core.languages import TRANSLATED
from withus.core.models import AuditAction
from withus.organisations.models import Organisation, TrustInformation, Unit, UnitKind
from withus.organisations.selectors import CONTACT_CACHE_KEY


def organisation_create(*, name: str, short_name: str = "", ods_code: str = "") -> Organisation:
    organisation = Organisation(name=name.strip(), short_name=short_name.strip(), ods_code=ods_code.strip())
    organisation.full_clean()
    organisation.save()
    return organisation


def _path_for(unit: Unit) -> tuple[str, int]:
    if unit.parent is None:
        return f"/{unit.pk.hex}/", 0
    return f"{unit.parent.path}{unit.pk.hex}/", unit.parent.depth + 1


@transaction.atomic
def unit_create(
    *,
    organisation: Organisation,
    name: str,
    code: str,
    kind: UnitKind | str,
    parent: Unit | None = None,
    actor=None,
    request=None,
) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": "Choose a unit in the same trust."})
    unit = Unit(organisation=organisation, parent=parent, name=name.strip(), code=code.strip().upper(), kind=kind)
    unit.path, unit.depth = _path_for(unit)
    unit.full_clean()
    unit.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=unit)
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name: str,
    code: str,
    kind: UnitKind | str,
    parent: Unit | None,
    is_active: bool,
    actor=None,
    request=None,
) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if parent is not None:
        if parent.organisation_id != unit.organisation_id:
            raise ValidationError({"parent": "Choose a unit in the same trust."})
        if parent.path.startswith(unit.path):
            raise ValidationError({"parent": "A unit cannot sit inside itself or one of its own units."})
    before = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
        "is_active": unit.is_active,
    }
    old_path = unit.path
    unit.name, unit.code, unit.kind, unit.parent, unit.is_active = (
        name.strip(),
        code.strip().upper(),
        kind,
        parent,
        is_active,
    )
    unit.path, unit.depth = _path_for(unit)
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        # Re-root the subtree: a unit tree is small (tens to hundreds), so a loop here is fine.
        for descendant in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
            descendant.path = unit.path + descendant.path[len(old_path) :]
            descendant.depth = descendant.path.count("/") - 2
            descendant.save(update_fields=["path", "depth", "updated_at"])
    after = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
        "is_active": unit.is_active,
    }
    changed = [key for key in before if before[key] != after[key]]
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=unit, changed_fields=changed)
    return unit


INFORMATION_FIELDS = (
    "team_name",
    "team_phone",
    "team_email",
    "team_hours",
    "feedback_url",
    "controller",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "lawful_basis_details",
    "lawful_basis_special",
    "lawful_basis_payments",
    "lawful_basis_stories",
    "retention",
    "ico_complaint",
    "wcag_status",
    "known_problems",
    "report_problem",
    "enforcement",
    "statement_prepared_on",
    "statement_reviewed_on",
)


@transaction.atomic
def trust_information_save(*, organisation: Organisation, values: dict, actor, request=None) -> TrustInformation:
    """Save what the trust publishes (privacy notice, accessibility statement, team contact, feedback). Audited."""
    information, _ = TrustInformation.objects.select_for_update().get_or_create(organisation=organisation)
    changed = []
    for name in INFORMATION_FIELDS:
        if name not in values:
            continue
        value = values[name].strip() if isinstance(values[name], str) else values[name]
        if getattr(information, name) != value:
            setattr(information, name, value)
            changed.append(name)
    prepared, reviewed = information.statement_prepared_on, information.statement_reviewed_on
    if prepared and reviewed and reviewed < prepared:
        raise ValidationError(
            {"statement_reviewed_on": "The review date must be the same as or after the date prepared"}
        )
    information.full_clean()
    information.save()
    key = CONTACT_CACHE_KEY.format(organisation.pk)
    transaction.on_commit(lambda: cache.delete(key))
    if changed:
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=information,
            object_type="trust_information",
            object_label=f"Published information of {organisation.name}",
            changed_fields=changed,
        )
    return information


@transaction.atomic
def organisation_languages_set(*, organisation: Organisation, codes: list[str], actor, request=None) -> Organisation:
    """Offer these translations to the trust's people (issue 26): an administrator confirms each, after its review
    by the community that speaks it. Audited."""
    unknown = sorted(set(codes) - set(TRANSLATED))
    if unknown:
        raise ValidationError({"languages": "Choose only languages from the list"})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    chosen = [code for code in TRANSLATED if code in codes]  # always in the same order
    if chosen != organisation.languages_offered:
        organisation.languages_offered = chosen
        organisation.save(update_fields=["languages_offered", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=organisation,
            object_type="organisation",
            object_label=f"Languages offered by {organisation.name}: {', '.join(chosen) or 'English only'}",
            changed_fields=["languages_offered"],
        )
    return organisation
