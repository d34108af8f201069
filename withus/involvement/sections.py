"""Sections other apps add to a person's "My involvement" page, so this app never imports them (ADR 18).

An app above the log (opportunities today; support, voice and accreditation later) registers a provider in its
`AppConfig.ready`: given the signed-in person, it answers a `Section` (a template of its own and the context that
template reads as `context`) or None. The page shows the sections in the order the apps are installed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from withus.people.models import Person


@dataclass(frozen=True)
class Section:
    template: str
    context: dict = field(default_factory=dict)


SectionProvider = Callable[[Person], Section | None]
_providers: list[SectionProvider] = []


def register_my_involvement_section(provider: SectionProvider) -> None:
    """Add a section to "My involvement" (once, however often an app is made ready)."""
    if provider not in _providers:
        _providers.append(provider)


def my_involvement_sections(person: Person) -> list[Section]:
    return [section for provider in _providers if (section := provider(person)) is not None]
