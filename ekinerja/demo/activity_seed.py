"""Demo kegiatan harian: a catalogue per jabatan, the work calendar and recent entries.

Deterministic (fixed random seed) and fast: rows go in with bulk inserts. Every jabatan of
the instansi has a catalogue. Entries are made for every pegawai of the demo OPD (Diskominfo)
on the working days of the last three months before ``today``, and for the pegawai of the
other OPDs since the first of the previous month (fewer, larger entries a day, to keep the
seed fast), so the Analisis Organisasi page has every OPD to compare. Each OPD has its own
habits (how often a day goes unlogged, how quickly the atasan validates), so the units rank
apart. Today stays empty so demo users (and browser tests) can enter their own. Recent days
wait for validation, older ones are mostly approved, a few rejected with a reason, a few
approved with fewer minutes; a few entries are free-text tasks outside the catalogue (no
standard minutes), which the ABK flags.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from ekinerja.domain.activity_rules import WorkCalendar, is_overdue
from ekinerja.domain.statuses import ActivityStatus, SkpStatus
from ekinerja.models import (
    ActivityCatalogItem,
    DailyActivity,
    Employee,
    Holiday,
    OrgUnit,
    Position,
    PositionAssignment,
    Rhk,
    Skp,
    WorkSettings,
)
from ekinerja.services.org import load_snapshot

SEED = 7304
DEMO_OPD_CODE = "SULSEL-DISKOMINFO"
DEMO_TIMEZONE = "Asia/Makassar"  # Sulawesi Selatan keeps WITA (UTC+8)
HISTORY_DAYS = 92
DAY_START = time(7, 30)
DAILY_CAP = 420  # under the default maximum of 450 minutes a day
FREE_TEXT_SHARE = 0.04
FREE_TEXT_TASKS = (
    "Mendampingi kunjungan kerja pimpinan",
    "Menyiapkan bahan paparan mendadak untuk pimpinan",
    "Mengikuti apel/upacara hari besar",
    "Membantu panitia kegiatan lintas bidang",
)

# SKB 3 Menteri: libur nasional (L) and cuti bersama (C). Years not listed get the fixed-date holidays.
HOLIDAYS = {
    2025: (
        ("01-01", "Tahun Baru Masehi", "L"), ("01-27", "Isra Mikraj Nabi Muhammad SAW", "L"),
        ("01-28", "Cuti Bersama Tahun Baru Imlek", "C"), ("01-29", "Tahun Baru Imlek", "L"),
        ("03-28", "Cuti Bersama Hari Suci Nyepi", "C"), ("03-29", "Hari Suci Nyepi", "L"),
        ("03-31", "Idul Fitri 1446 H", "L"), ("04-01", "Idul Fitri 1446 H", "L"),
        ("04-02", "Cuti Bersama Idul Fitri", "C"), ("04-03", "Cuti Bersama Idul Fitri", "C"),
        ("04-04", "Cuti Bersama Idul Fitri", "C"), ("04-07", "Cuti Bersama Idul Fitri", "C"),
        ("04-18", "Wafat Yesus Kristus", "L"), ("04-20", "Kebangkitan Yesus Kristus (Paskah)", "L"),
        ("05-01", "Hari Buruh Internasional", "L"), ("05-12", "Hari Raya Waisak", "L"),
        ("05-13", "Cuti Bersama Waisak", "C"), ("05-29", "Kenaikan Yesus Kristus", "L"),
        ("05-30", "Cuti Bersama Kenaikan Yesus Kristus", "C"), ("06-01", "Hari Lahir Pancasila", "L"),
        ("06-06", "Idul Adha 1446 H", "L"), ("06-09", "Cuti Bersama Idul Adha", "C"),
        ("06-27", "Tahun Baru Islam 1447 H", "L"), ("08-17", "Hari Kemerdekaan RI", "L"),
        ("08-18", "Cuti Bersama Hari Kemerdekaan", "C"), ("09-05", "Maulid Nabi Muhammad SAW", "L"),
        ("12-25", "Hari Raya Natal", "L"), ("12-26", "Cuti Bersama Natal", "C"),
    ),
    2026: (
        ("01-01", "Tahun Baru Masehi", "L"), ("01-16", "Isra Mikraj Nabi Muhammad SAW", "L"),
        ("02-16", "Cuti Bersama Tahun Baru Imlek", "C"), ("02-17", "Tahun Baru Imlek", "L"),
        ("03-18", "Cuti Bersama Hari Suci Nyepi", "C"), ("03-19", "Hari Suci Nyepi", "L"),
        ("03-20", "Idul Fitri 1447 H", "L"), ("03-21", "Idul Fitri 1447 H", "L"),
        ("03-23", "Cuti Bersama Idul Fitri", "C"), ("03-24", "Cuti Bersama Idul Fitri", "C"),
        ("04-03", "Wafat Yesus Kristus", "L"), ("04-05", "Kebangkitan Yesus Kristus (Paskah)", "L"),
        ("05-01", "Hari Buruh Internasional", "L"), ("05-14", "Kenaikan Yesus Kristus", "L"),
        ("05-15", "Cuti Bersama Kenaikan Yesus Kristus", "C"), ("05-27", "Idul Adha 1447 H", "L"),
        ("05-28", "Cuti Bersama Idul Adha", "C"), ("05-31", "Hari Raya Waisak", "L"),
        ("06-01", "Hari Lahir Pancasila", "L"), ("06-16", "Tahun Baru Islam 1448 H", "L"),
        ("08-17", "Hari Kemerdekaan RI", "L"), ("08-25", "Maulid Nabi Muhammad SAW", "L"),
        ("12-24", "Cuti Bersama Natal", "C"), ("12-25", "Hari Raya Natal", "L"),
    ),
}
FIXED_HOLIDAYS = (
    ("01-01", "Tahun Baru Masehi", "L"), ("05-01", "Hari Buruh Internasional", "L"),
    ("06-01", "Hari Lahir Pancasila", "L"), ("08-17", "Hari Kemerdekaan RI", "L"), ("12-25", "Hari Raya Natal", "L"),
)

# (uraian tugas, satuan hasil, menit per satuan): by a keyword of the jabatan's name.
CATALOG_BY_KEYWORD = {
    "Kepala": (
        ("Memimpin rapat koordinasi unit kerja", "kegiatan", 90),
        ("Memberikan disposisi dan arahan atas surat masuk", "surat", 10),
        ("Memeriksa dan memaraf konsep naskah dinas", "naskah", 15),
        ("Mengevaluasi capaian kinerja bawahan", "laporan", 60),
        ("Menyusun laporan kinerja bulanan unit", "laporan", 120),
        ("Menghadiri rapat/undangan instansi lain", "kegiatan", 120),
        ("Memvalidasi kegiatan harian bawahan", "kegiatan", 20),
    ),
    "Pranata Komputer": (
        ("Mengembangkan modul aplikasi", "modul", 240),
        ("Melakukan pengujian fungsional aplikasi", "skenario uji", 45),
        ("Memperbaiki galat (bug) aplikasi", "tiket", 60),
        ("Memelihara server dan basis data", "kegiatan", 90),
        ("Menyusun dokumentasi teknis sistem", "dokumen", 120),
        ("Memberikan pendampingan pengguna aplikasi", "layanan", 30),
    ),
    "Statistisi": (
        ("Mengumpulkan data statistik sektoral", "set data", 90),
        ("Mengolah dan memvalidasi data statistik", "tabel", 60),
        ("Menyusun publikasi/infografis statistik", "publikasi", 180),
    ),
    "Sandiman": (
        ("Melakukan pengamanan informasi persandian", "kegiatan", 90),
        ("Mengelola sertifikat elektronik", "sertifikat", 20),
        ("Melakukan penilaian keamanan sistem elektronik", "laporan", 180),
    ),
    "Pranata Humas": (
        ("Menyusun naskah rilis berita", "naskah", 60),
        ("Mengelola konten media sosial instansi", "konten", 30),
        ("Mendokumentasikan kegiatan pimpinan", "kegiatan", 120),
    ),
}
GENERIC_CATALOG = (
    ("Mengagendakan dan mengarsipkan surat", "surat", 10),
    ("Menginput dan memutakhirkan data", "berkas", 15),
    ("Menyusun konsep naskah dinas", "naskah", 45),
    ("Menyiapkan bahan rapat", "paket", 60),
    ("Menyusun laporan kegiatan", "laporan", 90),
    ("Melayani permintaan informasi/data", "layanan", 20),
    ("Mengikuti rapat/koordinasi", "kegiatan", 120),
)
REJECT_REASONS = (
    "Uraian terlalu umum; sebutkan hasil kerjanya secara spesifik.",
    "Kegiatan ini sudah dilaporkan pada hari sebelumnya.",
    "Jumlah hasil tidak sesuai dengan bukti yang ada.",
    "Waktu kegiatan bertepatan dengan apel/rapat yang tidak Anda hadiri.",
)
PARTIAL_REASONS = (
    "Sebagian hasil belum selesai; menit disesuaikan.",
    "Volume dokumen lebih sedikit dari yang dilaporkan.",
)
DESCRIPTIONS = ("", "", "Selesai sesuai jadwal.", "Dikoordinasikan dengan rekan satu seksi.", "Menindaklanjuti arahan pimpinan.")


def holidays_for(year: int) -> tuple[tuple[str, str, str], ...]:
    return HOLIDAYS.get(year, FIXED_HOLIDAYS)


def _catalog_entries(position_name: str) -> tuple[tuple[str, str, int], ...]:
    for keyword, entries in CATALOG_BY_KEYWORD.items():
        if keyword in position_name:
            return entries + (GENERIC_CATALOG[:3] if keyword != "Kepala" else ())
    return GENERIC_CATALOG


@dataclass(frozen=True)
class Habits:
    """How an OPD logs and validates: the demo's units differ so their ranking means something."""

    skip: float  # share of working days left unlogged
    entries: tuple[int, int]  # entries a day, fewest and most
    decide_days: tuple[int, int]  # days the atasan takes to decide
    start: date


def opd_habits(opd_code: str, index: int, today: date) -> Habits:
    """Diskominfo (the demo OPD): three months, careful; the others since last month, each its own way."""
    if opd_code == DEMO_OPD_CODE:
        return Habits(0.04, (3, 5), (1, 3), today - timedelta(days=HISTORY_DAYS))
    previous = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return Habits(0.02 + 0.025 * (index % 5), (2, 3), (1, 2 + index % 5), previous)


def seed_activities(session: Session, *, accounts: Any, today: date) -> None:
    """``accounts`` is the seed's DemoAccounts."""
    rng = random.Random(SEED)
    instansi = session.exec(select(OrgUnit).where(OrgUnit.level == "instansi")).first()
    opd = session.exec(select(OrgUnit).where(OrgUnit.code == DEMO_OPD_CODE)).first()
    if instansi is None or opd is None:
        return
    session.add(WorkSettings(instansi_id=instansi.id, timezone=DEMO_TIMEZONE, updated_by_id=accounts.admin.employee_id))
    start = today - timedelta(days=HISTORY_DAYS)
    holidays = _insert_holidays(session, instansi.id, years=range(start.year, today.year + 2))
    calendar = WorkCalendar(5, frozenset(holidays))
    snapshot = load_snapshot(session, on=today)
    catalog = _insert_catalog(session, snapshot, instansi.id)
    habits = {
        unit.id: opd_habits(unit.code, index, today)
        for index, unit in enumerate(session.exec(select(OrgUnit).where(OrgUnit.level == "opd").order_by(OrgUnit.code)))
    }
    rhks = _approved_rhks(session)
    # Entries start when the current jabatan does: a catalogue item belongs to the jabatan.
    since = dict(session.exec(
        select(PositionAssignment.employee_id, PositionAssignment.start_date)
        .where(PositionAssignment.kind == "definitif", PositionAssignment.end_date.is_(None))
    ).all())
    rows: list[dict[str, Any]] = []
    for employee_id in session.exec(select(Employee.id).order_by(Employee.id)):
        holding = snapshot.definitive_position(employee_id)
        items = catalog.get(holding.position_id) if holding else None
        atasan = snapshot.atasan_of(employee_id)
        if not items or atasan is None:
            continue
        habit = next((habits[u] for u in _chain(snapshot.unit_of_position[holding.position_id], snapshot.parent_of_unit) if u in habits), None)
        if habit is None:
            continue
        day = max(habit.start, since.get(employee_id, habit.start))
        while day < today:
            if calendar.is_working_day(day) and rng.random() > habit.skip:  # a few days of leave
                rows.extend(_day_rows(rng, employee_id, atasan.employee_id, day, items, rhks.get(employee_id, []), today, calendar, habit))
            day += timedelta(days=1)
    if rows:
        # The table, not the entity: a plain executemany in large batches (the ORM path splits
        # the rows into thousands of small batches whenever their missing values differ).
        session.execute(insert(DailyActivity.__table__), rows)
    session.flush()


def _insert_holidays(session: Session, instansi_id: int, *, years: range) -> list[date]:
    days = []
    rows = []
    for year in years:
        for month_day, name, kind in holidays_for(year):
            day = date.fromisoformat(f"{year}-{month_day}")
            days.append(day)
            rows.append({"instansi_id": instansi_id, "day": day, "name": name, "kind": "cuti_bersama" if kind == "C" else "libur_nasional"})
    session.execute(insert(Holiday), rows)
    return days


def _insert_catalog(session: Session, snapshot, instansi_id: int) -> dict[int, list[tuple[int, int]]]:
    """Catalogue items for every jabatan of the instansi: position id -> [(item id, minutes)]."""
    units = {uid for uid in snapshot.parent_of_unit if instansi_id in _chain(uid, snapshot.parent_of_unit)}
    positions = session.exec(select(Position).where(Position.unit_id.in_(units))).all()
    rows = [
        {"position_id": p.id, "name": name, "output_unit": unit, "standard_minutes": minutes, "active": True}
        for p in positions
        for name, unit, minutes in _catalog_entries(p.name)
    ]
    if rows:
        session.execute(insert(ActivityCatalogItem), rows)
    found: dict[int, list[tuple[int, int]]] = {}
    for item in session.exec(select(ActivityCatalogItem).where(ActivityCatalogItem.position_id.in_([p.id for p in positions]))):
        found.setdefault(item.position_id, []).append((item.id, item.standard_minutes))
    return found


def _chain(unit_id: int, parent_of: dict) -> list[int]:
    chain, current = [], unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parent_of.get(current)
    return chain


def _approved_rhks(session: Session) -> dict[int, list[int]]:
    """RHKs of approved SKPs, when an SKP seed ran before this one."""
    found: dict[int, list[int]] = {}
    for employee_id, rhk_id in session.exec(select(Skp.employee_id, Rhk.id).join(Rhk, Rhk.skp_id == Skp.id).where(Skp.status == SkpStatus.DISETUJUI)):
        found.setdefault(employee_id, []).append(rhk_id)
    return found


def _day_rows(rng, employee_id, atasan_id, day, items, rhks, today, calendar, habit: Habits) -> list[dict[str, Any]]:
    rows = []
    clock = datetime.combine(day, DAY_START)
    end_of_day = datetime.combine(day, time(16, 0))
    pending = not is_overdue(day, today=today, calendar=calendar, window=3)
    total = 0
    count = rng.randint(*habit.entries)
    for _ in range(count):
        item_id, minutes = rng.choice(items)
        quantity = max(1, min(6, round(rng.uniform(60, 150) * 4 / count / minutes)))
        span = min(quantity * minutes, 240)
        free_text = rng.random() < FREE_TEXT_SHARE
        if free_text:  # outside the catalogue: its time counts as spent, no standard minutes
            item_id, quantity, span = None, 1, rng.choice((30, 60, 90))
        finish = clock + timedelta(minutes=span)
        effective = min(span, quantity * minutes) if not free_text else span
        if finish > end_of_day or total + effective > DAILY_CAP:
            break
        total += effective
        created = datetime.combine(day, time(16, 30), tzinfo=UTC) - timedelta(hours=8)
        row = {
            "employee_id": employee_id, "activity_date": day, "start_time": clock.time(), "end_time": finish.time(),
            "catalog_item_id": item_id, "task_text": rng.choice(FREE_TEXT_TASKS) if free_text else "", "quantity": Decimal(quantity),
            "description": rng.choice(DESCRIPTIONS), "rhk_id": rng.choice(rhks) if rhks else None,
            "task_assignee_id": None, "evidence_file_id": None, "effective_minutes": effective,
            "approved_minutes": None, "status": ActivityStatus.DIAJUKAN, "decision_reason": "", "decided_by_id": None,
            "decided_for_id": None, "decided_at": None, "created_at": created, "updated_at": created,
        }
        roll = rng.random()
        if not pending and roll > 0.02:  # a few stay pending past the window: overdue for the atasan
            decided = created + timedelta(days=rng.randint(*habit.decide_days))
            row.update(decided_by_id=atasan_id, decided_for_id=atasan_id, decided_at=decided, updated_at=decided)
            if roll < 0.07:
                row.update(status=ActivityStatus.DITOLAK, decision_reason=rng.choice(REJECT_REASONS))
            elif roll < 0.11:
                row.update(status=ActivityStatus.DISETUJUI, approved_minutes=effective * 3 // 4, decision_reason=rng.choice(PARTIAL_REASONS))
            else:
                row.update(status=ActivityStatus.DISETUJUI, approved_minutes=effective)
        rows.append(row)
        clock = finish + timedelta(minutes=rng.choice((0, 10, 15, 30)))
    return rows
