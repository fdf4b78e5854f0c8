"""How records look on the pages, shared by the page states: plain dicts of strings (small to send
to the browser), the short day names, and the month and period pickers."""

from __future__ import annotations

import reflex as rx

from ekinerja.clock import local_today
from ekinerja.domain import activity_rules
from ekinerja.domain.dates import HARI, month_label
from ekinerja.domain.evaluation_period import period_label
from ekinerja.services import activities, dialog

HARI_SHORT = tuple(name[:3] for name in HARI)  # "Sen" ... "Min": the calendar's and the queue's day names


def day_short(day) -> str:
    """"Sel, 03-03-2026"."""
    return f"{HARI_SHORT[day.weekday()]}, {day:%d-%m-%Y}"


def activity_row(row: activities.ActivityRow) -> dict[str, str]:
    """An activity as the pages show it: strings only, small."""
    minutes = activity_rules.counted_minutes(row.status, approved_minutes=row.approved_minutes, effective_minutes=row.effective_minutes)
    return {
        "id": str(row.id),
        "employee": row.employee,
        "nip": row.nip,
        "date": f"{row.activity_date:%d-%m-%Y}",
        "time": f"{row.start}-{row.end}",
        "task": row.task,
        "output": f"{row.quantity} {row.unit}",
        "description": row.description,
        "rhk": row.rhk,
        "minutes": str(minutes or 0),
        "claimed": str(row.effective_minutes),
        "status": row.status,
        "reason": row.reason,
        "evidence": str(row.evidence_file_id or ""),
        "overdue": "ya" if row.overdue else "",
        # What the employee may do with the entry, said by the domain: the pages test these flags.
        "editable": "1" if activity_rules.editable(row.status) else "",
        "correctable": "1" if activity_rules.correctable(row.status) else "",
    }


def counts_summary(counts) -> list[dict[str, str]]:
    """The attendance tally as label/value pairs, for a summary grid."""
    items = [("Hadir", counts.days_present), ("Tanpa keterangan", counts.absent_without_reason)]
    items += [(f"TL{t}", counts.tl[t]) for t in (1, 2, 3, 4)] + [(f"PSW{t}", counts.psw[t]) for t in (1, 2, 3, 4)]
    return [{"label": label, "value": str(value)} for label, value in items]


def meeting_row(m: dialog.MeetingRow) -> dict[str, str]:
    """A dialog kinerja meeting as the pages show it."""
    return {
        "id": str(m.id), "held_on": m.held_on.isoformat(), "held": f"{m.held_on:%d-%m-%Y}", "topics": m.topics,
        "agreements": m.agreements, "follow_up_on": m.follow_up_on.isoformat() if m.follow_up_on else "",
        "follow_up": f"{m.follow_up_on:%d-%m-%Y}" if m.follow_up_on else "", "due": "1" if m.follow_up_due else "",
        "recorded_by": m.recorded_by,
    }


def month_options(today, count: int = 13) -> list[dict[str, str]]:
    """This month and the twelve before it, newest first: ``{"id": "2025-03", "label": "Maret 2025"}``."""
    year, month = today.year, today.month
    options = []
    for _ in range(count):
        options.append({"id": f"{year}-{month:02d}", "label": month_label(year, month)})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return options


def parse_month(value: str) -> tuple[int, int] | None:
    """``"2025-03"`` as (2025, 3); None for anything else."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


def period_options(kind: str, year: int) -> list[dict[str, str]]:
    """The evaluation periods of one kind in a year: ``{"id": "triwulanan:2026:1", ...}``."""
    count = {"bulanan": 12, "triwulanan": 4, "tahunan": 1}[kind]
    return [{"id": f"{kind}:{year}:{n}", "label": period_label(kind, n, year)} for n in range(1, count + 1)]


def parse_period(value: str) -> tuple[str, int, int] | None:
    """``"triwulanan:2026:1"`` as (kind, year, number); None for anything else."""
    kind, _, rest = value.partition(":")
    year, _, number = rest.partition(":")
    if kind not in ("bulanan", "triwulanan", "tahunan") or not year.isdigit() or not number.isdigit():
        return None
    return kind, int(year), int(number)


class MonthPickMixin(rx.State, mixin=True):
    """A month select over this month and the twelve before it."""

    month: str = ""
    months: list[dict[str, str]] = []

    def _pick_default_month(self, wanted: str | None = None) -> None:
        """Offer the months; ``wanted`` (by default the month already chosen) stays chosen when it is
        one, else this month is."""
        self.months = month_options(local_today())
        if wanted is not None:
            self.month = wanted
        if not parse_month(self.month):
            self.month = self.months[0]["id"]

    def _year_month(self) -> tuple[int, int]:
        return parse_month(self.month) or (local_today().year, local_today().month)

    def _set_month(self, value: str) -> bool:
        """Take a chosen month; False (and nothing changed) when it is not one."""
        if parse_month(value) is None:
            return False
        self.month = value
        return True
