"""Real agency months for the TPP, written straight into the database (issue 20).

March 2026 has 31 days and 22 working days (Monday-Friday, no holiday); February 2028 (a leap
year) is worked by a second instansi on a 6-day week with one regional holiday: 24 working days.
Every day present is on time (07.25-16.35) with 310 approved minutes; Plt/Plh appointments are a
Kepala Subbidang (eselon IV.a, kelas 9) acting as Kepala Bidang (eselon III.b, kelas 12).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from ekinerja.models import (
    Absence,
    AttendanceRecord,
    DailyActivity,
    Employee,
    Holiday,
    Position,
    PositionAssignment,
    WorkSettings,
)
from ekinerja.services.org import bump_org_revision
from tests.integration.factories import Org, make_employee, make_org, make_position, nip_for

TODAY = date(2028, 3, 15)  # after every scenario month (and after the Plt that runs into April 2026)
MARCH = (2026, 3)
LEAP_FEBRUARY = (2028, 2)
MINUTES_PER_DAY = 310
PPPK_NUMBER = "199503112023211004"  # NI PPPK layout: birth date, TMT year, 2, contract, gender, serial


def days(first: date, last: date, *, week: int = 5, holidays: Iterable[date] = ()) -> list[date]:
    off = set(holidays)
    found, day = [], first
    while day <= last:
        if day.weekday() < week and day not in off:
            found.append(day)
        day += timedelta(days=1)
    return found


@dataclass
class World:
    org: Org
    org6: Org  # the 6-day-week instansi
    kabid: Position
    kasubbid: Position
    analis: Position
    kasubbid6: Position


def world(db: Session) -> World:
    org = make_org(db)
    kabid = make_position(db, unit=org.opd, name="Kepala Bidang Mutasi", kind="struktural", kelas=12, eselon="III.b", reports_to=org.head)
    kasubbid = make_position(db, unit=org.opd, name="Kepala Subbidang Pengadaan", kind="struktural", kelas=9, eselon="IV.a", reports_to=kabid)
    analis = make_position(db, unit=org.opd, name="Analis SDM Aparatur Ahli Muda", kind="fungsional", kelas=9, reports_to=org.head)
    org6 = make_org(db, code="KAB", birth="19800101")
    kasubbid6 = make_position(db, unit=org6.opd, name="Kepala Subbagian Umum", kind="struktural", kelas=9, eselon="IV.a", reports_to=org6.head)
    db.add(WorkSettings(instansi_id=org6.instansi.id, days_per_week=6))
    db.add(Holiday(instansi_id=org6.instansi.id, day=date(2028, 2, 14), name="Hari Jadi Kabupaten", kind="libur_daerah"))
    db.commit()
    return World(org, org6, kabid, kasubbid, analis, kasubbid6)


def work(db: Session, employee: Employee, worked: Iterable[date], *, late: Iterable[date] = ()) -> None:
    """On time on every day in ``worked`` (45 minutes late on ``late`` days), 310 approved minutes each."""
    late = set(late)
    for day in worked:
        db.add(AttendanceRecord(employee_id=employee.id, day=day, check_in=time(8, 15) if day in late else time(7, 25), check_out=time(16, 35)))
        db.add(
            DailyActivity(
                employee_id=employee.id, activity_date=day, start_time=time(8, 0), end_time=time(13, 10), task_text="Layanan kepegawaian",
                quantity=Decimal(1), effective_minutes=MINUTES_PER_DAY, approved_minutes=MINUTES_PER_DAY, status="disetujui",
            )
        )


def _employee(db: Session, w: World, seq: int, name: str, position: Position | None = None, *, start: date | None = None, org: Org | None = None) -> Employee:
    org = org or w.org
    kwargs = {"start": start} if start else {}
    return make_employee(db, position=position or org.staff, nip=nip_for(seq, birth=org.admin.nip[:8]), name=name, **kwargs)


def _march() -> list[date]:
    return days(date(2026, 3, 1), date(2026, 3, 31))


def full_month(db: Session, w: World) -> Employee:
    person = _employee(db, w, 10, "Sebulan Penuh")
    work(db, person, _march())
    return person


def cuti_tahunan_20(db: Session, w: World) -> Employee:
    person = _employee(db, w, 11, "Cuti Tahunan")
    db.add(Absence(employee_id=person.id, kind="cuti_tahunan", start_date=date(2026, 3, 2), end_date=date(2026, 3, 27), created_by_id=w.org.admin.id))
    work(db, person, [date(2026, 3, 30), date(2026, 3, 31)])
    return person


def start_on_16th(db: Session, w: World) -> Employee:
    person = _employee(db, w, 12, "Pegawai Baru", start=date(2026, 3, 16))
    work(db, person, [d for d in _march() if d.day >= 16])
    return person


def mutasi_on_16th(db: Session, w: World) -> Employee:
    person = _employee(db, w, 13, "Pegawai Mutasi")
    held = db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == person.id)).one()
    held.end_date = date(2026, 3, 15)
    db.add(held)
    db.add(PositionAssignment(employee_id=person.id, position_id=w.analis.id, start_date=date(2026, 3, 16)))
    bump_org_revision(db)
    work(db, person, _march())
    return person


def _plt(db: Session, w: World, seq: int, name: str, end: date) -> Employee:
    person = _employee(db, w, seq, name, w.kasubbid)
    db.add(PositionAssignment(employee_id=person.id, position_id=w.kabid.id, kind="plt", start_date=date(2026, 3, 2), end_date=end))
    bump_org_revision(db)
    work(db, person, _march())
    return person


def plt_10_working_days(db: Session, w: World) -> Employee:
    return _plt(db, w, 14, "Plt Sepuluh Hari", date(2026, 3, 13))


def plt_25_working_days(db: Session, w: World) -> Employee:
    return _plt(db, w, 15, "Plt Dua Puluh Lima Hari", date(2026, 4, 3))


def absent_whole_month(db: Session, w: World) -> Employee:
    return _employee(db, w, 16, "Tidak Pernah Hadir")


def leap_february(db: Session, w: World) -> Employee:
    person = _employee(db, w, 17, "Kabisat", w.kasubbid6, org=w.org6)
    work(db, person, days(date(2028, 2, 1), date(2028, 2, 29), week=6, holidays=[date(2028, 2, 14)]))
    return person


def pppk_paid(db: Session, w: World) -> Employee:
    """A PPPK on the staff post: two days 45 minutes late and one day absent without a reason."""
    person = _employee(db, w, 18, "Pegawai PPPK")
    person.nip, person.status = PPPK_NUMBER, "PPPK"
    db.add(person)
    march = _march()
    work(db, person, [d for d in march if d != date(2026, 3, 10)], late=[date(2026, 3, 4), date(2026, 3, 5)])
    return person


# name -> (builder, (year, month))
SCENARIOS: dict[str, tuple[Callable[[Session, World], Employee], tuple[int, int]]] = {
    "full_month": (full_month, MARCH),
    "cuti_tahunan_20_days": (cuti_tahunan_20, MARCH),
    "start_on_16th": (start_on_16th, MARCH),
    "mutasi_on_16th": (mutasi_on_16th, MARCH),
    "plt_up_10_working_days": (plt_10_working_days, MARCH),
    "plt_up_25_working_days": (plt_25_working_days, MARCH),
    "absent_whole_month": (absent_whole_month, MARCH),
    "leap_february_6_day_week": (leap_february, LEAP_FEBRUARY),
    "pppk_paid": (pppk_paid, MARCH),
}


def build_all(db: Session) -> tuple[World, dict[str, tuple[Employee, tuple[int, int]]]]:
    w = world(db)
    built = {name: (builder(db, w), period) for name, (builder, period) in SCENARIOS.items()}
    db.commit()
    return w, built
