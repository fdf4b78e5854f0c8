"""Dialog kinerja through the services: threads both ways, unread counts, Plt/Plh, meetings, the
evaluation's dialog record, the feedback that now opens threads, and the migration of old feedback."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from alembic import command
from ekinerja.access import AccessDenied
from ekinerja.db import make_engine
from ekinerja.domain.dialog import CLOSED_THREAD, MeetingForm, ThreadForm
from ekinerja.domain.validation import ValidationFailed
from ekinerja.migrate import alembic_config, downgrade_base, upgrade_head
from ekinerja.models import DailyActivity, Delegation, DialogMessage, DialogThread, Evaluation, Rhk, Skp
from ekinerja.services import dialog, feedback
from tests.integration.factories import actor_for, make_employee, make_org, make_position, nip_for
from tests.integration.test_evaluation import _approved_skp

TODAY = date(2025, 3, 11)  # a Tuesday; the year of test_evaluation's approved SKPs
YEAR = TODAY.year


@pytest.fixture
def team(db, pin_today):
    pin_today(TODAY)
    org = make_org(db)
    boss = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala")
    a = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf A")
    b = make_employee(db, position=org.staff, nip=nip_for(4), name="Staf B")
    other_post = make_position(db, unit=org.opd, name="Sekretaris", kind="struktural", kelas=12, eselon="III.a", reports_to=org.head)
    stand_in = make_employee(db, position=other_post, nip=nip_for(5), name="Sekretaris")
    skps = {e.id: _approved_skp(db, e, org.staff) for e in (a, b)}
    db.commit()
    return {"boss": boss, "a": a, "b": b, "stand_in": stand_in, "skps": skps}


def _rhk_of(db, skp: Skp) -> Rhk:
    return db.exec(select(Rhk).where(Rhk.skp_id == skp.id)).one()


def test_either_side_opens_and_replies_and_unread_counts_follow(db, team):
    staf, atasan = actor_for(db, team["a"]), actor_for(db, team["boss"])
    thread = dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR,
                                form=ThreadForm("Kendala data bulan Februari", "bulan:2", "Data absensi belum masuk."))
    db.commit()
    assert dialog.unread_count(db, actor=atasan) == 1 and dialog.unread_count(db, actor=staf) == 0
    view = dialog.dialog_view(db, actor=atasan, employee_id=staf.employee_id, year=YEAR)
    assert [(t.title, t.topic, t.unread) for t in view.threads] == [("Kendala data bulan Februari", f"Bulan: Februari {YEAR}", True)]
    assert view.is_atasan
    seen = dialog.read_thread(db, actor=atasan, thread_id=thread.id)
    assert [m.body for m in seen.messages] == ["Data absensi belum masuk."]
    assert dialog.unread_count(db, actor=atasan) == 0
    dialog.reply(db, actor=atasan, thread_id=thread.id, body="Saya minta operator memperbaikinya.")
    db.commit()
    assert dialog.unread_count(db, actor=staf) == 1 and dialog.unread_count(db, actor=atasan) == 0
    # The atasan opens a thread too, on the employee's RHK.
    rhk = _rhk_of(db, team["skps"][staf.employee_id])
    dialog.open_thread(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Capaian laporan", f"rhk:{rhk.id}", "Bagus, pertahankan."))
    db.commit()
    assert dialog.unread_count(db, actor=staf) == 2
    mine = dialog.read_thread(db, actor=staf, thread_id=thread.id)
    assert [m.mine for m in mine.messages] == [True, False]
    assert dialog.unread_count(db, actor=staf) == 1


def test_nobody_else_reads_or_writes_the_dialog(db, team):
    staf, peer = actor_for(db, team["a"]), actor_for(db, team["b"])
    thread = dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Topik pribadi", "umum", "Isi rahasia"))
    db.commit()
    for attempt in (
        lambda: dialog.read_thread(db, actor=peer, thread_id=thread.id),
        lambda: dialog.reply(db, actor=peer, thread_id=thread.id, body="Ikut campur"),
        lambda: dialog.set_done(db, actor=peer, thread_id=thread.id, done=True),
        lambda: dialog.dialog_view(db, actor=peer, employee_id=staf.employee_id, year=YEAR),
        lambda: dialog.open_thread(db, actor=peer, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Judul lain", "umum", "Isi")),
        lambda: dialog.save_meeting(db, actor=peer, employee_id=staf.employee_id, year=YEAR,
                                    form=MeetingForm(TODAY.isoformat(), "Hal dibahas", "Kesepakatan")),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert dialog.unread_count(db, actor=peer) == 0


def test_a_topic_must_be_the_employees_own(db, team):
    staf = actor_for(db, team["a"])
    other_rhk = _rhk_of(db, team["skps"][team["b"].id])
    with pytest.raises(ValidationFailed) as failed:
        dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Judul percakapan", f"rhk:{other_rhk.id}", "Isi pesan"))
    assert failed.value.errors == {"topic": dialog.TOPIC_NOT_THEIRS}
    with pytest.raises(ValidationFailed) as failed:
        dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("", "bulan:13", ""))
    assert set(failed.value.errors) == {"title", "topic", "body"}
    activity = DailyActivity(employee_id=team["b"].id, activity_date=TODAY, start_time=time(8), end_time=time(9), task_text="Rekap data",
                             quantity=Decimal(1), effective_minutes=60)
    db.add(activity)
    db.flush()
    with pytest.raises(ValidationFailed):
        dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Judul percakapan", f"kegiatan:{activity.id}", "Isi"))


def test_done_threads_take_no_reply_until_reopened(db, team):
    staf, atasan = actor_for(db, team["a"]), actor_for(db, team["boss"])
    thread = dialog.open_thread(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Target triwulan", "umum", "Sudah sesuai?"))
    dialog.set_done(db, actor=staf, thread_id=thread.id, done=True)
    db.commit()
    with pytest.raises(ValidationFailed) as failed:
        dialog.reply(db, actor=atasan, thread_id=thread.id, body="Satu hal lagi")
    assert failed.value.errors == {"body": CLOSED_THREAD}
    assert "Ditandai selesai oleh Staf A" in dialog.read_thread(db, actor=atasan, thread_id=thread.id).closed_note
    dialog.set_done(db, actor=atasan, thread_id=thread.id, done=False)
    dialog.reply(db, actor=atasan, thread_id=thread.id, body="Satu hal lagi")
    db.commit()
    assert db.get(DialogThread, thread.id).status == "terbuka"


def test_a_plh_takes_the_atasans_side_while_appointed(db, team):
    staf, stand_in = actor_for(db, team["a"]), actor_for(db, team["stand_in"])
    thread = dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Izin diklat", "umum", "Mohon arahan."))
    db.commit()
    with pytest.raises(AccessDenied):
        dialog.reply(db, actor=stand_in, thread_id=thread.id, body="Silakan.")
    db.add(Delegation(atasan_id=team["boss"].id, delegate_id=stand_in.employee_id, kind="plh", start_date=TODAY - timedelta(days=1),
                      end_date=TODAY + timedelta(days=5), created_by_id=team["boss"].id))
    db.commit()
    assert dialog.unread_count(db, actor=stand_in) == 1
    message = dialog.reply(db, actor=stand_in, thread_id=thread.id, body="Silakan, atas nama Kepala.")
    meeting = dialog.save_meeting(db, actor=stand_in, employee_id=staf.employee_id, year=YEAR,
                                  form=MeetingForm(TODAY.isoformat(), "Rencana diklat", "Ikut diklat April", ""))
    db.commit()
    assert message.acting_for_id == team["boss"].id and meeting.acting_for_id == team["boss"].id
    shown = dialog.read_thread(db, actor=staf, thread_id=thread.id).messages[-1]
    assert shown.author == "Sekretaris (Plt/Plh atasan Kepala)"


def test_meetings_are_the_atasans_record_that_both_see(db, team):
    staf, atasan = actor_for(db, team["a"]), actor_for(db, team["boss"])
    form = MeetingForm(TODAY.isoformat(), "Capaian triwulan I", "Laporan dikirim tiap tanggal 5", (TODAY + timedelta(days=30)).isoformat())
    with pytest.raises(AccessDenied):
        dialog.save_meeting(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=form)
    with pytest.raises(ValidationFailed) as failed:
        dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR,
                            form=MeetingForm((TODAY + timedelta(days=1)).isoformat(), "", "Ok", (TODAY - timedelta(days=3)).isoformat()))
    assert set(failed.value.errors) == {"held_on", "topics", "agreements"}
    meeting = dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, form=form)
    db.commit()
    seen = dialog.dialog_view(db, actor=staf, employee_id=staf.employee_id, year=YEAR).meetings
    assert [(m.topics, m.follow_up_on, m.recorded_by) for m in seen] == [("Capaian triwulan I", TODAY + timedelta(days=30), "Kepala")]
    dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, meeting_id=meeting.id,
                        form=MeetingForm(TODAY.isoformat(), "Capaian triwulan I (dikoreksi)", "Laporan dikirim tiap tanggal 5", ""))
    db.commit()
    assert [m.topics for m in dialog.dialog_view(db, actor=staf, employee_id=staf.employee_id, year=YEAR).meetings] == ["Capaian triwulan I (dikoreksi)"]
    # Another employee's meeting id cannot be rewritten through this employee's dialog.
    other = dialog.save_meeting(db, actor=atasan, employee_id=team["b"].id, year=YEAR, form=form)
    with pytest.raises(AccessDenied):
        dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, meeting_id=other.id, form=form)


def test_the_evaluation_shows_the_periods_dialog(db, team):
    staf, atasan, peer = actor_for(db, team["a"]), actor_for(db, team["boss"]), actor_for(db, team["b"])
    dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, form=MeetingForm(f"{YEAR}-02-10", "Triwulan I", "Lanjutkan"))
    dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR - 1, form=MeetingForm(f"{YEAR - 1}-12-20", "Tahun lalu", "Arsip"))
    thread = dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Pertanyaan target", "umum", "Isi"))
    dialog.set_done(db, actor=staf, thread_id=thread.id, done=True)
    ev = Evaluation(skp_id=team["skps"][staf.employee_id].id, employee_id=staf.employee_id, evaluator_id=atasan.employee_id, year=YEAR, period_kind="triwulanan", period_no=1)
    db.add(ev)
    db.commit()
    record = dialog.evaluation_record(db, actor=atasan, evaluation_id=ev.id)
    assert [m.topics for m in record.meetings] == ["Triwulan I"] and (record.open_threads, record.done_threads) == (0, 1)
    assert dialog.evaluation_record(db, actor=staf, evaluation_id=ev.id) == record
    assert dialog.evaluation_record(db, actor=peer, evaluation_id=ev.id) is None


def test_feedback_from_input_pimpinan_opens_a_thread_the_employee_answers(db, team):
    staf, atasan = actor_for(db, team["a"]), actor_for(db, team["boss"])
    rhk = _rhk_of(db, team["skps"][staf.employee_id])
    thread = feedback.give_feedback(db, actor=atasan, to_employee=str(staf.employee_id), subject=f"rhk:{rhk.id}", body="Laporan rapi dan tepat waktu.")
    db.commit()
    [row] = feedback.received(db, actor=staf)
    assert (row.sender, row.body, row.thread_id) == ("Kepala", "Laporan rapi dan tepat waktu.", thread.id)
    assert row.subject.startswith("Umpan balik atasan · RHK: Tersusunnya")
    dialog.reply(db, actor=staf, thread_id=thread.id, body="Terima kasih, Pak.")
    db.commit()
    assert len(feedback.received(db, actor=staf)) == 1  # the employee's own reply is not feedback to them
    with pytest.raises(ValidationFailed) as failed:
        feedback.give_feedback(db, actor=atasan, to_employee=str(staf.employee_id), subject="nilai:bukan_nilai", body="Isi")
    assert "subject" in failed.value.errors
    with pytest.raises(AccessDenied):
        feedback.give_feedback(db, actor=staf, to_employee=str(team["b"].id), subject="nilai:berorientasi_pelayanan", body="Isi umpan balik")


def test_the_live_marker_moves_on_replies_closing_and_meetings(db, team):
    staf, atasan = actor_for(db, team["a"]), actor_for(db, team["boss"])
    before = dialog.dialog_marker(db, employee_ids=[staf.employee_id])
    thread = dialog.open_thread(db, actor=staf, employee_id=staf.employee_id, year=YEAR, form=ThreadForm("Judul percakapan", "umum", "Isi"))
    db.commit()
    seen = [before, dialog.dialog_marker(db, employee_ids=[staf.employee_id])]
    dialog.reply(db, actor=atasan, thread_id=thread.id, body="Balasan")
    db.commit()
    seen.append(dialog.dialog_marker(db, employee_ids=[staf.employee_id]))
    dialog.set_done(db, actor=atasan, thread_id=thread.id, done=True)
    db.commit()
    seen.append(dialog.dialog_marker(db, employee_ids=[staf.employee_id]))
    dialog.save_meeting(db, actor=atasan, employee_id=staf.employee_id, year=YEAR, form=MeetingForm(TODAY.isoformat(), "Hal dibahas", "Kesepakatan"))
    db.commit()
    seen.append(dialog.dialog_marker(db, employee_ids=[staf.employee_id]))
    assert len({repr(s) for s in seen}) == len(seen)


# -- the migration of one-way feedback ----------------------------------------------------------------

REVISION = "i21_dialog_0008"


@pytest.fixture(params=["sqlite", "server"])
def empty_url(request, tmp_path, server_database):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    if not server_database:
        pytest.skip("no EKINERJA_TEST_DATABASE_URL")
    downgrade_base(server_database)
    yield server_database
    downgrade_base(server_database)
    upgrade_head(server_database)  # as the other tests expect it


def test_old_feedback_becomes_threads_and_comes_back_on_downgrade(empty_url, pin_today):
    pin_today(TODAY)
    config = alembic_config(empty_url)
    command.upgrade(config, f"{REVISION}-1")
    engine = make_engine(empty_url)
    with Session(engine) as session:
        org = make_org(session)
        boss = make_employee(session, position=org.head, nip=nip_for(2), name="Kepala")
        staf = make_employee(session, position=org.staff, nip=nip_for(3), name="Staf A")
        session.commit()
        ids = (boss.id, staf.id)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO feedback (from_employee_id, to_employee_id, value_code, body, created_at, read_at) "
            "VALUES (:boss, :staf, 'berorientasi_pelayanan', 'Pelayanan ramah, pertahankan.', :at, :at)"
        ), {"boss": ids[0], "staf": ids[1], "at": "2025-11-03 02:00:00"})
    command.upgrade(config, "head")  # through this revision to the schema the services below expect
    with Session(engine) as session:
        thread = session.exec(select(DialogThread)).one()
        message = session.exec(select(DialogMessage)).one()
        assert (thread.employee_id, thread.opened_by_id, thread.year, thread.value_code) == (ids[1], ids[0], 2025, "berorientasi_pelayanan")
        assert (message.author_id, message.body) == (ids[0], "Pelayanan ramah, pertahankan.")
        staf_actor = actor_for(session, session.get(type(staf), ids[1]))
        assert dialog.unread_count(session, actor=staf_actor) == 0  # it had been read
    command.downgrade(config, f"{REVISION}-1")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT from_employee_id, to_employee_id, body FROM feedback")).all()
    assert [tuple(r) for r in rows] == [(ids[0], ids[1], "Pelayanan ramah, pertahankan.")]
    engine.dispose()


def test_the_unread_marker_moves_for_the_badges_watchers_only(db, team):
    """The menu's badge watches the user and their team (unread_watch): new messages and the user's own
    reads move it; another employee's dialog does not."""
    staf, other, atasan = actor_for(db, team["a"]), actor_for(db, team["b"]), actor_for(db, team["boss"])
    assert set(dialog.unread_watch(db, actor=atasan)) >= {atasan.employee_id, staf.employee_id, other.employee_id}
    assert dialog.unread_watch(db, actor=staf) == [staf.employee_id]

    def marks(actor):
        ids = dialog.unread_watch(db, actor=actor)
        found = dialog.unread_marker(db, employee_ids=ids)
        return tuple(found.get(i) for i in sorted(ids))

    staf_before, atasan_before = marks(staf), marks(atasan)
    thread = dialog.open_thread(db, actor=other, employee_id=other.employee_id, year=YEAR, form=ThreadForm("Judul percakapan", "umum", "Isi"))
    db.commit()
    assert marks(staf) == staf_before  # Staf B's dialog is not Staf A's
    after_message = marks(atasan)
    assert after_message != atasan_before and dialog.unread_count(db, actor=atasan) == 1
    dialog.read_thread(db, actor=atasan, thread_id=thread.id)  # read in another tab: the badge follows
    db.commit()
    assert marks(atasan) != after_message and dialog.unread_count(db, actor=atasan) == 0
    assert marks(staf) == staf_before
