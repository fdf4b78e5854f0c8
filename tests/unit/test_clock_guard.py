"""Only ekinerja/clock.py reads the wall clock, so one pin moves every "today" of the app and the tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK = ROOT / "ekinerja" / "clock.py"
# date.today(), datetime.now()/utcnow()/today(), with or without the module prefix.
WALL_CLOCK = re.compile(r"\b(?:date\.today|datetime\.(?:now|utcnow|today))\s*\(")


def test_only_the_clock_module_reads_the_wall_clock():
    offenders = []
    for folder in ("ekinerja", "tests", "bench", "alembic", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == CLOCK or path == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "read the date from ekinerja.clock (tests: the pin_today fixture):\n" + "\n".join(offenders)


def test_a_pinned_date_moves_now_and_today_together(pin_today):
    from datetime import date

    from ekinerja import clock

    pin_today(date(2028, 2, 29))
    assert clock.local_today() == date(2028, 2, 29)
    assert clock.local_now().date() == date(2028, 2, 29)
    assert abs((clock.utcnow() - clock.local_now()).total_seconds()) < 1
