"""README's menu map stays true: every module it names exists, every menu route has its row."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from ekinerja import routes

README = Path(__file__).resolve().parents[1] / "README.md"
# The columns after "Menu (route)" and "Feature": the package each names its modules in.
PACKAGES = {2: "pages", 3: "state", 4: "services", 5: "domain"}
PREFIXES = ("components/", "pages/", "state/", "services/", "domain/")
ATTRIBUTE = re.compile(r"\(`([^`]+)`\)")  # a page function or state class named beside its module
NAME = re.compile(r"`([^`]+)`")


def _rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| Menu (route) |"):].split("\n\n", 1)[0]
    lines = [line for line in table.splitlines()[2:] if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def _modules(cell: str, package: str) -> list[tuple[str, list[str]]]:
    """(module, attributes named after it) for each module a cell names."""
    found: list[tuple[str, list[str]]] = []
    attributes = {m.start() for m in ATTRIBUTE.finditer(cell)}
    for match in NAME.finditer(cell):
        name = match.group(1)
        if match.start() - 1 in attributes:
            found[-1][1].append(name)
            continue
        path = name if name.startswith(PREFIXES) else f"{package}/{name}"
        found.append(("ekinerja." + path.replace("/", "."), []))
    return found


def _named() -> list[tuple[str, tuple[str, ...]]]:
    named = {(module, tuple(attributes)) for row in _rows() for column, package in PACKAGES.items() for module, attributes in _modules(row[column], package)}
    return sorted(named)


def test_the_map_has_a_row_per_route():
    rows = _rows()
    assert len(rows) >= 20
    listed = {route for row in rows for route in NAME.findall(row[0])}
    menu = {item.route for item in (*routes.MAIN_MENU, *routes.ADMIN_MENU)} | {routes.LOGIN, routes.CHANGE_PASSWORD}
    assert menu - listed == set(), "README's menu map lacks these routes"


@pytest.mark.parametrize(("module", "attributes"), _named(), ids=lambda value: value if isinstance(value, str) else ",".join(value))
def test_every_module_the_map_names_exists(module, attributes):
    imported = importlib.import_module(module)
    for attribute in attributes:
        assert hasattr(imported, attribute), f"{module} has no {attribute}"
