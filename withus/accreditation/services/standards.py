"""Writes for standard sets, editions, themes, standards, scoring rules and programmes (ADR 24).

Each validates, saves and audits inside one transaction. A published edition never changes: every write to an
edition, its themes or its standards refuses one that is published.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from withus.accounts.models import User
from withus.accreditation.models import (
    Edition,
    EditionStatus,
    EvidencedBy,
    Programme,
    RuleKind,
    ScoringRule,
    Standard,
    StandardSet,
    StandardType,
    Theme,
)
from withus.accreditation.scoring import parameters_check
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.people.models import Person

PUBLISHED_REFUSAL = "This edition is published and can no longer change. Draft a new edition to make changes."


def _audit(action, obj, actor, request, fields=(), organisation_id=None):
    audit_record(
        action=action, request=request, actor=actor, obj=obj, changed_fields=fields, organisation_id=organisation_id
    )


def _draft(edition: Edition) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise ValidationError(PUBLISHED_REFUSAL)
    return edition


@transaction.atomic
def standard_set_create(*, organisation, name: str, applies_to: str = "", actor: User | None, request=None):
    if not name.strip():
        raise ValidationError({"name": "Enter the name of the standard set"})
    standard_set = StandardSet.objects.create(organisation=organisation, name=name.strip(), applies_to=applies_to)
    _audit(AuditAction.CREATE, standard_set, actor, request, ["name"])
    return standard_set


@transaction.atomic
def edition_create(*, standard_set: StandardSet, actor: User | None, request=None) -> Edition:
    """A new draft edition, numbered after the last one."""
    last = standard_set.editions.aggregate(last=Max("number"))["last"] or 0
    edition = Edition.objects.create(
        organisation_id=standard_set.organisation_id, standard_set=standard_set, number=last + 1
    )
    _audit(AuditAction.CREATE, edition, actor, request, ["number"])
    return edition


@transaction.atomic
def theme_add(*, edition: Edition, number: int, title: str, actor: User | None, request=None) -> Theme:
    edition = _draft(edition)
    if not title.strip():
        raise ValidationError({"title": "Enter the theme's title"})
    if edition.themes.filter(number=number).exists():
        raise ValidationError({"number": f"This edition already has a theme {number}"})
    theme = Theme.objects.create(edition=edition, number=number, title=title.strip())
    _audit(AuditAction.CREATE, theme, actor, request, ["title"], edition.organisation_id)
    return theme


@transaction.atomic
def standard_add(
    *,
    theme: Theme,
    code: str,
    text: str,
    type: int,  # noqa: A002 - the standard's type (1, 2 or 3) is what the sector calls it
    evidenced_by: str,
    actor: User | None,
    proposed_by: Person | None = None,
    guidance: str = "",
    request=None,
) -> Standard:
    edition = _draft(theme.edition)
    errors = {}
    if not code.strip():
        errors["code"] = "Enter the standard's code, for example 3.2.1"
    if not text.strip():
        errors["text"] = "Enter the standard, written from the service user's point of view"
    if type not in StandardType.values:
        errors["type"] = "Choose type 1, 2 or 3"
    if evidenced_by not in EvidencedBy.values:
        errors["evidenced_by"] = "Choose how the standard is evidenced"
    if proposed_by is not None and proposed_by.organisation_id != edition.organisation_id:
        errors["proposed_by"] = "Choose someone from this trust's register"
    if not errors and theme.standards.filter(code=code.strip()).exists():
        errors["code"] = f"This theme already has a standard {code.strip()}"
    if errors:
        raise ValidationError(errors)
    standard = Standard.objects.create(
        theme=theme,
        code=code.strip(),
        text=text.strip(),
        type=type,
        evidenced_by=evidenced_by,
        proposed_by=proposed_by,
        guidance=guidance.strip(),
        position=theme.standards.count(),
    )
    _audit(AuditAction.CREATE, standard, actor, request, ["code", "text", "type"], edition.organisation_id)
    return standard


@transaction.atomic
def standard_update(*, standard: Standard, text: str, actor: User | None, request=None) -> Standard:
    _draft(standard.theme.edition)
    if not text.strip():
        raise ValidationError({"text": "Enter the standard, written from the service user's point of view"})
    standard.text = text.strip()
    standard.save(update_fields=["text", "updated_at"])
    _audit(AuditAction.UPDATE, standard, actor, request, ["text"], standard.theme.edition.organisation_id)
    return standard


@transaction.atomic
def edition_publish(*, edition: Edition, effective_from, actor: User | None, request=None) -> Edition:
    edition = _draft(edition)
    if not Standard.objects.filter(theme__edition=edition).exists():
        raise ValidationError("An edition needs at least one standard before it is published.")
    edition.status = EditionStatus.PUBLISHED
    edition.effective_from = effective_from
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "effective_from", "published_at", "updated_at"])
    _audit(AuditAction.UPDATE, edition, actor, request, ["status", "effective_from"])
    return edition


def _checked_parameters(kind: str, parameters) -> dict:
    if kind not in RuleKind.values:
        raise ValidationError({"kind": "Choose a kind of rule"})
    errors = parameters_check(kind, parameters)
    if errors:
        raise ValidationError(errors)
    return parameters


@transaction.atomic
def scoring_rule_create(
    *, organisation, name: str, kind: str, parameters: dict, actor: User | None, publish: bool = False, request=None
) -> ScoringRule:
    if not name.strip():
        raise ValidationError({"name": "Enter the rule's name"})
    rule = ScoringRule.objects.create(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        parameters=_checked_parameters(kind, parameters),
        is_published=publish,
    )
    _audit(AuditAction.CREATE, rule, actor, request, ["name", "kind", "parameters"])
    return rule


@transaction.atomic
def scoring_rule_update(*, rule: ScoringRule, parameters: dict, actor: User | None, request=None) -> ScoringRule:
    """New parameters make a new version. Decisions already made keep the snapshot they were made on."""
    rule = ScoringRule.objects.select_for_update().get(pk=rule.pk)
    rule.parameters = _checked_parameters(rule.kind, parameters)
    rule.version += 1
    rule.save(update_fields=["parameters", "version", "updated_at"])
    _audit(AuditAction.UPDATE, rule, actor, request, ["parameters", "version"])
    return rule


@transaction.atomic
def programme_create(
    *, organisation, name: str, edition: Edition, rule: ScoringRule, actor: User | None, request=None
) -> Programme:
    if edition.organisation_id != organisation.pk or rule.organisation_id != organisation.pk:
        raise ValidationError("The edition and the rule must belong to this trust.")
    if not edition.is_published:
        raise ValidationError({"edition": "Choose a published edition"})
    programme = Programme.objects.create(organisation=organisation, name=name.strip(), edition=edition, rule=rule)
    _audit(AuditAction.CREATE, programme, actor, request, ["name", "edition", "rule"])
    return programme
