"""What other apps do for the register without the register importing them (people is a low layer, ADR 0021).

Each higher app fills these in its AppConfig.ready():
- `on_consent_withdrawn(handler)`: called (inside the same transaction) when a person withdraws an agreement, as
  `handler(person=..., topic=..., actor=..., request=...)`; e.g. opportunities ends their open interests.
- `add_subject_access_section(provider)`: `provider(person)` returns the `AccessSection`s that app holds about the
  person, for the subject access export.
- `on_erasure(handler)`: `handler(person=...)` erases that app's free text about the person when their information
  is erased (records needed for payments and the audit are kept). It is called before the register blanks the
  person's own details, so a handler can still read their name (to take it out of text written about them).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class AccessSection:
    """One part of a subject access export: a title, and rows of label -> value (all plain text)."""

    title: str
    rows: list[dict[str, str]] = field(default_factory=list)


_consent_withdrawn: list[Callable] = []
_access_sections: list[Callable] = []
_erasure: list[Callable] = []
_last_involvement: list[Callable] = []


def _add(handlers: list[Callable], handler: Callable) -> Callable:
    if handler not in handlers:
        handlers.append(handler)
    return handler


def on_consent_withdrawn(handler: Callable) -> Callable:
    return _add(_consent_withdrawn, handler)


def add_subject_access_section(provider: Callable) -> Callable:
    return _add(_access_sections, provider)


def on_erasure(handler: Callable) -> Callable:
    return _add(_erasure, handler)


def add_last_involvement(provider: Callable) -> Callable:
    """`provider(person)` returns the date of the person's last involvement that app knows of, or None."""
    return _add(_last_involvement, provider)


def last_involvement(person) -> list:
    return [provider(person) for provider in _last_involvement]


def consent_withdrawn(*, person, topic: str, actor, request=None) -> None:
    for handler in _consent_withdrawn:
        handler(person=person, topic=topic, actor=actor, request=request)


def access_sections(person) -> list[AccessSection]:
    sections: list[AccessSection] = []
    for provider in _access_sections:
        sections.extend(provider(person))
    return sections


def erase(*, person) -> None:
    for handler in _erasure:
        handler(person=person)
