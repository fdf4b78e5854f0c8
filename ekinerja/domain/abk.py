"""Analisis beban kerja (ABK) from the work actually recorded, pure: no Reflex, no database.

For one jabatan over a period:

* beban kerja = sum of approved volume x standard minutes of its catalogue activities;
* projected to a year by working days: ``minutes x year_working_days / period_working_days``
  (only the elapsed working days of a running period count);
* kebutuhan pegawai = annual minutes / (effective hours per employee x 60), the Anjab/ABK norm
  being 1,250 effective hours a year;
* pemangku = the holders as full-time equivalents over the period: each definitive holder counts
  the share of the period's working days they held it, so a mid-period mutasi counts in part
  in both jabatan;
* selisih = pemangku - kebutuhan: below zero the jabatan lacks people, above zero it has more than
  its recorded work needs; within ``BALANCE_TOLERANCE`` of zero it is balanced (nobody hires or
  moves half a person).

Work logged as free text (no catalogue item, so no standard minutes) cannot be measured against
a standard: it is left out of the beban kerja and flagged. A jabatan whose holders recorded too
little (see ``too_little_data``) is shown but flagged rather than judged.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.dates import month_bounds, month_label
from ekinerja.domain.validation import Errors, ValidationFailed, to_int

DEFAULT_EFFECTIVE_HOURS = 1250  # jam kerja efektif per pegawai per tahun (Anjab/ABK)
MIN_EFFECTIVE_HOURS = 500
MAX_EFFECTIVE_HOURS = 2500
BALANCE_TOLERANCE = 0.5  # |selisih| below this is "seimbang"
# Too little data to judge a jabatan: fewer than MIN_LOGGED_DAYS employee-days with approved
# catalogue work over the period, or those days cover less than MIN_COVERAGE of the days its
# holders were expected to work (e.g. most of the work is still unvalidated or logged as free text).
MIN_LOGGED_DAYS = 10
MIN_COVERAGE = 0.5
THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")  # 1.250: the dot groups thousands, Indonesian style

STATUS_KURANG = "kurang"
STATUS_LEBIH = "lebih"
STATUS_SEIMBANG = "seimbang"
STATUS_BELUM = "belum_dinilai"
STATUS_LABELS = {
    STATUS_KURANG: "Kurang",
    STATUS_LEBIH: "Lebih",
    STATUS_SEIMBANG: "Seimbang",
    STATUS_BELUM: "Belum dapat dinilai",
}


WHOLE_YEAR = 0  # the "month" of an analysis over the whole year


def period_bounds(year: int, month: int, today: date) -> tuple[date, date, str]:
    """The period chosen (a month, or the whole year with ``month`` 0), cut at yesterday."""
    if not (2000 <= year <= 2100 and 0 <= month <= 12):
        raise ValidationFailed({"period": "Pilih periode analisis."})
    first, last = (date(year, 1, 1), date(year, 12, 31)) if month == WHOLE_YEAR else month_bounds(year, month)
    label = f"Tahun {year}" if month == WHOLE_YEAR else month_label(year, month)
    last = min(last, today - timedelta(days=1))
    if last < first:
        raise ValidationFailed({"period": "Periode ini belum berjalan: pilih periode yang sudah lewat."})
    return first, last, label


def working_days_between(first: date, last: date, calendar: WorkCalendar) -> list[date]:
    """The working days from ``first`` to ``last`` inclusive, in order."""
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def days_within(days: Sequence[date], start: date, end: date | None) -> int:
    """How many of the sorted ``days`` fall from ``start`` to ``end`` (open end: to the last)."""
    lo = bisect_left(days, start)
    hi = len(days) if end is None else bisect_right(days, end)
    return max(0, hi - lo)


def incumbent_days(days: Sequence[date], spans: Iterable[tuple[date, date | None]]) -> int:
    """Working days held, summed over definitive assignments (start, end or None)."""
    return sum(days_within(days, start, end) for start, end in spans)


def annual_minutes(period_minutes: float, *, period_days: int, year_days: int) -> float:
    """The period's minutes at the same pace over a whole year of working days."""
    if period_days <= 0:
        return 0.0
    return period_minutes * year_days / period_days


def employees_needed(annual: float, *, effective_hours: int) -> float:
    return annual / (effective_hours * 60) if effective_hours > 0 else 0.0


def too_little_data(*, logged_days: int, held_days: int) -> bool:
    return logged_days < MIN_LOGGED_DAYS or held_days <= 0 or logged_days < MIN_COVERAGE * held_days


@dataclass(frozen=True)
class PositionWork:
    """What the database says about one jabatan over the period."""

    position_id: int
    name: str
    unit_id: int
    unit_name: str
    standard_minutes: float  # approved volume x standard minutes of catalogue work
    unstandardised: int  # approved activities without standard minutes (free text)
    logged_days: int  # employee-days with approved catalogue work
    held_days: int  # working days of the period its definitive holders held it


@dataclass(frozen=True)
class AbkLine:
    position_id: int
    name: str
    unit_id: int
    unit_name: str
    workload_hours: float  # per year
    needed: float
    holders: float  # full-time equivalents
    gap: float  # holders - needed
    status: str
    flags: tuple[str, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def assess(work: PositionWork, *, period_days: int, year_days: int, effective_hours: int) -> AbkLine:
    annual = annual_minutes(work.standard_minutes, period_days=period_days, year_days=year_days)
    needed = employees_needed(annual, effective_hours=effective_hours)
    holders = work.held_days / period_days if period_days > 0 else 0.0
    gap = holders - needed
    flags: list[str] = []
    if work.held_days <= 0:
        flags.append("Jabatan lowong selama periode ini.")
    if work.unstandardised:
        flags.append(f"{work.unstandardised} kegiatan tanpa waktu standar (tidak dihitung).")
    thin = too_little_data(logged_days=work.logged_days, held_days=work.held_days)
    if thin and work.held_days > 0:
        flags.append(f"Data terlalu sedikit untuk dinilai ({work.logged_days} hari-orang tercatat).")
    if thin:
        status = STATUS_BELUM
    elif gap <= -BALANCE_TOLERANCE:
        status = STATUS_KURANG
    elif gap >= BALANCE_TOLERANCE:
        status = STATUS_LEBIH
    else:
        status = STATUS_SEIMBANG
    return AbkLine(
        work.position_id, work.name, work.unit_id, work.unit_name, annual / 60, needed, holders, gap, status, tuple(flags)
    )


@dataclass(frozen=True)
class UnitTotal:
    unit_id: int
    unit_name: str
    needed: float
    holders: float


def unit_totals(lines: Iterable[AbkLine]) -> list[UnitTotal]:
    """Kebutuhan and pemangku summed per unit, in the order units first appear."""
    totals: dict[int, list] = {}
    for line in lines:
        entry = totals.setdefault(line.unit_id, [line.unit_name, 0.0, 0.0])
        entry[1] += line.needed
        entry[2] += line.holders
    return [UnitTotal(uid, name, needed, holders) for uid, (name, needed, holders) in totals.items()]


def read_effective_hours(raw: str) -> tuple[int | None, Errors]:
    """A whole number of hours, typed plainly (1250) or with a thousands dot (1.250); "100.0" is refused."""
    text = str(raw).strip()
    value = to_int(text.replace(".", "") if THOUSANDS.fullmatch(text) else text)
    if value is None or not MIN_EFFECTIVE_HOURS <= value <= MAX_EFFECTIVE_HOURS:
        return None, {
            "effective_hours": (
                f"Jam kerja efektif harus bilangan bulat {MIN_EFFECTIVE_HOURS}-{MAX_EFFECTIVE_HOURS} jam per tahun "
                f"(lazimnya {DEFAULT_EFFECTIVE_HOURS})."
            )
        }
    return value, {}
