"""Writes to organisations and units: validated, saved and audited in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.organisations.models import Organisation, Unit, UnitKind


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
