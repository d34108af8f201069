"""The "to do" home: what waits for each member of staff, a section from each app.

Each app registers a provider in its AppConfig.ready() (`todo_register("payments", selectors.todo)`), so a later
app adds its own section without the home page changing. A provider takes the signed-in user and returns a
`ToDoSection` (or None when the user has no part in it), from a fixed number of queries whatever the data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

# A to-do count stops at this: "100 or more" says as much as 13,546 and costs one bounded query (issue 25).
COUNT_CAP = 100


@dataclass(frozen=True)
class ToDoItem:
    text: str  # what waits, in plain English: "People to offer a place to"
    count: int
    href: str
    more: bool = False  # there are more than `count`

    @property
    def shown(self) -> str:
        return f"{self.count} or more" if self.more else str(self.count)


@dataclass
class ToDoSection:
    heading: str
    items: list[ToDoItem] = field(default_factory=list)
    order: int = 100
    # Shown when nothing in the section waits.
    all_done: str = "Nothing waiting."

    @property
    def waiting(self) -> list[ToDoItem]:
        return [item for item in self.items if item.count]


Provider = Callable[[object], ToDoSection | None]
_PROVIDERS: dict[str, Provider] = {}


def todo_register(key: str, provider: Provider) -> None:
    """Register (or replace, so a reload is harmless) an app's section of the home page."""
    _PROVIDERS[key] = provider


def todo_sections(user) -> list[ToDoSection]:
    """Every section that applies to this user, in order."""
    sections = [section for provider in _PROVIDERS.values() if (section := provider(user)) is not None]
    return sorted(sections, key=lambda section: (section.order, section.heading))


def todo_item(text: str, queryset, *, many: str, one: Callable[[object], str] | None = None) -> ToDoItem:
    """An item counting `queryset` up to COUNT_CAP. With exactly one thing waiting, the link goes straight to it
    (`one(pk)`), otherwise to the list (`many`, a URL). One query, which stops after COUNT_CAP + 1 rows."""
    found = list(queryset.values_list("pk", flat=True)[: COUNT_CAP + 1])
    count, more = min(len(found), COUNT_CAP), len(found) > COUNT_CAP
    href = one(found[0]) if count == 1 and one is not None else many
    return ToDoItem(text=text, count=count, href=href, more=more)


def link(name: str, *args, query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")
