"""The cycle collector is settled once a worker has loaded the app (ekinerja/collector.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

from ekinerja import collector


@pytest.fixture
def restored_collector():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_what_exists_and_raises_the_young_threshold(restored_collector):
    built_at_start = object.__new__(type("BuiltAtStart", (), {}))
    collector.settle()

    assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, collector.MIDDLE_THRESHOLD, collector.OLD_THRESHOLD)
    assert gc.get_freeze_count() > 0
    assert not any(o is built_at_start for o in gc.get_objects())  # frozen: out of every generation


def test_settled_collector_still_frees_cycles(restored_collector):
    collector.settle()

    class Tree:
        pass

    parent, child = Tree(), Tree()
    parent.child, child.parent = child, parent  # the shape of a Reflex state tree
    gone = weakref.ref(parent)
    del parent, child
    assert gone() is not None  # a cycle: reference counts alone never free it
    gc.collect()
    assert gone() is None


def test_every_worker_settles_the_collector_once_the_app_is_loaded():
    import ekinerja.ekinerja as app_module

    assert collector.settle in app_module.app.get_lifespan_tasks()
