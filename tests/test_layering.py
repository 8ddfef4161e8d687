"""The package's rooms stay apart: pure logic imports no web or database code, the database layer no web code.

The rules are the ones docs/architecture.md states. The checker reads every module with ``ast``
(nothing is imported), so a forbidden import fails here even if no test ever runs that module.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "quiz"

# (markupsafe is allowed everywhere: the charts hand templates SVG already escaped.)
WEB_LIBRARIES = (
    "flask",
    "flask_login",
    "flask_wtf",
    "flask_migrate",
    "flask_sqlalchemy",
    "werkzeug",
    "jinja2",
    "wtforms",
    "click",
)
DATABASE = ("sqlalchemy", "alembic", "quiz.models", "quiz.extensions", "quiz.database", "quiz.store")

# Each room, and what it may not import (a name forbids the module and everything under it).
FORBIDDEN = {
    "quiz.core": (*WEB_LIBRARIES, *DATABASE, "quiz.web", "quiz.cli"),
    "quiz.store": (*WEB_LIBRARIES, "quiz.web", "quiz.cli"),
    "quiz.models": ("flask", "quiz.store", "quiz.web", "quiz.cli"),
    "quiz.database": ("flask", "quiz.store", "quiz.web", "quiz.cli"),
    "quiz.web": ("quiz.cli",),
}
# quiz.extensions binds the Flask extensions (flask_sqlalchemy's db among them): the store reaches the
# database only through it, never through Flask itself.
ALLOWED = {("quiz.store", "quiz.extensions"), ("quiz.models", "quiz.extensions"), ("quiz.database", "quiz.extensions")}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path, modules: set[str] = frozenset()) -> list[tuple[str, int, bool]]:
    """(module imported, line, at module level) for every import in ``path``, relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from quiz.core import bank`` imports the module quiz.core.bank; ``from quiz.models import Quiz``
            # imports quiz.models.
            names = [f"{base}.{alias.name}" for alias in node.names]
            found += [(n if n in modules else base, node.lineno, id(node) in top) for n in names]
    return found


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path = PACKAGE) -> list[str]:
    """Every forbidden import and every cycle of module-level imports in the package at ``root``."""
    problems, graph = [], {}
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    for name, path in sorted(modules.items()):
        room = next((r for r in FORBIDDEN if under(name, r)), None)
        for imported, line, at_top in sorted(set(imports_of(path, root, set(modules)))):
            if room and any(under(imported, bad) for bad in FORBIDDEN[room]) and (room, imported) not in ALLOWED:
                if not any(under(imported, ok) for r, ok in ALLOWED if r == room):
                    problems.append(f"{path.relative_to(root.parent)}:{line}: {room} may not import {imported}")
            if at_top and imported in modules and imported != name:
                graph.setdefault(name, set()).add(imported)
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm), if any."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_keeps_its_layers_and_has_no_import_cycle():
    assert violations() == []


def write(root: Path, name: str, text: str) -> None:
    """A module of a made-up package at ``root``, with its packages' ``__init__`` files."""
    path = root.parent.joinpath(*name.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(root.parent).parents:
        if str(parent) != ".":
            (root.parent / parent / "__init__.py").touch()
    path.write_text(text)


def test_pure_logic_that_imports_flask_or_the_models_is_caught(tmp_path):
    root = tmp_path / "quiz"
    write(root, "quiz.core.grading", "from flask import request\nfrom quiz.models import Answer\n")
    write(root, "quiz.models", "")
    found = violations(root)
    assert any("quiz.core may not import flask" in p for p in found)
    assert any("quiz.core may not import quiz.models" in p for p in found)


def test_the_database_layer_importing_the_web_is_caught(tmp_path):
    root = tmp_path / "quiz"
    write(root, "quiz.web.taking.views", "")
    write(root, "quiz.store.attempts", "from ..web.taking import views\nfrom quiz.extensions import db\n")
    write(root, "quiz.extensions", "")
    assert violations(root) == ["quiz/store/attempts.py:1: quiz.store may not import quiz.web.taking.views"]


def test_a_cycle_of_imports_is_caught(tmp_path):
    root = tmp_path / "quiz"
    write(root, "quiz.core.a", "from quiz.core import b\n")
    write(root, "quiz.core.b", "import quiz.core.a\n")
    assert violations(root) == ["import cycle: quiz.core.a -> quiz.core.b -> quiz.core.a"]
