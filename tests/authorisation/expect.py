"""How a row of the authorisation matrix is written, and how the project's URL patterns are found.

A row gives, for one URL name, the status each role gets, in the order of `ROLES`:

    anonymous, participant, staff, scoped lead, lead, improvement advisor, finance approver, administrator

- `get`: GET of the "own" object (or of the page, when the URL has no object in it);
- `get_other`: GET of the same kind of object on the "other" side of the trust (another participant's, another
  ward's, outside the scoped lead's directorate). Required whenever the URL names an object, unless the object
  is trust-wide (`trust_wide=True`: committees, batches, courses, kinds of involvement);
- `post`, `post_other`: the same with an empty POST, for every view that accepts POST;
- "other trust": never written. Another trust's object is never more reachable than a missing one, so every
  cell is derived from the own row: a status below 400 (other than anonymous's sign-in redirect) becomes 404.
- `public`: the issue that made the page open without signing in. Every other page sends anonymous to sign in.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "participant", "staff", "scoped_lead", "lead", "qi", "finance", "admin")
METHODS = ("get", "post")
SIDES = ("own", "other", "other_trust")


@dataclass(frozen=True)
class Pending:
    """Cells whose expected status is what an open issue asks for, not what the code does yet.

    They are checked in a separate test marked xfail(strict=True): when the fix lands they pass, the strict
    xfail fails, and the marker is removed. `cells` are (method, side, role), e.g. ("post", "other", "staff").
    """

    reason: str
    cells: frozenset


@dataclass(frozen=True)
class Row:
    get: tuple
    get_other: tuple | None = None
    post: tuple | None = None
    post_other: tuple | None = None
    public: str = ""
    trust_wide: bool = False
    # Which object a URL argument names, when it is not the usual one (see patterns.OBJECTS).
    objects: dict = field(default_factory=dict)
    pending: Pending | None = None
    # What a board member (the read-only `board_member` role, ADR 39) gets: (GET, POST) of the own object, or None
    # when they hold no permission for the view beyond what everyone signed in holds (test_board_member).
    board: tuple | None = None

    def expected(self, method: str, side: str) -> tuple | None:
        if side == "other_trust":
            own = self.expected(method, "own")
            return (
                None
                if own is None
                else tuple(_elsewhere(role, status) for role, status in zip(ROLES, own, strict=True))
            )
        if side == "other":
            return self.get_other if method == "get" else self.post_other
        return self.get if method == "get" else self.post


def _elsewhere(role: str, status: int) -> int:
    if role == "anonymous" or status >= 400:
        return status
    return 404


def row(*statuses: int) -> tuple:
    """Eight statuses, one per role in ROLES order."""
    assert len(statuses) == len(ROLES), statuses
    return statuses


def everyone(status: int, *, anonymous: int = 302) -> tuple:
    return (anonymous,) + (status,) * (len(ROLES) - 1)


# --- The project's URL patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name with its namespace, or the route for a pattern with no name
    route: str
    callback: object
    arguments: tuple

    @property
    def namespace(self) -> str:
        return self.key.split(":", 1)[0] if ":" in self.key else ""

    @property
    def methods(self) -> frozenset:
        """The methods the view is decorated to accept (require_POST, require_http_methods); empty if it says none."""
        view = self.callback
        while view is not None:
            for cell in getattr(view, "__closure__", None) or ():
                try:
                    contents = cell.cell_contents
                except ValueError:  # an empty cell
                    continue
                if isinstance(contents, (list, tuple)) and contents and set(contents) <= {"GET", "POST", "HEAD"}:
                    return frozenset(contents)
            view = getattr(view, "__wrapped__", None)
        return frozenset()

    @property
    def declares_post(self) -> bool:
        return "POST" in self.methods

    @property
    def post_only(self) -> bool:
        return self.methods == {"POST"}

    @property
    def permission(self) -> str:
        """The named permission the view checks before anything else (core.permissions.permission_required)."""
        return getattr(self.callback, "permission_required", "")


def url_patterns() -> list[Pattern]:
    found = []

    def walk(patterns, prefix: str, namespace: str, outer: tuple = ()) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                # An include can itself take arguments (allauth's "keys/<int:pk>/"): the patterns inside need them.
                arguments = outer + tuple(entry.pattern.regex.groupindex)
                walk(entry.url_patterns, prefix + str(entry.pattern), inner, arguments)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                key = f"{namespace}{entry.name}" if entry.name else route
                found.append(Pattern(key, route, entry.callback, outer + tuple(entry.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "", "")
    return found
