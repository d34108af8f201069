#!/usr/bin/env python3
"""Refuse writes to involvement records outside the involvement app: the log owns a record's whole life (ADR 18).

A record is created, corrected, removed, locked and released only by `withus.involvement.services`
(`involvement_record_create`, `involvement_record_correct`, `involvement_record_remove`, `involvement_records_lock`,
`involvement_records_release`), which validate, audit and respect the lock a payment claim puts on a record.
Anything else that writes the table skips those rules. This AST check reads every Python module under the paths
given, except `withus/involvement/` itself and migrations (which work on historical models), and reports:

- IWR001: a write method (`save`, `delete`, `update`, `create`, `get_or_create`, `update_or_create`, `bulk_*`)
  called on an expression that starts at `InvolvementRecord` (`InvolvementRecord.objects.filter(...).update(...)`).
- IWR002: `InvolvementRecord(...)` made by hand: a record built outside the services can only be saved directly.
  Tests build records with `withus.involvement.tests.factories.RecordFactory`.
- IWR003: a write method called on a name that holds a record or records: bound from an expression that starts at
  `InvolvementRecord`, from an `involvement_record*` service's answer, annotated as `InvolvementRecord` (or a
  collection of them), or a loop variable over one of those.
- IWR004: the record table's name in a string (raw SQL).

It reads names, not types: a record reached through another object (`line.record.save()`) is not seen, so keep
to the services; the database triggers refuse changing a locked record whatever the code. A use justified in one
module goes in ALLOWED with the reason, keyed by the module's path (relative to the repository) and the code.

Usage: python scripts/lint_involvement_writes.py [path ...]   (default: withus and tests). Exit status 1 when it
finds any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
MODEL = "InvolvementRecord"
TABLE = "involvement_involvementrecord"
OWNER = ("withus", "involvement")
WRITES = frozenset({"save", "delete", "update", "create", "get_or_create", "update_or_create"})
SERVICE_PREFIX = "involvement_record"
SKIPPED_PARTS = {"migrations", "__pycache__", "node_modules", ".venv"}

# (module path from the repository root, code) -> why this write is right there.
ALLOWED: dict[tuple[str, str], str] = {
    ("withus/demo/scale/work.py", "IWR002"): (
        "the scale world (issue 25) bulk-loads 200,000 synthetic records for load tests; one service call per record "
        "would take hours. The rows are what the services write, locked by the claims that hold them"
    ),
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column + 1}: {self.code} {self.message}"


def _is_write(name: str) -> bool:
    return name in WRITES or name.startswith("bulk_")


def _is_model(node: ast.AST) -> bool:
    """`InvolvementRecord` or `models.InvolvementRecord`."""
    return (isinstance(node, ast.Name) and node.id == MODEL) or (isinstance(node, ast.Attribute) and node.attr == MODEL)


def _chain(node: ast.AST) -> Iterator[ast.AST]:
    """A chain of attributes, calls and subscripts, from its end to where it starts (`Model.objects.filter(...)`)."""
    while True:
        yield node
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return


def _root(node: ast.AST) -> ast.AST:
    *_, root = _chain(node)
    return root


def _starts_at_model(node: ast.AST) -> bool:
    """`InvolvementRecord.objects...` or `models.InvolvementRecord.objects...`."""
    return any(_is_model(step) for step in _chain(node))


def _mentions_model(annotation: ast.AST | None) -> bool:
    return annotation is not None and any(_is_model(node) for node in ast.walk(annotation))


def _targets(target: ast.AST) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _targets(element)


class _Checker(ast.NodeVisitor):
    def __init__(self, path: str, allowed: dict[tuple[str, str], str]) -> None:
        self.path = path
        self.allowed = allowed
        self.problems: list[Problem] = []
        # Names holding records, per scope (module, then each function).
        self.scopes: list[set[str]] = [set()]

    def _report(self, node: ast.AST, code: str, message: str) -> None:
        if (self.path, code) not in self.allowed:
            self.problems.append(Problem(self.path, node.lineno, node.col_offset, code, message))

    def _holds_records(self, node: ast.AST | None) -> bool:
        if node is None:
            return False
        if _starts_at_model(node):
            return True
        root = _root(node)
        if isinstance(root, ast.Name):
            if root.id.startswith(SERVICE_PREFIX):
                return True
            return any(root.id in scope for scope in self.scopes)
        return False

    def _bind(self, targets: Iterable[ast.AST], holds: bool) -> None:
        for target in targets:
            for name in _targets(target):
                if holds:
                    self.scopes[-1].add(name)
                else:
                    self.scopes[-1].discard(name)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scopes.append(set())
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if _mentions_model(argument.annotation):
                self.scopes[-1].add(argument.arg)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast.NodeVisitor's naming

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        self._bind(node.targets, self._holds_records(node.value))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.generic_visit(node)
        self._bind([node.target], _mentions_model(node.annotation) or self._holds_records(node.value))

    def visit_For(self, node: ast.For) -> None:
        self._bind([node.target], self._holds_records(node.iter))
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._bind([node.target], self._holds_records(node.iter))
        self.generic_visit(node)

    def _visit_comprehension_first(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> None:
        # The loops bind their names before the element that uses them is read.
        for generator in node.generators:
            self.visit(generator)
        for element in (getattr(node, "elt", None), getattr(node, "key", None), getattr(node, "value", None)):
            if element is not None:
                self.visit(element)

    visit_ListComp = _visit_comprehension_first  # noqa: N815 - ast.NodeVisitor's naming
    visit_SetComp = _visit_comprehension_first  # noqa: N815
    visit_GeneratorExp = _visit_comprehension_first  # noqa: N815
    visit_DictComp = _visit_comprehension_first  # noqa: N815

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._bind([node.optional_vars], self._holds_records(node.context_expr))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        if _is_model(function):
            self._report(
                node,
                "IWR002",
                f"`{MODEL}(...)` made outside withus/involvement: create records with involvement_record_create "
                "(tests: RecordFactory).",
            )
        elif isinstance(function, ast.Attribute) and _is_write(function.attr):
            owner = function.value
            if _starts_at_model(owner):
                self._report(
                    node,
                    "IWR001",
                    f"`.{function.attr}()` on {MODEL} outside withus/involvement: use the involvement services "
                    "(create, correct, remove, lock, release).",
                )
            elif self._holds_records(owner):
                self._report(
                    node,
                    "IWR003",
                    f"`{ast.unparse(owner)}.{function.attr}()` writes an involvement record outside "
                    "withus/involvement: use the involvement services (create, correct, remove, lock, release).",
                )
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and TABLE in node.value.lower():
            self._report(
                node, "IWR004", f"the table {TABLE} named in a string: write records through the involvement services."
            )


def check_source(source: str, path: str, allowed: dict[tuple[str, str], str] | None = None) -> list[Problem]:
    """The problems in one module's source (`path` as reported and as keyed in the allowlist)."""
    tree = ast.parse(source, filename=path)
    checker = _Checker(path, ALLOWED if allowed is None else allowed)
    checker.visit(tree)
    return checker.problems


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(REPOSITORY)) if resolved.is_relative_to(REPOSITORY) else str(path)


def is_checked(path: Path) -> bool:
    """Python outside withus/involvement and outside migrations."""
    if path.suffix != ".py" or SKIPPED_PARTS.intersection(path.parts):
        return False
    parts = Path(_shown(path)).parts
    return parts[: len(OWNER)] != OWNER


def modules(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(candidate for candidate in path.rglob("*.py") if is_checked(candidate))
        elif is_checked(path):
            yield path


def main(arguments: list[str]) -> int:
    roots = [Path(argument) for argument in arguments] or [REPOSITORY / "withus", REPOSITORY / "tests"]
    missing = [root for root in roots if not root.exists()]
    if missing:
        print(f"No such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    problems: list[Problem] = []
    checked = 0
    for module in modules(roots):
        checked += 1
        problems.extend(check_source(module.read_text(encoding="utf-8"), _shown(module)))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} write(s) to involvement records outside withus/involvement.", file=sys.stderr)
        return 1
    if checked == 0:
        print("No modules found: nothing was checked.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
