"""Python's cycle collector, set for a worker that keeps thousands of tabs open.

Reflex loads a tab's state tree for each event and drops it after; the tree holds reference
cycles (parent and substates), so it is freed by the cycle collector, not by reference counts.
With Python's default thresholds (700, 10, 10) the young collections run in the middle of events
and promote the trees still in use to the oldest generation, which then fills with garbage: every
few seconds a full collection walked the whole heap, the open tabs' states included. Under the
month-end open loop (2,000 tabs, 50 saves a second, 2 workers) each worker stopped for 300-590 ms
about every 3.5 s, with every event it had in hand (docs/performance.md, fifth round).

So, once the app is loaded (a lifespan task, in every worker):

* what start-up built (modules, compiled pages, SQLAlchemy's tables and statements) is moved out
  of the collector's sight (``gc.freeze``): it lives as long as the process, and a full
  collection no longer walks it;
* the youngest generation is collected after ``YOUNG_THRESHOLD`` new objects instead of 700, so an
  event's tree is usually finished with, and freed by the young collection, before it could be
  promoted.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000
MIDDLE_THRESHOLD = 20  # young collections per middle-generation collection (default 10)
OLD_THRESHOLD = 10  # Python's default; a full collection also waits for 25 % new long-lived objects


def settle() -> None:
    """Freeze what start-up built and raise the young generation's threshold (once per worker)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
