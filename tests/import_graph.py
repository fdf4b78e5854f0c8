"""The package's import graph, read by grimp from the source, for the layering tests.

Every import counts: those inside functions (a lazy import still ties two modules together) and
those under ``if TYPE_CHECKING:`` (a type named from another module is a dependency on it too)."""

from __future__ import annotations

from functools import cache

import grimp

PACKAGE = "ekinerja"


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=False)


def cycles() -> list[tuple[str, ...]]:
    """One shortest cycle through each import that closes one, each named once (from its least module)."""
    imports = graph()
    found: set[tuple[str, ...]] = set()
    for importer in imports.modules:
        for imported in imports.find_modules_directly_imported_by(importer):
            back = imports.find_shortest_chain(importer=imported, imported=importer)
            if back:
                loop = (*back[:-1], importer)
                start = loop.index(min(loop))
                found.add(loop[start:] + loop[:start])
    return sorted(found)


def direct_imports(importers: str, imported: str) -> list[tuple[str, str]]:
    """Direct imports from modules matching ``importers`` to modules matching ``imported``
    (grimp's expressions: ``ekinerja.state.*``, ``ekinerja.**``)."""
    return sorted(
        (found["importer"], found["imported"])
        for found in graph().find_matching_direct_imports(import_expression=f"{importers} -> {imported}")
    )
