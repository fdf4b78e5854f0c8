"""Every public function of ekinerja.domain has a property test: a new rule must come with one.

Property tests declare what they exercise with ``@covers(...)`` (support.py); this test lists the
public functions of every ekinerja.domain module and fails on any that no test covers.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import ekinerja.domain
from tests.unit.properties import (  # noqa: F401  (importing registers their @covers marks)
    test_abk_props,
    test_activity_props,
    test_angka_kredit_props,
    test_development_props,
    test_dialog_props,
    test_evaluation_cycle_props,
    test_hierarchy_props,
    test_i21_props,
    test_identity_props,
    test_integrity_props,
    test_numbers_props,
    test_org_performance_props,
    test_skp_props,
    test_status_rules_props,
    test_validation_props,
)
from tests.unit.properties.support import COVERED


def public_domain_functions() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(ekinerja.domain.__path__):
        module = importlib.import_module(f"ekinerja.domain.{info.name}")
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module.__name__}.{name}")
    return found


def test_every_public_domain_function_has_a_property_test():
    uncovered = sorted(public_domain_functions() - set(COVERED))
    assert uncovered == [], f"add a property test marked @covers(...) for: {', '.join(uncovered)}"


def test_the_registry_names_only_real_functions():
    assert len(public_domain_functions()) > 80
    assert all(tests for tests in COVERED.values())
