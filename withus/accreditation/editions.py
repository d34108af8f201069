"""Reads for the standards pages (issue 18 item 1, ADR 35): the trust's standard sets and their editions, one
edition's themes and standards, and what changed from the edition it was drafted from."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from withus.accreditation.models import Edition, EditionStatus, Standard, StandardSet, Theme

# What a change to a standard is called on the "what changed" page, in the order shown.
COMPARED = (
    ("code", "Code"),
    ("theme", "Theme"),
    ("text", "Standard"),
    ("guidance", "Guidance"),
    ("type", "Type"),
    ("evidenced_by", "How it is evidenced"),
    ("proposed_by", "Who proposed it"),
    ("source", "Where it came from"),
)


def standard_sets(organisation_id) -> list[StandardSet]:
    """The trust's standard sets, each with its editions newest first (two queries)."""
    editions = Edition.objects.annotate(standard_count=Count("themes__standards")).order_by("-number")
    return list(
        StandardSet.objects.for_organisation(organisation_id)
        .order_by("name")
        .prefetch_related(Prefetch("editions", queryset=editions))
    )


def edition_for(organisation_id, edition_id) -> Edition | None:
    return (
        Edition.objects.for_organisation(organisation_id)
        .select_related("standard_set", "based_on", "published_by")
        .filter(pk=edition_id)
        .first()
    )


def edition_standards(edition: Edition):
    return Standard.objects.filter(theme__edition=edition).select_related(
        "theme", "proposed_by", "source_idea", "source_story"
    )


def edition_themes(edition: Edition) -> list[Theme]:
    """The edition's themes in order, each with its standards in order (two queries)."""
    standards = edition_standards(edition).order_by("position", "code")
    return list(
        Theme.objects.filter(edition=edition).order_by("number").prefetch_related(Prefetch("standards", standards))
    )


def drafting(standard_set: StandardSet) -> Edition | None:
    """The edition of the set being drafted or reviewed, if any (from the prefetched editions)."""
    return next((edition for edition in standard_set.editions.all() if not edition.is_published), None)


def current(standard_set: StandardSet) -> Edition | None:
    """The latest published edition (from the prefetched editions)."""
    return next((edition for edition in standard_set.editions.all() if edition.is_published), None)


def _source(standard: Standard):
    return (
        ("idea", standard.source_idea_id)
        if standard.source_idea_id
        else (("story", standard.source_story_id) if standard.source_story_id else None)
    )


def _value(standard: Standard, name: str):
    if name == "theme":
        return (standard.theme.number, standard.theme.title)
    if name == "source":
        return _source(standard)
    if name == "proposed_by":
        return standard.proposed_by_id
    return getattr(standard, name)


@dataclass
class StandardChange:
    before: Standard | None
    after: Standard | None
    fields: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


@dataclass
class EditionChanges:
    previous: Edition | None
    added: list[StandardChange]
    changed: list[StandardChange]
    removed: list[StandardChange]
    themes_added: list[Theme]
    themes_renamed: list[tuple[Theme, Theme]]
    themes_removed: list[Theme]

    @property
    def count(self) -> int:
        return (
            len(self.added)
            + len(self.changed)
            + len(self.removed)
            + len(self.themes_added)
            + len(self.themes_renamed)
            + len(self.themes_removed)
        )


def previous_edition(edition: Edition) -> Edition | None:
    """The edition this one was drafted from; else the latest published edition of the set before it."""
    if edition.based_on_id:
        return edition.based_on
    return (
        Edition.objects.filter(
            standard_set_id=edition.standard_set_id, status=EditionStatus.PUBLISHED, number__lt=edition.number
        )
        .order_by("-number")
        .first()
    )


def edition_changes(edition: Edition) -> EditionChanges:
    """What is new, changed and gone since the previous edition. A standard copied into this edition remembers
    the one it came from, so a standard whose code changed is "changed", not "removed" and "added"; a standard
    of an edition drafted from scratch is matched by its code. Four queries."""
    previous = previous_edition(edition)
    after = list(edition_standards(edition).order_by("theme__number", "position", "code"))
    before = list(edition_standards(previous).order_by("theme__number", "position", "code")) if previous else []
    before_by_pk = {standard.pk: standard for standard in before}
    before_by_code = {standard.code: standard for standard in before}
    matched: set = set()
    added, changed = [], []
    for standard in after:
        old = before_by_pk.get(standard.carried_from_id) if standard.carried_from_id else None
        if old is None and not standard.carried_from_id and previous is not None and not edition.based_on_id:
            old = before_by_code.get(standard.code)
        if old is None:
            added.append(StandardChange(None, standard))
            continue
        matched.add(old.pk)
        fields = [name for name, _label in COMPARED if _value(old, name) != _value(standard, name)]
        if fields:
            changed.append(StandardChange(old, standard, fields))
    removed = [StandardChange(standard, None) for standard in before if standard.pk not in matched]
    themes_after = {theme.number: theme for theme in Theme.objects.filter(edition=edition)}
    themes_before = {theme.number: theme for theme in Theme.objects.filter(edition=previous)} if previous else {}
    return EditionChanges(
        previous=previous,
        added=added,
        changed=changed,
        removed=removed,
        themes_added=[theme for number, theme in sorted(themes_after.items()) if number not in themes_before],
        themes_renamed=[
            (themes_before[number], theme)
            for number, theme in sorted(themes_after.items())
            if number in themes_before and themes_before[number].title != theme.title
        ],
        themes_removed=[theme for number, theme in sorted(themes_before.items()) if number not in themes_after],
    )
