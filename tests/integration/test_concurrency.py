"""Exactly one outcome when the same thing is done twice at once.

Every scenario runs its jobs in real threads, each in its own transaction on its own
connection (SQLite file or the PostgreSQL test server), released together by a barrier.
Whatever the interleaving, one request wins, the others get an Indonesian message
(never a crash), and the tables hold no duplicate. Where the Python check could be
passed by both, a unique index in the database decides: the bypass tests below switch
the Python check off and show the database alone still refuses the duplicate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain.activity_rules import ActivityForm
from ekinerja.domain.skp_rules import IndikatorForm, RealisasiForm, RhkForm
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    Absence,
    ActivityCatalogItem,
    AttendanceRecord,
    AuditEntry,
    DailyActivity,
    Employee,
    Evaluation,
    PositionAssignment,
    Realisasi,
    Rhk,
    Skp,
)
from ekinerja.models.tpp import TppMonthLock
from ekinerja.services import (
    absences,
    activities,
    attendance_records,
    catalog,
    employee_import,
    evaluation,
    progress,
    skp_drafts,
    skp_workflow,
    tpp,
)
from ekinerja.services import skp as skp_service
from tests.integration.factories import Org, actor_for, make_employee, make_org, nip_for

TODAY = date(2026, 11, 19)  # a Thursday


@pytest.fixture(autouse=True)
def _today(pin_today):
    """The services' own "today" is the test's."""
    pin_today(TODAY)


WORKERS = 3
OK = "ok"


def race(*jobs: Callable[[Session], object]) -> list[str]:
    """Run the jobs at once, each in its own transaction: "ok" or the message each ended with.

    Any other exception is returned by its type name, so a crash fails the assertion on outcomes.
    """
    barrier = threading.Barrier(len(jobs))
    outcomes = [""] * len(jobs)

    def run(index: int, job: Callable[[Session], object]) -> None:
        barrier.wait()
        try:
            with session_scope() as session:
                job(session)
            outcomes[index] = OK
        except ValidationFailed as failed:
            assert failed.errors and all(message.strip() for message in failed.errors.values())
            outcomes[index] = " ".join(failed.errors.values())
        except Exception as error:  # noqa: BLE001  (reported, and the assertion fails)
            outcomes[index] = f"CRASH {type(error).__name__}: {error}"

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def same_job_at_once(job: Callable[[Session], object]) -> list[str]:
    return race(*[job] * WORKERS)


def one_winner(outcomes: list[str]) -> None:
    assert outcomes.count(OK) == 1, outcomes
    assert not [o for o in outcomes if o.startswith("CRASH")], outcomes


def count(model, *where) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.fixture
def org(db: Session) -> tuple[Org, Employee, Employee]:
    org = make_org(db)
    boss = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    staff = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf Satu")
    db.commit()
    return org, boss, staff


def position_of(session: Session, employee: Employee) -> int:
    return session.exec(select(PositionAssignment.position_id).where(PositionAssignment.employee_id == employee.id)).one()


def _actor(employee: Employee):
    with session_scope() as session:
        return actor_for(session, session.get(Employee, employee.id))


# Kegiatan harian


def _entry() -> ActivityForm:
    return ActivityForm(activity_date=TODAY.isoformat(), start_time="08:00", end_time="10:00", task_text="Menyusun laporan", quantity="1")


def test_an_activity_submitted_three_times_at_once_is_stored_once(org):
    _, _, staff = org
    actor = _actor(staff)
    outcomes = same_job_at_once(lambda s: activities.create_activity(s, actor=actor, form=_entry(), today=TODAY))
    one_winner(outcomes)
    assert count(DailyActivity) == 1
    assert count(AuditEntry, AuditEntry.entity == "daily_activity") == 1


def test_the_database_alone_refuses_a_second_entry_at_the_same_start(org, monkeypatch):
    """With the overlap check switched off, the unique index still keeps one entry, and the
    loser's whole transaction (its audit entry too) is rolled back with a message."""
    _, _, staff = org
    actor = _actor(staff)
    monkeypatch.setattr(activities, "_same_day", lambda *args, **kwargs: [])
    with session_scope() as session:
        activities.create_activity(session, actor=actor, form=_entry(), today=TODAY)
    audit_before = count(AuditEntry)
    with pytest.raises(ValidationFailed) as failed, session_scope() as session:
        activities.create_activity(session, actor=actor, form=_entry(), today=TODAY)
    assert failed.value.errors == {"start_time": activities.SAME_SLOT}
    assert (count(DailyActivity), count(AuditEntry)) == (1, audit_before)
    # A rejected entry frees its slot: the employee may enter the corrected one.
    with session_scope() as session:
        session.exec(select(DailyActivity)).one().status = "ditolak"
    with session_scope() as session:
        activities.create_activity(session, actor=actor, form=_entry(), today=TODAY)
    assert count(DailyActivity) == 2


# Absences


def _absence(actor, day: date):
    def job(session: Session) -> None:
        absences.submit_absence(session, actor=actor, kind="izin", start=day.isoformat(), end=day.isoformat(), note="Urusan keluarga")

    return job


def test_an_absence_request_submitted_three_times_at_once_is_stored_once(org):
    _, _, staff = org
    one_winner(same_job_at_once(_absence(_actor(staff), local_today())))
    assert count(Absence) == 1


def test_an_overlapping_absence_is_refused_with_a_message(org):
    _, _, staff = org
    actor = _actor(staff)
    with session_scope() as session:
        absences.submit_absence(session, actor=actor, kind="izin", start="2026-03-02", end="2026-03-06", note="")
    with pytest.raises(ValidationFailed) as failed, session_scope() as session:
        absences.submit_absence(session, actor=actor, kind="izin", start="2026-03-04", end="2026-03-04", note="")
    assert failed.value.errors == {"start_date": absences.SAME_ABSENCE}


def test_the_database_alone_refuses_a_second_live_absence_on_the_same_day(org):
    _, _, staff = org
    row = {"employee_id": staff.id, "kind": "izin", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 2), "created_by_id": staff.id}
    with session_scope() as session:
        session.add(Absence(**row))
    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(Absence(**row))
    with session_scope() as session:
        session.add(Absence(**row | {"status": "ditolak"}))  # rejected requests do not count
    assert count(Absence) == 2


def test_two_admins_deciding_one_absence_at_once_give_one_outcome(org):
    admin_org, _, staff = org
    with session_scope() as session:
        absence_id = absences.submit_absence(
            session, actor=_actor(staff), kind="izin", start=local_today().isoformat(), end=local_today().isoformat(), note=""
        ).id
    outcomes = race(
        lambda s: absences.decide_absence(s, actor=admin_org.actor, absence_id=absence_id, approve=True),
        lambda s: absences.decide_absence(s, actor=admin_org.actor, absence_id=absence_id, approve=False, reason="Tidak ada surat pendukung"),
    )
    one_winner(outcomes)
    assert count(AuditEntry, AuditEntry.entity == "absence", AuditEntry.action.in_(("approve", "reject"))) == 1
    assert "sudah diputuskan" in next(o for o in outcomes if o != OK)


# SKP, realisasi, penilaian


def _head_skp_plan(boss: Employee) -> int:
    """The Kepala Badan's (no atasan, JPT) draft with one RHK and one indikator: ready to submit."""
    actor = _actor(boss)
    with session_scope() as session:
        skp = skp_drafts.create_draft(session, actor=actor, year=local_today().year)
        rhk = skp_drafts.save_rhk(session, actor=actor, skp_id=skp.id, rhk_id=None, form=RhkForm(
            kind="utama", description="Meningkatnya kualitas layanan kepegawaian", perspektif="penerima_layanan",
        ))
        skp_drafts.save_indikator(session, actor=actor, rhk_id=rhk.id, indikator_id=None, form=IndikatorForm(
            aspek="kuantitas", description="Jumlah layanan yang diselesaikan", target_value="12", target_unit="layanan",
        ))
        return skp.id


def test_an_skp_created_three_times_at_once_exists_once(org):
    _, boss, _ = org
    actor = _actor(boss)
    one_winner(same_job_at_once(lambda s: skp_drafts.create_draft(s, actor=actor, year=local_today().year)))
    assert count(Skp) == 1


def test_the_database_alone_refuses_a_second_skp_lineage(org):
    _, boss, _ = org
    with session_scope() as session:
        position_id = position_of(session, boss)
    row = {"employee_id": boss.id, "position_id": position_id, "year": 2026, "period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}
    with session_scope() as session:
        session.add(Skp(**row))
    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(Skp(**row))
    assert count(Skp) == 1


def test_an_skp_submitted_three_times_at_once_moves_once(org):
    _, boss, _ = org
    skp_id = _head_skp_plan(boss)
    actor = _actor(boss)
    outcomes = same_job_at_once(lambda s: skp_workflow.submit(s, actor=actor, skp_id=skp_id))
    one_winner(outcomes)
    assert count(AuditEntry, AuditEntry.entity == "skp", AuditEntry.action == "ajukan") == 1


def _approved_head_skp(boss: Employee) -> tuple[int, int]:
    skp_id = _head_skp_plan(boss)
    with session_scope() as session:
        skp = session.get(Skp, skp_id)
        skp.status = "disetujui"  # the top of the tree is approved by the agency's own process
        session.add(skp)
        indikator_id = skp_service.indikators_of(session, rhk_ids=[r.id for r in skp_service.rhks_of(session, skp_id=skp_id)])[0].id
    return skp_id, indikator_id


def test_a_realisasi_saved_three_times_at_once_is_one_row(org):
    _, boss, _ = org
    _, indikator_id = _approved_head_skp(boss)
    actor = _actor(boss)
    form = RealisasiForm(month="1", value="3", note="Januari")
    outcomes = same_job_at_once(
        lambda s: progress.save_realisasi(s, actor=actor, indikator_id=indikator_id, form=form, today=date(local_today().year, 12, 31))
    )
    # Re-saving the same month is an update, so several may succeed; never two rows.
    assert OK in outcomes and not [o for o in outcomes if o.startswith("CRASH")], outcomes
    assert count(Realisasi) == 1


def _approved_staff_skp(staff: Employee) -> int:
    with session_scope() as session:
        skp = Skp(employee_id=staff.id, position_id=position_of(session, staff), year=2025,
                  period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), status="disetujui")
        session.add(skp)
        session.flush()
        skp.lineage_id = skp.id
        session.add(Rhk(skp_id=skp.id, description="Tersusunnya laporan kepegawaian"))
        return skp.id


def test_an_evaluation_opened_three_times_at_once_exists_once(org):
    _, boss, staff = org
    skp_id = _approved_staff_skp(staff)
    actor = _actor(boss)
    outcomes = same_job_at_once(lambda s: evaluation.open_evaluation(s, actor=actor, skp_id=skp_id, kind="tahunan", number=1))
    # Opening is idempotent: whoever loses the race opens the row the winner created.
    assert outcomes == [OK] * WORKERS
    assert count(Evaluation) == 1
    assert count(AuditEntry, AuditEntry.entity == "evaluation") == 1


def test_an_evaluation_opened_while_another_window_is_still_creating_it_opens_that_one(org):
    """Window A has inserted the evaluation but not committed; window B does not see it, inserts too,
    waits on the unique key, loses once A commits, and opens A's row instead of failing."""
    _, boss, staff = org
    skp_id = _approved_staff_skp(staff)
    actor = _actor(boss)
    opened: list[int] = []
    with session_scope() as window_a:
        first = evaluation.open_evaluation(window_a, actor=actor, skp_id=skp_id, kind="tahunan", number=1)
        window_b = threading.Thread(target=lambda: opened.append(_open_in_new_window(actor, skp_id)))
        window_b.start()
        window_b.join(timeout=1)  # B is now blocked on A's uncommitted row (or, on a slow machine, not yet started)
    window_b.join()
    assert opened == [first.id] and count(Evaluation) == 1


def _open_in_new_window(actor, skp_id: int) -> int:
    with session_scope() as session:
        return evaluation.open_evaluation(session, actor=actor, skp_id=skp_id, kind="tahunan", number=1).id


# Admin: TPP lock and imports


def test_a_tpp_month_locked_three_times_at_once_is_locked_once(org):
    admin_org, _, _ = org
    one_winner(same_job_at_once(lambda s: tpp.lock_month(s, actor=admin_org.actor, year=2025, month=3)))
    assert count(TppMonthLock) == 1
    assert count(AuditEntry, AuditEntry.entity == "tpp_month_lock") == 1


def test_an_attendance_file_imported_three_times_at_once_stores_each_day_once(org):
    admin_org, _, staff = org
    data = f"nip;tanggal;jam_masuk;jam_pulang\n{staff.nip};2025-03-03;07:31;16:05\n{staff.nip};2025-03-04;07:45;16:00\n".encode()
    outcomes = same_job_at_once(
        lambda s: attendance_records.import_attendance(s, actor=admin_org.actor, data=data, filename="mesin.csv", today=date(2025, 4, 1))
    )
    # Re-importing the same file is allowed (it changes nothing); a lost race is told to reload.
    assert OK in outcomes and all(o in (OK, attendance_records.IMPORTED_MEANWHILE) for o in outcomes), outcomes
    assert count(AttendanceRecord) == 2


def test_a_catalogue_file_imported_three_times_at_once_creates_each_item_once(org):
    admin_org, _, _ = org
    data = f"jabatan_id;uraian_tugas;satuan_hasil;menit_per_satuan\n{admin_org.staff.id};Menyusun laporan;laporan;60\n".encode()
    outcomes = same_job_at_once(lambda s: catalog.import_catalog(s, actor=admin_org.actor, data=data, filename="katalog.csv"))
    assert not [o for o in outcomes if o.startswith("CRASH")], outcomes
    assert count(ActivityCatalogItem) == 1


def test_an_employee_file_imported_three_times_at_once_creates_each_employee_once(org):
    admin_org, _, _ = org
    before = count(Employee)
    data = (
        "nip;nama;status;pangkat_golongan;jabatan_id;tmt_jabatan\n"
        f"{nip_for(40)};Pegawai Baru;PNS;Penata (III/c);{admin_org.staff.id};2025-01-02\n"
    ).encode()
    outcomes = same_job_at_once(
        lambda s: employee_import.import_employees(s, actor=admin_org.actor, data=data, filename="pegawai.csv", today=TODAY)
    )
    assert not [o for o in outcomes if o.startswith("CRASH")], outcomes
    assert count(Employee) == before + 1
