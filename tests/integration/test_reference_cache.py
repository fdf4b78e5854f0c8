"""Settings and calendars come from the worker's cache while the reference revision stands, and any
change to them, by whoever writes it, is seen by the next transaction of every worker."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from ekinerja.db import get_engine, make_engine, session_scope
from ekinerja.domain.work_settings import SettingsForm
from ekinerja.models import Holiday
from ekinerja.services import work_calendar
from tests.integration.factories import make_employee, make_org, nip_for
from tests.statements import counted_statements

WEDNESDAY = date(2026, 11, 18)


def _read(instansi_id: int, employee_id: int):
    with session_scope() as session:
        settings = work_calendar.settings_for(session, instansi_id=instansi_id)
        calendar = work_calendar.calendar_for(session, employee_id=employee_id, instansi_id=instansi_id, around=WEDNESDAY)
        return settings.monthly_target_minutes, calendar.is_working_day(WEDNESDAY), calendar.is_working_day(date(2026, 11, 21))


def _other_worker(sql: str, **params) -> None:
    """A write from outside this process's sessions: another worker, a bulk load or an admin's SQL."""
    engine = make_engine(str(get_engine().url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        connection.execute(text(sql), params)
    engine.dispose()


def test_a_second_read_costs_only_the_revision_and_a_change_from_anywhere_is_seen(db):
    org = make_org(db)
    staf = make_employee(db, position=org.staff, nip=nip_for(7), name="Staf")
    db.commit()
    instansi_id, employee_id = org.instansi.id, staf.id
    assert _read(instansi_id, employee_id) == (6750, True, False)

    with counted_statements(get_engine()) as sent:
        assert _read(instansi_id, employee_id) == (6750, True, False)
    assert len(sent) == 1 and "org_revision" in sent[0], sent

    _other_worker("INSERT INTO holiday (instansi_id, day, name, kind) VALUES (:i, :d, 'Libur daerah', 'libur_daerah')",
                  i=instansi_id, d=WEDNESDAY)
    assert _read(instansi_id, employee_id) == (6750, False, False)

    _other_worker("INSERT INTO duty_day (employee_id, day, reason, created_by_id, created_at) "
                  "VALUES (:e, :d, 'Piket', :e, CURRENT_TIMESTAMP)", e=employee_id, d=date(2026, 11, 21))
    assert _read(instansi_id, employee_id) == (6750, False, True)

    _other_worker("DELETE FROM holiday WHERE instansi_id = :i", i=instansi_id)
    assert _read(instansi_id, employee_id) == (6750, True, True)


def test_the_employees_of_an_instansi_share_one_set_of_its_holidays(db):
    """A month end keeps a calendar per employee: the instansi's holidays are one set among them,
    and a holiday added from anywhere is in everyone's next calendar."""
    org = make_org(db)
    first, second = (make_employee(db, position=org.staff, nip=nip_for(n), name=f"Staf {n}") for n in (7, 8))
    db.commit()
    db.add(Holiday(instansi_id=org.instansi.id, day=date(2026, 11, 20), name="Cuti bersama", kind="cuti_bersama"))
    db.commit()

    def calendars():
        with session_scope() as session:
            return [work_calendar.calendar_for(session, employee_id=e.id, instansi_id=org.instansi.id, around=WEDNESDAY)
                    for e in (first, second)]

    one, two = calendars()
    assert one.holidays is two.holidays and date(2026, 11, 20) in one.holidays
    _other_worker("INSERT INTO holiday (instansi_id, day, name, kind) VALUES (:i, :d, 'Libur daerah', 'libur_daerah')",
                  i=org.instansi.id, d=WEDNESDAY)
    one, two = calendars()
    assert one.holidays is two.holidays and {WEDNESDAY, date(2026, 11, 20)} <= one.holidays


def test_saved_settings_show_in_the_next_transaction_and_a_writer_reads_its_own_writes(db):
    org = make_org(db)
    db.commit()
    instansi_id = org.instansi.id
    assert _read(instansi_id, 0)[0] == 6750
    with session_scope() as session:
        work_calendar.save_settings(session, actor=org.actor, form=SettingsForm("7000", "320", "480", "2", "5"))
    assert _read(instansi_id, 0)[0] == 7000

    with Session(get_engine(), expire_on_commit=False) as session:
        assert work_calendar.calendar_for(session, employee_id=0, instansi_id=instansi_id, around=WEDNESDAY).is_working_day(WEDNESDAY)
        session.add(Holiday(instansi_id=instansi_id, day=WEDNESDAY, name="Cuti bersama", kind="cuti_bersama"))
        session.flush()
        # Not yet committed: no other transaction sees it, but this one does.
        assert not work_calendar.calendar_for(session, employee_id=0, instansi_id=instansi_id, around=WEDNESDAY).is_working_day(WEDNESDAY)
        assert _read(instansi_id, 0)[1] is True
        session.rollback()
    assert _read(instansi_id, 0)[1] is True
