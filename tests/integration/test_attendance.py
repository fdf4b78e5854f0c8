"""Importing the attendance machine's export, corrections with a reason, the month's tally."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AttendanceRecord, AuditEntry
from ekinerja.services import absences, attendance, attendance_records
from tests.integration.factories import actor_for, make_employee, make_org, nip_for

DAY = date(2025, 3, 3)  # a Monday


def _csv(*rows: str) -> bytes:
    return ("nip;tanggal;jam_masuk;jam_pulang\n" + "\n".join(rows) + "\n").encode()


@pytest.fixture
def org(db):
    org = make_org(db)
    staff = make_employee(db, position=org.staff, nip=nip_for(2), name="Staf Satu")
    db.commit()
    return org, staff


def test_import_is_idempotent_and_reports_rows(db, org):
    org, staff = org
    data = _csv(f"{staff.nip};2025-03-03;07:31;16:05", f"{staff.nip};04/03/2025;08:10;16:00")
    first = attendance_records.import_attendance(db, actor=org.actor, data=data, filename="mesin.csv", today=date(2025, 4, 1))
    assert (first.created, first.updated, first.unchanged, first.errors) == (2, 0, 0, [])
    again = attendance_records.import_attendance(db, actor=org.actor, data=data, filename="mesin.csv", today=date(2025, 4, 1))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows = db.exec(select(AttendanceRecord).order_by(AttendanceRecord.day)).all()
    assert [(r.day, r.check_in) for r in rows] == [(DAY, time(7, 31)), (date(2025, 3, 4), time(8, 10))]


def test_import_is_all_or_nothing_with_row_errors(db, org):
    org, staff = org
    data = _csv(
        f"{staff.nip};2025-03-03;07:31;16:05",
        "199001012015011999;2025-03-03;07:30;16:00",
        f"{staff.nip};2025-02-30;07:30;16:00",
        f"{staff.nip};2025-03-05;17:00;16:00",
        f"{staff.nip};2025-03-03;07:00;16:00",
        f"{staff.nip};2025-03-06;;",
    )
    report = attendance_records.import_attendance(db, actor=org.actor, data=data, filename="x.csv", today=date(2025, 4, 1))
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "nip"), (4, "tanggal"), (5, "jam_pulang"), (6, "tanggal"), (7, "jam_masuk"),
    ]
    assert db.exec(select(AttendanceRecord)).all() == []
    with pytest.raises(ValidationFailed):
        attendance_records.import_attendance(db, actor=org.actor, data=b"a,b\n1,2\n", filename="x.csv")
    with pytest.raises(AccessDenied):
        attendance_records.import_attendance(db, actor=actor_for(db, staff), data=data, filename="x.csv")


def test_correction_needs_reason_is_audited_and_survives_reimport(db, org):
    org, staff = org
    data = _csv(f"{staff.nip};2025-03-03;09:31;16:05")
    attendance_records.import_attendance(db, actor=org.actor, data=data, filename="m.csv", today=date(2025, 4, 1))
    with pytest.raises(ValidationFailed) as failed:
        attendance_records.correct_record(db, actor=org.actor, employee_id=staff.id, day="2025-03-03", check_in="07:30", check_out="16:05", reason="")
    assert "reason" in failed.value.errors
    with pytest.raises(AccessDenied):
        attendance_records.correct_record(db, actor=actor_for(db, staff), employee_id=staff.id, day="2025-03-03", check_in="07:30", check_out="16:05", reason="Mesin rusak pagi itu")
    attendance_records.correct_record(db, actor=org.actor, employee_id=staff.id, day="2025-03-03", check_in="07:30", check_out="16:05", reason="Mesin absen rusak pagi itu")
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "correct")).one()
    assert entry.before["check_in"].startswith("09:31") and entry.after["check_in"].startswith("07:30")
    again = attendance_records.import_attendance(db, actor=org.actor, data=data, filename="m.csv", today=date(2025, 4, 1))
    assert again.kept_corrections == 1
    assert db.exec(select(AttendanceRecord)).one().check_in == time(7, 30)


def test_month_tally_uses_hours_and_absences(db, org):
    org, staff = org
    # Mon 3 Mar: 31 min late (TL2); Tue: left 61 min early (PSW3); Wed: nothing (no reason); Fri: 07:30-16:30.
    data = _csv(
        f"{staff.nip};2025-03-03;08:01;16:00",
        f"{staff.nip};2025-03-04;07:30;14:59",
        f"{staff.nip};2025-03-07;07:30;16:30",
    )
    attendance_records.import_attendance(db, actor=org.actor, data=data, filename="m.csv", today=date(2025, 4, 1))
    counts = attendance.discipline_inputs(db, employee_ids=[staff.id], year=2025, month=3, until=date(2025, 3, 8))[staff.id].counts
    # Thu 6 Mar has no record either: two working days absent without reason.
    assert counts.days_present == 3
    assert counts.tl == {1: 0, 2: 1, 3: 0, 4: 0}
    assert counts.psw == {1: 0, 2: 0, 3: 1, 4: 0}
    assert counts.absent_without_reason == 2
    absence = absences.submit_absence(db, actor=actor_for(db, staff), kind="izin", start="2025-03-05", end="2025-03-06", note="Urusan keluarga")
    absences.decide_absence(db, actor=org.actor, absence_id=absence.id, approve=True)
    counts = attendance.discipline_inputs(db, employee_ids=[staff.id], year=2025, month=3, until=date(2025, 3, 8))[staff.id].counts
    assert counts.absent_without_reason == 0 and counts.absences == {"izin": 2}
    view = attendance.month_attendance(db, actor=actor_for(db, staff), employee_id=staff.id, year=2025, month=3)
    assert [r.status for r in view.rows[:2]] == ["Hadir", "Hadir"] and view.rows[0].flags == "TL2"
