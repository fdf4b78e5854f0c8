"""Rules of the daily work log (kegiatan harian), pure: no Reflex, no database.

Whatever a rule needs from the database (the agency's calendar, the catalogue
item's standard minutes, the day's other entries, delegations) the caller looks
up and passes in. Messages are in plain Bahasa Indonesia, for the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from ekinerja.domain.statuses import ActivityStatus
from ekinerja.domain.validation import Errors, read_date, read_ref, read_text, read_time, validated

MAX_QUANTITY = Decimal(9999)
MAX_SEARCH_DAYS = 400  # a bound on calendar walks, far beyond any sane entry window


# Calendar


@dataclass(frozen=True)
class WorkCalendar:
    """One employee's working days: the agency's week and holidays, plus their duty days."""

    days_per_week: int = 5  # 5: Monday-Friday; 6: Monday-Saturday
    holidays: frozenset[date] = frozenset()
    duty_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.duty_days:
            return True
        return day.weekday() < self.days_per_week and day not in self.holidays


def working_days_after(day: date, today: date, calendar: WorkCalendar) -> int:
    """How many working days lie after ``day`` up to and including ``today``."""
    count = 0
    current = day + timedelta(days=1)
    while current <= today and count <= MAX_SEARCH_DAYS:
        count += calendar.is_working_day(current)
        current += timedelta(days=1)
    return count


def earliest_entry_date(today: date, calendar: WorkCalendar, window: int) -> date:
    """The oldest working day still open for entries: ``window`` working days back from today."""
    day = first_day_in_time(today, calendar, window)
    while day < today and not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def entry_date_problem(day: date, *, today: date, calendar: WorkCalendar, window: int, atasan: str = "") -> str | None:
    """Why ``day`` cannot take entries now, or None when it can; ``atasan`` names whom to ask for a duty day."""
    if day > today:
        return "Tanggal kegiatan tidak boleh di masa depan."
    if not calendar.is_working_day(day):
        ask = f"atasan Anda ({atasan})" if atasan else "atasan Anda"
        return (
            f"{day:%d-%m-%Y} bukan hari kerja (akhir pekan atau hari libur). "
            "Kegiatan di hari libur hanya bisa dicatat bila Anda ditugaskan piket/dinas pada hari itu: "
            f"mintalah {ask} mencatat tugas piket Anda di Input Pimpinan."
        )
    if working_days_after(day, today, calendar) > window:
        return (
            f"Batas pengisian sudah lewat: kegiatan hanya dapat dicatat paling lambat {window} hari kerja "
            f"setelah tanggalnya (paling awal {earliest_entry_date(today, calendar, window):%d-%m-%Y})."
        )
    return None


def is_overdue(activity_date: date, *, today: date, calendar: WorkCalendar, window: int) -> bool:
    """A pending item waits too long once its own entry window has closed."""
    return working_days_after(activity_date, today, calendar) > window


def first_day_in_time(today: date, calendar: WorkCalendar, window: int) -> date:
    """The oldest day whose pending items are not overdue: ``is_overdue(day)`` exactly when ``day`` is
    before it. One walk back from today for a whole queue, instead of one walk forward per day."""
    day, after = today, 0  # ``after``: working days after ``day`` up to today
    for _ in range(MAX_SEARCH_DAYS):
        after_previous = after + calendar.is_working_day(day)  # the day before has ``day`` after it too
        if after_previous > window:
            break
        day, after = day - timedelta(days=1), after_previous
    return day


def previous_working_day(day: date, calendar: WorkCalendar) -> date | None:
    current = day - timedelta(days=1)
    for _ in range(MAX_SEARCH_DAYS):
        if calendar.is_working_day(current):
            return current
        current -= timedelta(days=1)
    return None


# Minutes


def span_minutes(start: time, end: time) -> int:
    """Minutes from start to end on one day; zero or less when end is not after start."""
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def effective_minutes(*, start: time, end: time, quantity: Decimal, standard_minutes: int | None) -> int:
    """Quantity x standard minutes, never more than the time spent; a free-text task counts its time."""
    span = max(0, span_minutes(start, end))
    if standard_minutes is None:
        return span
    produced = (quantity * standard_minutes).to_integral_value(rounding=ROUND_FLOOR)
    return int(min(Decimal(span), max(Decimal(0), produced)))


def overlapping(start: time, end: time, others: Iterable[tuple[time, time]]) -> tuple[time, time] | None:
    """The first other interval sharing time with [start, end); touching ends do not overlap."""
    for other_start, other_end in others:
        if start < other_end and other_start < end:
            return other_start, other_end
    return None


# The entry form


@dataclass(frozen=True)
class ActivityForm:
    activity_date: str = ""
    start_time: str = ""
    end_time: str = ""
    catalog_item_id: str = ""
    task_text: str = ""
    quantity: str = ""
    description: str = ""
    rhk_id: str = ""
    task_assignee_id: str = ""


@dataclass(frozen=True)
class ActivityData:
    activity_date: date
    start_time: time
    end_time: time
    catalog_item_id: int | None
    task_text: str
    quantity: Decimal
    description: str
    rhk_id: int | None
    task_assignee_id: int | None
    effective_minutes: int


@dataclass(frozen=True)
class DayEntry:
    """Another entry of the same employee on the same day (rejected ones are left out by the caller)."""

    start: time
    end: time
    minutes: int


@dataclass(frozen=True)
class EntryContext:
    """What the database says about the form's choices, looked up by the caller."""

    today: date
    calendar: WorkCalendar
    window: int
    daily_max: int
    catalog_minutes: Mapping[int, int]  # active catalogue items of the employee's jabatan -> standard minutes
    rhk_ids: frozenset[int]  # RHKs of the employee's approved SKP covering the date
    task_assignee_ids: frozenset[int]  # the employee's own open task assignments
    same_day: Sequence[DayEntry]
    atasan: str = ""  # who assigns duty days, named when the date is not a working day


def parse_quantity(errors: Errors, field: str, raw: str) -> Decimal | None:
    value = raw.strip().replace(",", ".")
    if not value:
        errors[field] = "Jumlah hasil wajib diisi."
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors[field] = f"Jumlah hasil harus berupa angka (yang diisi: {raw.strip()})."
        return None
    if not number.is_finite() or number <= 0:
        errors[field] = "Jumlah hasil harus lebih dari 0."
    elif number > MAX_QUANTITY:
        errors[field] = f"Jumlah hasil maksimal {MAX_QUANTITY:,} per kegiatan; pecah menjadi beberapa kegiatan.".replace(",", ".")
    elif number != number.quantize(Decimal("0.01")):
        errors[field] = "Jumlah hasil paling banyak dua angka di belakang koma."
    else:
        return number
    return None


def _fmt_minutes(minutes: int) -> str:
    return f"{minutes // 60} jam {minutes % 60} menit" if minutes >= 60 else f"{minutes} menit"


def validate_activity(form: ActivityForm, context: EntryContext) -> tuple[ActivityData | None, Errors]:
    """Every rule of one day's entry; field name -> message for each problem."""
    errors: Errors = {}
    day = read_date(errors, "activity_date", form.activity_date, label="Tanggal kegiatan", required=True)
    if day is not None and (problem := entry_date_problem(
        day, today=context.today, calendar=context.calendar, window=context.window, atasan=context.atasan
    )):
        errors["activity_date"] = problem
    start = read_time(errors, "start_time", form.start_time, label="Jam mulai", required=True)
    end = read_time(errors, "end_time", form.end_time, label="Jam selesai", required=True)
    if start is not None and end is not None and end <= start:
        errors["end_time"] = "Jam selesai harus setelah jam mulai, pada hari yang sama (tidak melewati tengah malam)."
    catalog_id = read_ref(errors, "catalog_item_id", form.catalog_item_id, label="Uraian tugas", required=False)
    task_text = read_text(errors, "task_text", form.task_text, label="Uraian kegiatan", max_len=300, required=False)
    standard = None
    if catalog_id is not None and "catalog_item_id" not in errors:
        standard = context.catalog_minutes.get(catalog_id)
        if standard is None:
            errors["catalog_item_id"] = "Uraian tugas tidak ada di katalog aktif jabatan Anda."
    elif catalog_id is None and not task_text and "task_text" not in errors and "catalog_item_id" not in errors:
        errors["catalog_item_id"] = "Pilih uraian tugas dari katalog, atau tulis uraian kegiatan sendiri."
    quantity = parse_quantity(errors, "quantity", form.quantity)
    description = read_text(
        errors, "description", form.description, label="Keterangan", max_len=2000, required=False, multiline=True
    )
    rhk_id = read_ref(errors, "rhk_id", form.rhk_id, label="RHK", required=False)
    if rhk_id is not None and "rhk_id" not in errors and rhk_id not in context.rhk_ids:
        errors["rhk_id"] = "RHK tidak termasuk SKP Anda yang disetujui untuk tanggal tersebut."
    task_id = read_ref(errors, "task_assignee_id", form.task_assignee_id, label="Tugas atasan", required=False)
    if task_id is not None and "task_assignee_id" not in errors and task_id not in context.task_assignee_ids:
        errors["task_assignee_id"] = "Tugas tersebut tidak ditujukan kepada Anda atau sudah selesai."
    minutes = 0
    if start is not None and end is not None and "end_time" not in errors:
        if clash := overlapping(start, end, ((e.start, e.end) for e in context.same_day)):
            errors["start_time"] = (
                f"Waktu bertabrakan dengan kegiatan lain pada hari itu ({clash[0]:%H:%M}-{clash[1]:%H:%M})."
            )
        elif quantity is not None:
            minutes = effective_minutes(start=start, end=end, quantity=quantity, standard_minutes=standard)
            used = sum(e.minutes for e in context.same_day)
            if used + minutes > context.daily_max:
                errors["end_time"] = (
                    f"Melebihi batas {_fmt_minutes(context.daily_max)} per hari: sudah tercatat "
                    f"{_fmt_minutes(used)}, kegiatan ini {_fmt_minutes(minutes)}."
                )
    cleaned = ActivityData(
        activity_date=day or context.today,
        start_time=start or time(0),
        end_time=end or time(0),
        catalog_item_id=catalog_id,
        task_text=task_text if catalog_id is None else "",
        quantity=quantity or Decimal(0),
        description=description,
        rhk_id=rhk_id,
        task_assignee_id=task_id,
        effective_minutes=minutes,
    )
    return validated(cleaned, errors)


# Decisions


def editable(status: str) -> bool:
    """The employee changes or deletes an entry only while it waits for the atasan's decision."""
    return status == ActivityStatus.DIAJUKAN


def correctable(status: str) -> bool:
    """A rejected entry is corrected as a new entry (a copy of it); an approved one is final."""
    return status == ActivityStatus.DITOLAK


def decidable(status: str) -> bool:
    """The atasan (or their delegate) decides an entry once, while it waits."""
    return status == ActivityStatus.DIAJUKAN


def counted_minutes(status: str, *, approved_minutes: int | None, effective_minutes: int) -> int | None:
    """The minutes an entry stands for: what the atasan approved once decided, what was entered before."""
    return approved_minutes if status == ActivityStatus.DISETUJUI else effective_minutes


@dataclass(frozen=True)
class DelegationSpan:
    atasan_id: int
    delegate_id: int
    start: date
    end: date
    revoked: bool = False

    def covers(self, day: date) -> bool:
        return not self.revoked and self.start <= day <= self.end


def acting_for(
    validator_id: int, *, employee_id: int, atasan_id: int | None, delegations: Iterable[DelegationSpan], on: date
) -> int | None:
    """On whose behalf ``validator_id`` may decide an activity of ``employee_id``: the atasan of
    record themselves, or the atasan a covering delegation stands in for. None: not allowed.

    Nobody validates their own work, even as someone's delegate.
    """
    if atasan_id is None or validator_id == employee_id:
        return None
    if validator_id == atasan_id:
        return atasan_id
    for span in delegations:
        if span.atasan_id == atasan_id and span.delegate_id == validator_id and span.covers(on):
            return atasan_id
    return None


def month_status_note(*, approved: int, pending: int, pending_minutes: int, atasan: str) -> str:
    """What an employee's month still waits for, and what to do about it ("" when nothing waits)."""
    if pending:
        who = f"atasan Anda ({atasan})" if atasan else "atasan Anda"
        minutes = f"{pending_minutes:,}".replace(",", ".")
        return (
            f"{pending} kegiatan ({minutes} menit) masih menunggu validasi {who}; menitnya dihitung "
            "setelah disetujui. Bila sudah lama, ingatkan atasan Anda."
        )
    if not approved:
        return "Belum ada kegiatan bulan ini. Catat kegiatan Anda di menu Kegiatan Harian."
    return ""


def read_approved_minutes(raw: str) -> tuple[int | None, str | None]:
    """The minutes an atasan approves, as typed: a whole, non-negative number, or why not."""
    value = raw.strip()
    if not value:
        return None, "Isi menit yang disetujui."
    if re.fullmatch(r"[-\u2212]\s*[0-9]+([.,][0-9]+)?", value):
        return None, f"Menit yang disetujui tidak boleh negatif (yang diisi: {value}); isi 0 atau lebih."
    if not re.fullmatch(r"[0-9]{1,6}", value):
        return None, f"Menit yang disetujui harus bilangan bulat, tanpa koma atau huruf (yang diisi: {value})."
    return int(value), None


def decision_problem(*, reason: str, approved_minutes: int | None, effective: int, reject: bool) -> str | None:
    """Why a decision is incomplete: a rejection and a cut both need a reason; a cut stays within the claim."""
    text = reason.strip()
    if reject:
        return None if text else "Alasan penolakan wajib diisi."
    if approved_minutes is None:
        return None
    if approved_minutes < 0 or approved_minutes > effective:
        return f"Menit yang disetujui paling banyak {effective}, yaitu menit yang diajukan pegawai (yang diisi: {approved_minutes})."
    if approved_minutes < effective and not text:
        return "Alasan wajib diisi bila menit yang disetujui dikurangi."
    return None
