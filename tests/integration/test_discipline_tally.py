"""The database's tally of the month (services.attendance.discipline_counts, what TPP pays on)
against the day-by-day classification in Python (discipline_inputs), on a varied organisation."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from ekinerja.clock import local_today
from ekinerja.domain.dates import month_bounds
from ekinerja.models import Absence, AttendanceRecord, DutyDay, Holiday, PositionAssignment, WorkingHours, WorkSettings
from ekinerja.services import attendance
from ekinerja.services.org import bump_org_revision
from tests.integration.factories import make_employee, make_org, make_position, nip_for

KINDS = ("cuti_tahunan", "sakit", "dinas_luar", "cuti_luar_tanggungan")


def _around(moment: time, rng: random.Random) -> time:
    """A time near ``moment``, often right at a tier boundary, with seconds and microseconds now and then."""
    minutes = rng.choice((-20, -1, 0, 1, 29, 30, 31, 59, 60, 61, 89, 90, 91, 200, rng.randint(-60, 120)))
    shifted = datetime.combine(date(2000, 1, 1), moment) + timedelta(minutes=minutes)
    if rng.random() < 0.3:
        shifted += rng.choice((timedelta(microseconds=1), timedelta(microseconds=-1), timedelta(seconds=59, microseconds=999_999)))
    return shifted.time() if shifted.date() == date(2000, 1, 1) else moment


def _month(db, year: int, month: int, people, admin_id: int, hours, rng: random.Random) -> None:
    """Random attendance for every day of the month up to today (weekends and holidays too),
    duty days, and absences approved, pending and rejected."""
    first, last = month_bounds(year, month)
    today = local_today()
    for employee in people:
        day = first
        while day <= min(last, today):
            start, end = hours.get(day.weekday(), (time(7, 30), time(16, 0)))
            roll = rng.random()
            if roll < 0.8:
                check_in = None if rng.random() < 0.08 else _around(start, rng)
                check_out = None if rng.random() < 0.08 else _around(end, rng)
                db.add(AttendanceRecord(employee_id=employee.id, day=day, check_in=check_in, check_out=check_out))
            elif roll < 0.83:
                db.add(AttendanceRecord(employee_id=employee.id, day=day, check_in=None, check_out=None, source="koreksi"))
            if day.weekday() >= 5 and rng.random() < 0.2:
                db.add(DutyDay(employee_id=employee.id, day=day, reason="Piket", created_by_id=admin_id))
            day += timedelta(days=1)
        start = first - timedelta(days=3) + timedelta(days=rng.randint(0, 12))
        status = rng.choice(("disetujui", "disetujui", "diajukan", "ditolak"))
        db.add(Absence(employee_id=employee.id, kind=rng.choice(KINDS), start_date=start, end_date=start + timedelta(days=rng.randint(0, 5)),
                       status=status, created_by_id=admin_id))
        later = start + timedelta(days=14)
        db.add(Absence(employee_id=employee.id, kind=rng.choice(KINDS), start_date=later, end_date=later + timedelta(days=rng.randint(0, 2)),
                       status="disetujui", created_by_id=admin_id))


def test_database_tally_matches_day_by_day_classification(db):
    rng = random.Random(6)
    today = local_today()
    this_month = (today.year, today.month)
    previous = (today - timedelta(days=today.day)).replace(day=1)
    before = (previous.year, previous.month)

    org = make_org(db)
    other = make_org(db, code="GOWA", birth="19870101")
    db.add(WorkSettings(instansi_id=other.instansi.id, days_per_week=6))
    friday = (time(7, 0), time(11, 30, 30))
    db.add(WorkingHours(instansi_id=org.instansi.id, weekday=4, start_time=friday[0], end_time=friday[1]))
    db.add(WorkingHours(instansi_id=org.instansi.id, weekday=0, start_time=time(8, 0), end_time=time(17, 15)))
    for instansi, month_start in ((org.instansi, previous), (org.instansi, today.replace(day=1)), (other.instansi, previous)):
        weekday = next(month_start + timedelta(days=d) for d in range(7) if (month_start + timedelta(days=d)).weekday() == 2)
        db.add(Holiday(instansi_id=instansi.id, day=weekday, name="Libur"))
    plt_post = make_position(db, unit=org.opd, name="Kepala Bidang", kind="struktural", kelas=11, reports_to=org.head)
    people = [make_employee(db, position=org.staff, nip=nip_for(10 + i), name=f"Staf {i}") for i in range(8)]
    people += [make_employee(db, position=other.staff, nip=nip_for(30 + i, birth="19870101"), name=f"Gowa {i}") for i in range(4)]
    # Mutasi mid-month: out of the position on the 10th, into another one on the 16th (days 11-15 in none).
    moved = people[1]
    assignment = db.exec(PositionAssignment.__table__.select().where(PositionAssignment.employee_id == moved.id)).one()
    db.exec(PositionAssignment.__table__.update().where(PositionAssignment.id == assignment.id).values(end_date=previous.replace(day=10)))
    db.add(PositionAssignment(employee_id=moved.id, position_id=plt_post.id, start_date=previous.replace(day=16)))
    # Joined mid-month; an acting (Plt) appointment, which schedules no day by itself.
    people.append(make_employee(db, position=org.staff, nip=nip_for(50), name="Baru", start=previous.replace(day=12)))
    db.add(PositionAssignment(employee_id=people[2].id, position_id=plt_post.id, kind="plt", start_date=previous.replace(day=5)))
    bump_org_revision(db)
    db.flush()
    hours = {4: friday, 0: (time(8, 0), time(17, 15))}
    for year, month in (before, this_month):
        _month(db, year, month, people, org.admin.id, hours, rng)
    db.commit()

    ids = [p.id for p in people] + [org.admin.id, other.admin.id]
    for year, month in (before, this_month):
        by_day = attendance.discipline_inputs(db, employee_ids=ids, year=year, month=month)
        tallied = attendance.discipline_counts(db, employee_ids=ids, year=year, month=month)
        assert tallied == {eid: data.counts for eid, data in by_day.items()}
    # The data is varied enough to mean something: every category happened.
    counts = list(attendance.discipline_counts(db, employee_ids=ids, year=before[0], month=before[1]).values())
    assert all(sum(c.tl[t] for c in counts) and sum(c.psw[t] for c in counts) for t in (1, 2, 3, 4))
    assert sum(c.absent_without_reason for c in counts) and sum(sum(c.absences.values()) for c in counts)
    assert len({k for c in counts for k in c.absences}) > 1


def test_the_tally_is_built_once_per_schedule_and_counts_nothing_before_a_first_working_day(db, pin_today):
    """The tally's statement is kept per month's schedule (a Dashboard asks for one employee at a time);
    a month whose days so far were all holidays counts nothing, as the day-by-day classification."""
    org = make_org(db)
    people = [make_employee(db, position=org.staff, nip=nip_for(10 + i), name=f"Staf {i}") for i in range(3)]
    # Friday 1 January 2027 a holiday: on Saturday the 2nd no day of the month has been scheduled yet.
    db.add(Holiday(instansi_id=org.instansi.id, day=date(2027, 1, 1), name="Tahun Baru"))
    bump_org_revision(db)
    db.commit()
    pin_today(date(2027, 1, 2))
    ids = [p.id for p in people]
    by_day = attendance.discipline_inputs(db, employee_ids=ids, year=2027, month=1)
    assert attendance.discipline_counts(db, employee_ids=ids, year=2027, month=1) == {eid: d.counts for eid, d in by_day.items()}

    pin_today(date(2027, 1, 8))
    built = attendance._tally.cache_info().misses
    for person in people:
        attendance.discipline_counts(db, employee_ids=[person.id], year=2027, month=1)
    assert attendance._tally.cache_info().misses == built + 1  # one build for three employees
    for person in people:
        by_day = attendance.discipline_inputs(db, employee_ids=[person.id], year=2027, month=1)
        assert attendance.discipline_counts(db, employee_ids=[person.id], year=2027, month=1) == {person.id: by_day[person.id].counts}
