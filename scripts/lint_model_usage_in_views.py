#!/usr/bin/env python3
"""Refuse raw model reads in views (and any in presenters): a view reaches rows through a QuerySet method that says
which rows, or a selector.

Every trust-owned row is scoped (to the trust, the units a role covers, the signed-in person), and the scoping
lives in one place: QuerySet methods on the model (`visible_to`, `for_organisation`, `managed_by`, ...) and
`selectors.py` for reports and cross-model reads. A view that writes `Model.objects.get(...)` or
`Model.objects.filter(...)` has its own idea of scope, which is how one page ends up showing another trust's row.

This AST check reads every `views.py` and `views/*.py` under the paths given and reports:

- MUV001: `<anything>.objects.<method>` where the method is Django's own (`get`, `filter`, `all`, `exclude`,
  `first`, `select_related`, `values`, ...): call a QuerySet method of the model that scopes the rows instead,
  then narrow it as you like (`Opportunity.objects.visible_to(user).filter(...)` is fine).
- MUV002: a manager used bare (`Model.objects` passed along, `Model._default_manager`, `_base_manager`).
- MUV003: `get_object_or_404(Model, ...)` or `get_list_or_404(Model, ...)` given a model class rather than a
  scoped queryset (`get_object_or_404(Project.objects.visible_to(user), pk=...)`, or a relation such as
  `get_object_or_404(committee.meetings, pk=...)`, is fine).

It also reads every `presenters.py` and `presenters/*.py`, which only format what they are given:

- MUV004: any `Model.objects` (or `_default_manager`) in a presenter. Read in `selectors.py` or a QuerySet
  method and pass the result in.

Related managers (`project.team.all()`) are not flagged: the object they hang from was itself reached by a scoped
read. A model whose raw use in one module is justified goes in ALLOWED with the reason, keyed by the module's
path (relative to the repository) and the model's name as written.

Usage: python scripts/lint_model_usage_in_views.py [path ...]   (default: withus). Exit status 1 when it finds any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent

# Django's own manager and queryset methods (a read that says nothing about whose rows), plus the user manager's.
try:
    from django.db.models import Manager, QuerySet

    DJANGO_METHODS = frozenset(name for name in {*dir(QuerySet), *dir(Manager)} if not name.startswith("_"))
except ImportError:  # pragma: no cover - the check runs in the project's environment, where Django is installed
    DJANGO_METHODS = frozenset(
        {"all", "filter", "exclude", "get", "first", "last", "none", "select_related", "prefetch_related", "values"}
    )
DJANGO_METHODS |= {"get_by_natural_key", "create_user", "create_superuser", "with_perm"}
BARE_MANAGERS = {"_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
SKIPPED_PARTS = {"tests", "migrations", "__pycache__"}

# (module path from the repository root, model name as written) -> why this raw read is right there.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column + 1}: {self.code} {self.message}"


def _written(node: ast.AST) -> str:
    """The model as written: `Person`, `Opportunity.interests.through`."""
    try:
        return ast.unparse(node)
    except (AttributeError, ValueError):  # pragma: no cover - unparse handles every expression the parser makes
        return "?"


def _looks_like_a_class(node: ast.AST) -> bool:
    """`Meeting` or `models.Meeting` (CapWords, the convention for classes), not a queryset held in a variable."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name[:1].isupper()


class _Checker(ast.NodeVisitor):
    def __init__(self, path: str, allowed: dict[tuple[str, str], str], *, presenter: bool = False) -> None:
        self.path = path
        self.allowed = allowed
        self.presenter = presenter
        self.problems: list[Problem] = []
        self._parents: dict[ast.AST, ast.AST] = {}

    def check(self, tree: ast.AST) -> list[Problem]:
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self._parents[child] = parent
        self.visit(tree)
        return self.problems

    def _report(self, node: ast.AST, model: ast.AST, code: str, message: str) -> None:
        if (self.path, _written(model)) in self.allowed:
            return
        self.problems.append(Problem(self.path, node.lineno, node.col_offset, code, message))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self.presenter:
            if node.attr == "objects" or node.attr in BARE_MANAGERS:
                self._report(
                    node,
                    node.value,
                    "MUV004",
                    f"`{_written(node)}` in a presenter: presenters only format; read in selectors.py or a "
                    "QuerySet method and pass the rows in.",
                )
            self.generic_visit(node)
            return
        if node.attr == "objects":
            parent = self._parents.get(node)
            model = _written(node.value)
            if isinstance(parent, ast.Attribute) and parent.value is node:
                if parent.attr in DJANGO_METHODS:
                    self._report(
                        node,
                        node.value,
                        "MUV001",
                        f"`{model}.objects.{parent.attr}` in a view: use a QuerySet method of {model} that scopes "
                        "the rows (visible_to, for_organisation, ...) or a selector.",
                    )
            else:
                self._report(
                    node, node.value, "MUV002", f"`{model}.objects` used bare in a view: use a scoping QuerySet method."
                )
        elif node.attr in BARE_MANAGERS:
            self._report(node, node.value, "MUV002", f"`{_written(node)}` in a view: use a scoping QuerySet method.")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if self.presenter:
            self.generic_visit(node)
            return
        function = node.func
        name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
        if name in SHORTCUTS and node.args:
            first = node.args[0]
            if isinstance(first, (ast.Name, ast.Attribute)) and _looks_like_a_class(first):
                self._report(
                    node,
                    first,
                    "MUV003",
                    f"`{name}({_written(first)}, ...)` in a view: pass a scoped queryset "
                    f"({_written(first)}.objects.visible_to(user), a relation, ...), not the model.",
                )
        self.generic_visit(node)


def check_source(
    source: str, path: str, allowed: dict[tuple[str, str], str] | None = None, *, presenter: bool = False
) -> list[Problem]:
    """The problems in one view (or presenter) module's source (`path` as reported and as keyed in the
    allowlist)."""
    tree = ast.parse(source, filename=path)
    return _Checker(path, ALLOWED if allowed is None else allowed, presenter=presenter).check(tree)


def _is_kind(path: Path, kind: str) -> bool:
    if path.suffix != ".py" or SKIPPED_PARTS.intersection(path.parts):
        return False
    return path.name == f"{kind}.py" or path.parent.name == kind


def is_view_module(path: Path) -> bool:
    return _is_kind(path, "views")


def is_presenter_module(path: Path) -> bool:
    return _is_kind(path, "presenters")


def view_modules(paths: Iterable[Path]) -> Iterator[Path]:
    """Every view and presenter module under the paths."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                candidate
                for candidate in path.rglob("*.py")
                if is_view_module(candidate) or is_presenter_module(candidate)
            )
        elif is_view_module(path) or is_presenter_module(path):
            yield path


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(REPOSITORY)) if resolved.is_relative_to(REPOSITORY) else str(path)


def main(arguments: list[str]) -> int:
    roots = [Path(argument) for argument in arguments] or [REPOSITORY / "withus"]
    missing = [root for root in roots if not root.exists()]
    if missing:
        print(f"No such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    problems: list[Problem] = []
    checked = 0
    for module in view_modules(roots):
        checked += 1
        source = module.read_text(encoding="utf-8")
        problems.extend(check_source(source, _shown(module), presenter=is_presenter_module(module)))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} raw model read(s) in {checked} view and presenter modules.", file=sys.stderr)
        return 1
    if checked == 0:
        print("No view or presenter modules found: nothing was checked.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
