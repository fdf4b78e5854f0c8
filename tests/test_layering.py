"""Layering of the package, read from its import graph (tests/import_graph.py)."""

from __future__ import annotations

from tests.import_graph import direct_imports


def test_pages_do_not_import_each_other():
    """A widget two pages need lives in ekinerja/components/, not in one of the pages (the app
    module registers the pages; no page imports another)."""
    assert direct_imports("ekinerja.pages.**", "ekinerja.pages.**") == []


def test_components_import_no_page():
    assert direct_imports("ekinerja.components.**", "ekinerja.pages.**") == []
