#!/usr/bin/env python
"""The project's own rules, checked on the source (``make test`` runs it; so does a test).

1. **Imports point down the layers** (docs/ARCHITECTURE.md)::

       core → audit → areas → accounts → alerts → jobs, sheets (platform services)
            → ui, api (plumbing) → domain apps → web → demo → config

   A module may import its own app and any lower layer. The pages and endpoints of a low app
   (``views``, ``api``, ``urls``, ``forms``, ``shell``, ``admin``, template tags, commands)
   may also use the presentation plumbing (``ui``, ``api``). No module but a presentation one
   imports another app's presentation modules. Domain apps may use each other, never in a
   cycle. An app not named here is a domain app.
2. **No unscoped reads by accident.** ``<Model>.objects.<x>`` on a model whose rows belong to an
   area (it derives from ``AreaScopedModel`` or declares ``objects = ScopedManager()``) must
   start from ``for_user``, ``within``, ``in_jurisdiction``, ``none`` or the deliberate, named
   ``unscoped`` (or be a write: ``create``, ``bulk_create``, ``bulk_update``).
3. **No ``Model.objects`` at all in ``views.py``, ``api.py`` or ``forms.py``**: they read
   through selectors and access functions, and write through services.

(Signals outside ``core`` are refused by ruff's banned-api, ``pyproject.toml``.)

Usage: ``python tools/lint_layers.py [ROOT]`` prints one line per problem and exits 1 if any.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "phaodai"
RANKS = {
    "core": 0,
    "audit": 1,
    "areas": 2,
    "accounts": 3,
    # Platform services every domain app may use: alerts below jobs (a job tells its starter).
    "alerts": 4,
    "jobs": 5,
    "sheets": 5,
    # Framework apps the health apps build on: rules as dated data, counts kept as data.
    "rules": 5,
    "counts": 5,
    "ui": 6,
    "api": 6,
    "web": 9,
    "demo": 10,
}
DOMAIN_RANK = 7
PLUMBING = frozenset({"ui", "api"})
PRESENTATION = frozenset(
    {"views", "api", "urls", "api_urls", "forms", "shell", "admin", "templatetags", "management"}
)
NO_MANAGER_ACCESS = frozenset({"views", "api", "forms"})
SCOPED_STARTS = frozenset(
    {"for_user", "within", "in_jurisdiction", "none", "unscoped", "create", "bulk_create", "bulk_update"}
)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Module:
    path: Path
    app: str  # "people"; "" for the package itself
    part: str  # first module name inside the app: "views", "services", "tests"…

    @property
    def rank(self) -> int:
        return rank_of(self.app)

    @property
    def presents(self) -> bool:
        return self.part in PRESENTATION


def rank_of(app: str) -> int:
    return RANKS.get(app, DOMAIN_RANK)


def _modules(root: Path) -> Iterator[Module]:
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root / PACKAGE).with_suffix("").parts
        if len(parts) < 2 or "migrations" in parts or "tests" in parts:
            continue
        yield Module(path=path, app=parts[0], part=parts[1])


def _imported(tree: ast.AST, module_name: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in a module, relative ones resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module_name.split(".")[: -node.level]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name


def _target(name: str) -> tuple[str, str] | None:
    """(app, part) of an import inside the project package, or None for anything else."""
    parts = name.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    return parts[1], parts[2] if len(parts) > 2 else ""


def _scoped_models(root: Path) -> set[str]:
    """Class names of the models whose rows belong to an area (by their source)."""
    found = set()
    for path in (root / PACKAGE).rglob("models.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            manager = any(
                isinstance(item, ast.Assign)
                and any(getattr(t, "id", "") == "objects" for t in item.targets)
                and "ScopedManager" in ast.unparse(item.value)
                for item in node.body
            )
            if "AreaScopedModel" in bases or manager:
                found.add(node.name)
    return found


def check(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    scoped = _scoped_models(root)
    domain_edges: dict[str, set[str]] = defaultdict(set)
    edge_lines: dict[tuple[str, str], tuple[Path, int]] = {}
    for module in _modules(root):
        source = module.path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        dotted = ".".join(module.path.relative_to(root).with_suffix("").parts)
        for line, name in _imported(tree, dotted):
            target = _target(name)
            if target is None:
                continue
            app, part = target
            if app == module.app or not app:
                continue
            if part in PRESENTATION and not module.presents and module.app not in ("web", "demo"):
                problems.append(
                    Problem(module.path, line, f"{name}: only pages and endpoints import {app}.{part}")
                )
            if rank_of(app) > module.rank and not (module.presents and app in PLUMBING):
                problems.append(
                    Problem(module.path, line, f"{name}: {module.app} may not import the higher layer {app}")
                )
            if rank_of(app) == module.rank == DOMAIN_RANK:
                domain_edges[module.app].add(app)
                edge_lines.setdefault((module.app, app), (module.path, line))
        problems.extend(_manager_problems(module, tree, scoped))
    problems.extend(_cycles(domain_edges, edge_lines))
    return problems


def _manager_problems(module: Module, tree: ast.AST, scoped: set[str]) -> Iterator[Problem]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)):
            continue
        manager = node.value
        if manager.attr != "objects" or not isinstance(manager.value, ast.Name):
            continue
        model = manager.value.id
        if module.part in NO_MANAGER_ACCESS:
            yield Problem(
                module.path, node.lineno, f"{model}.objects in {module.part}.py: use a selector or a service"
            )
        elif model in scoped and node.attr not in SCOPED_STARTS:
            yield Problem(
                module.path,
                node.lineno,
                f"{model}.objects.{node.attr}: start from for_user/within, or say unscoped() on purpose",
            )


def _cycles(edges: dict[str, set[str]], lines: dict[tuple[str, str], tuple[Path, int]]) -> Iterator[Problem]:
    for app, targets in sorted(edges.items()):
        for other in sorted(targets):
            if app < other and app in edges.get(other, set()):
                path, line = lines[(app, other)]
                yield Problem(
                    path, line, f"{app} and {other} import each other: domain apps may not form a cycle"
                )


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems = check(root)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
