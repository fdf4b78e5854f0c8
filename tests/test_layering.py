"""The layers keep to their places: checked on the package's import graph and source."""

from __future__ import annotations

import ast
from pathlib import Path

from ekinerja.state import SHARED_LAYER
from tests.import_graph import direct_imports, graph

STATE_DIR = Path(__file__).resolve().parent.parent / "ekinerja" / "state"
# A session scope and the commit hook of the live pages are all the state layer takes from the database libraries.
STATE_DB_NAMES = {("sqlmodel", "Session")}
SHARED_DB_NAMES = {("sqlalchemy", "event")}
QUERY_METHODS = {"exec", "execute", "scalar", "scalars", "query", "get", "add", "add_all", "delete", "flush", "commit"}


def _page_of(module: str) -> str | None:
    """The page a state module belongs to (``ekinerja.state.penilaian.peer_input`` -> ``penilaian``);
    None for the shared layer and the package itself."""
    parts = module.split(".")
    if len(parts) < 3 or parts[2] in SHARED_LAYER:
        return None
    return parts[2]


def test_state_shared_layer_is_real():
    state_modules = {m.split(".")[2] for m in graph().modules if m.startswith("ekinerja.state.")}
    assert SHARED_LAYER <= state_modules


def test_state_modules_do_not_import_each_other():
    """A page's state builds on the shared layer only; the shared layer imports no page's state."""
    crossing = [
        (importer, imported)
        for importer, imported in direct_imports("ekinerja.state.**", "ekinerja.state.**")
        if _page_of(imported) is not None and _page_of(importer) != _page_of(imported)
    ]
    assert crossing == []


def _state_sources() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(STATE_DIR).parts[0].removesuffix(".py"), ast.parse(path.read_text(), str(path)))
        for path in sorted(STATE_DIR.rglob("*.py"))
    ]


def test_state_has_no_sql():
    """State calls services: it imports no query construct and runs no statement on a session."""
    found = []
    for top, tree in _state_sources():
        allowed = STATE_DB_NAMES | (SHARED_DB_NAMES if top in SHARED_LAYER else set())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(top, alias.name) for alias in node.names if alias.name.split(".")[0] in ("sqlalchemy", "sqlmodel")]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("sqlalchemy", "sqlmodel"):
                found += [(top, f"{node.module}.{a.name}") for a in node.names if (node.module, a.name) not in allowed]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("session", "db")
                and node.func.attr in QUERY_METHODS
            ):
                found.append((top, f"session.{node.func.attr}() at line {node.lineno}"))
    assert found == []
