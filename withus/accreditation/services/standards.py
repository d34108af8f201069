"""Writes for standard sets, editions, themes, standards, scoring rules and programmes (ADR 24).

Each validates, saves and audits inside one transaction. A published edition never changes: every write to an
edition, its themes or its standards refuses one that is published.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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
ALREADY_DRAFTING = "Edition {number} of {name} is already being drafted. Carry on with that one."
PUBLISHED_MEANWHILE = (
    "Someone else published this edition a moment ago, so nothing was changed. It can no longer change."
)
NO_STANDARDS = "An edition needs at least one standard before it is published."


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
    _refuse_second_draft(standard_set)
    last = standard_set.editions.aggregate(last=Max("number"))["last"] or 0
    edition = _create_edition(standard_set, number=last + 1)
    _audit(AuditAction.CREATE, edition, actor, request, ["number"])
    return edition


def _refuse_second_draft(standard_set: StandardSet) -> None:
    drafting = standard_set.editions.exclude(status=EditionStatus.PUBLISHED).first()
    if drafting is not None:
        raise ValidationError(ALREADY_DRAFTING.format(number=drafting.number, name=standard_set.name))


def _create_edition(standard_set: StandardSet, *, number: int, based_on: Edition | None = None) -> Edition:
    """The new draft; if someone else started one at the same moment, theirs stands and this is refused."""
    try:
        with transaction.atomic():
            return Edition.objects.create(
                organisation_id=standard_set.organisation_id,
                standard_set=standard_set,
                number=number,
                based_on=based_on,
            )
    except IntegrityError:
        raise ValidationError(
            f"Someone else started edition {number} of {standard_set.name} a moment ago. Carry on with theirs."
        ) from None


@transaction.atomic
def edition_draft_next(*, standard_set: StandardSet, actor: User | None, request=None) -> Edition:
    """A new draft edition that starts as a copy of the latest published one: every theme and standard (with
    who proposed it and where it came from), each standard remembering the one it was copied from."""
    standard_set = StandardSet.objects.select_for_update().get(pk=standard_set.pk)
    _refuse_second_draft(standard_set)
    current = standard_set.editions.filter(status=EditionStatus.PUBLISHED).order_by("-number").first()
    last = standard_set.editions.aggregate(last=Max("number"))["last"] or 0
    edition = _create_edition(standard_set, number=last + 1, based_on=current)
    if current is not None:
        old_themes = list(current.themes.order_by("number"))
        new_themes = Theme.objects.bulk_create(
            [Theme(edition=edition, number=theme.number, title=theme.title) for theme in old_themes]
        )
        by_old = {old.pk: new for old, new in zip(old_themes, new_themes, strict=True)}
        Standard.objects.bulk_create(
            [
                Standard(
                    theme=by_old[standard.theme_id],
                    code=standard.code,
                    text=standard.text,
                    guidance=standard.guidance,
                    type=standard.type,
                    evidenced_by=standard.evidenced_by,
                    proposed_by_id=standard.proposed_by_id,
                    position=standard.position,
                    source_idea_id=standard.source_idea_id,
                    source_story_id=standard.source_story_id,
                    carried_from=standard,
                )
                for standard in Standard.objects.filter(theme__edition=current).order_by("theme__number", "position")
            ]
        )
    _audit(AuditAction.CREATE, edition, actor, request, ["number", "based_on", "themes", "standards"])
    return edition


@transaction.atomic
def edition_send_for_review(*, edition: Edition, actor: User | None, request=None) -> Edition:
    """The draft goes to the people reviewing it (usually a service-user group). It can still be changed in
    review; it is published from there."""
    edition = _draft(edition)
    if edition.status == EditionStatus.REVIEW:
        raise ValidationError("This edition has already been sent for review.")
    if not Standard.objects.filter(theme__edition=edition).exists():
        raise ValidationError("Add at least one standard before sending the edition for review.")
    edition.status = EditionStatus.REVIEW
    edition.sent_for_review_at = timezone.now()
    edition.save(update_fields=["status", "sent_for_review_at", "updated_at"])
    _audit(AuditAction.UPDATE, edition, actor, request, ["status"])
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
def theme_update(*, theme: Theme, number: int, title: str, actor: User | None, request=None) -> Theme:
    edition = _draft(theme.edition)
    if not title.strip():
        raise ValidationError({"title": "Enter the theme's title"})
    if edition.themes.filter(number=number).exclude(pk=theme.pk).exists():
        raise ValidationError({"number": f"This edition already has a theme {number}"})
    theme.number = number
    theme.title = title.strip()
    theme.save(update_fields=["number", "title", "updated_at"])
    _audit(AuditAction.UPDATE, theme, actor, request, ["number", "title"], edition.organisation_id)
    return theme


def _standard_errors(
    *, edition, theme, code, text, type_, evidenced_by, proposed_by, source_idea, source_story, exclude_pk=None
) -> dict:
    errors = {}
    if not code.strip():
        errors["code"] = "Enter the standard's code, for example 3.2.1"
    if not text.strip():
        errors["text"] = "Enter the standard, written from the service user's point of view"
    if type_ not in StandardType.values:
        errors["type"] = "Choose type 1, 2 or 3"
    if evidenced_by not in EvidencedBy.values:
        errors["evidenced_by"] = "Choose how the standard is evidenced"
    if theme.edition_id != edition.pk:
        errors["theme"] = "Choose one of this edition's themes"
    if proposed_by is not None and proposed_by.organisation_id != edition.organisation_id:
        errors["proposed_by"] = "Choose someone from this trust's register"
    if source_idea is not None and source_idea.organisation_id != edition.organisation_id:
        errors["source_idea"] = "Choose an idea raised with this trust"
    if source_story is not None and source_story.organisation_id != edition.organisation_id:
        errors["source_story"] = "Choose a story told to this trust"
    if "code" not in errors:
        # Codes are unique across the whole edition, so "3.2.1" always means one standard.
        clash = Standard.objects.filter(theme__edition=edition, code=code.strip()).exclude(pk=exclude_pk).first()
        if clash is not None:
            errors["code"] = f"This edition already has a standard {code.strip()}: choose another code"
    return errors


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
    source_idea=None,
    source_story=None,
    request=None,
) -> Standard:
    edition = _draft(theme.edition)
    errors = _standard_errors(
        edition=edition,
        theme=theme,
        code=code,
        text=text,
        type_=type,
        evidenced_by=evidenced_by,
        proposed_by=proposed_by,
        source_idea=source_idea,
        source_story=source_story,
    )
    if errors:
        raise ValidationError(errors)
    last = theme.standards.aggregate(last=Max("position"))["last"]
    standard = Standard.objects.create(
        theme=theme,
        code=code.strip(),
        text=text.strip(),
        type=type,
        evidenced_by=evidenced_by,
        proposed_by=proposed_by,
        guidance=guidance.strip(),
        source_idea=source_idea,
        source_story=source_story,
        position=0 if last is None else last + 1,
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
def standard_change(
    *,
    standard: Standard,
    theme: Theme,
    code: str,
    text: str,
    type: int,  # noqa: A002 - the standard's type (1, 2 or 3)
    evidenced_by: str,
    guidance: str = "",
    proposed_by: Person | None = None,
    source_idea=None,
    source_story=None,
    actor: User | None,
    request=None,
) -> Standard:
    """Every part of a standard in a draft edition (or one in review) at once: all saved, or none."""
    edition = _draft(standard.theme.edition)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    errors = _standard_errors(
        edition=edition,
        theme=theme,
        code=code,
        text=text,
        type_=type,
        evidenced_by=evidenced_by,
        proposed_by=proposed_by,
        source_idea=source_idea,
        source_story=source_story,
        exclude_pk=standard.pk,
    )
    if errors:
        raise ValidationError(errors)
    new = {
        "theme": theme,
        "code": code.strip(),
        "text": text.strip(),
        "guidance": guidance.strip(),
        "type": type,
        "evidenced_by": evidenced_by,
        "proposed_by": proposed_by,
        "source_idea": source_idea,
        "source_story": source_story,
    }
    changed = [name for name, value in new.items() if getattr(standard, name) != value]
    if theme.pk != standard.theme_id:
        last = theme.standards.aggregate(last=Max("position"))["last"]
        standard.position = 0 if last is None else last + 1
        changed.append("position")
    for name, value in new.items():
        setattr(standard, name, value)
    if changed:
        standard.save(update_fields=[*changed, "updated_at"])
        _audit(AuditAction.UPDATE, standard, actor, request, changed, edition.organisation_id)
    return standard


@transaction.atomic
def standard_remove(*, standard: Standard, actor: User | None, request=None) -> None:
    """Take a standard out of a draft edition (reviews only ever use published editions, so nothing rates it)."""
    edition = _draft(standard.theme.edition)
    # The audit has no "deleted": the edition changed, by taking this standard out (its code and words kept here).
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=edition,
        object_label=f"{edition.audit_label}: standard {standard.code} taken out ({standard.text})",
        changed_fields=["standards"],
    )
    standard.delete()


@transaction.atomic
def edition_publish(
    *, edition: Edition, effective_from, actor: User | None, reviewed: bool = False, request=None
) -> Edition:
    """Publish a draft: from then on it never changes. With `reviewed`, only an edition sent for review (the pages
    publish that way). The change is made only if the edition is still unpublished at the moment of writing, so
    of two people publishing at once one wins and the other is told."""
    edition = _draft(edition)
    if reviewed and edition.status != EditionStatus.REVIEW:
        raise ValidationError("Send the edition for review before publishing it.")
    if effective_from is None:
        raise ValidationError({"effective_from": "Enter the date the edition comes into use"})
    if not Standard.objects.filter(theme__edition=edition).exists():
        raise ValidationError(NO_STANDARDS)
    now = timezone.now()
    written = (
        Edition.objects.filter(pk=edition.pk)
        .exclude(status=EditionStatus.PUBLISHED)
        .update(
            status=EditionStatus.PUBLISHED,
            effective_from=effective_from,
            published_at=now,
            published_by=actor if getattr(actor, "pk", None) else None,
            updated_at=now,
        )
    )
    if written != 1:
        raise ValidationError(PUBLISHED_MEANWHILE)
    edition.refresh_from_db()
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
