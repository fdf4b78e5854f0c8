"""The package's layering, read from its import graph (tests/import_graph.py): no import cycles;
no layer imports one above it;
the domain (plain rules) imports nothing outside itself: no other layer of the app, no framework,
no database; a page's state imports no other page's state and runs no SQL; pages import no other
page, and components no page."""

from __future__ import annotations

import ast
from pathlib import Path

import ekinerja.domain
import ekinerja.state
from ekinerja.state import SHARED_LAYER
from tests.import_graph import cycles, direct_imports, graph

DOMAIN = "ekinerja.domain"
# The app's layers from the top down: each may import those below it, never one above it. The
# small modules beside them (config, clock, db, access, routes, ...) are shared plumbing.
LAYERS = (
    "ekinerja.ekinerja",  # the app: registers the pages
    "ekinerja.pages",
    "ekinerja.components",
    "ekinerja.state",
    "ekinerja.demo",
    "ekinerja.services",
    "ekinerja.reports",  # document builders, fed by the services
    "ekinerja.models",
    DOMAIN,
)
# What runs the app or reaches the database: never a dependency of a rule.
FRAMEWORKS = {"reflex", "sqlalchemy", "sqlmodel", "alembic", "redis", "psycopg", "psycopg2"}
STATE_DIR = Path(ekinerja.state.__file__).parent
# A session scope and the commit hook of the live pages are all the state layer takes from the database libraries.
STATE_DB_NAMES = {("sqlmodel", "Session")}
SHARED_DB_NAMES = {("sqlalchemy", "event")}
QUERY_METHODS = {"exec", "execute", "scalar", "scalars", "query", "get", "add", "add_all", "delete", "flush", "commit"}


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def test_the_package_has_no_import_cycles():
    found = cycles()
    assert found == [], "import cycles: " + "; ".join(" -> ".join((*loop, loop[0])) for loop in found)


def test_no_layer_imports_a_layer_above_it():
    upward = [
        f"{found.importer} -> {found.imported}: " + "; ".join(
            f"{' & '.join(sorted(route.heads))} -> {' & '.join(sorted(route.tails))}" for route in found.routes
        )
        for found in graph().find_illegal_dependencies_for_layers(layers=LAYERS)
    ]
    assert upward == [], f"imports that run up the layers: {upward}"


def test_the_domain_imports_nothing_outside_it():
    upward = [(importer, imported) for importer, imported in direct_imports(f"{DOMAIN}.**", "ekinerja.**")
              if not _inside(imported, DOMAIN)]
    assert upward == [], f"the domain imports other layers: {upward}"
    external = []
    for path in Path(ekinerja.domain.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            external += [(path.name, name) for name in names if name.split(".")[0] in FRAMEWORKS]
    assert external == [], f"the domain imports a framework or the database: {external}"


def test_pages_do_not_import_each_other():
    """A widget two pages need lives in ekinerja/components/, not in one of the pages (the app
    module registers the pages; no page imports another)."""
    assert direct_imports("ekinerja.pages.**", "ekinerja.pages.**") == []


def test_components_import_no_page():
    assert direct_imports("ekinerja.components.**", "ekinerja.pages.**") == []


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
