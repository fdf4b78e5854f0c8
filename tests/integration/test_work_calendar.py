"""The admin's work calendar: settings, holidays, duty days, and Plt/Plh appointed by an admin."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.clock import local_today
from ekinerja.domain.validation import ValidationFailed
from ekinerja.domain.work_settings import SettingsForm
from ekinerja.models import Delegation, DutyDay
from ekinerja.services import delegation, work_calendar
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    nip_for,
)

SUNDAY = date(2026, 11, 15)


@pytest.fixture
def org(db):
    return make_org(db)


@pytest.fixture
def head(db, org):
    """The Kepala Badan: atasan of the admin (who holds the staff position)."""
    employee = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    db.commit()
    return employee


def errors_of(fn) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        fn()
    return failed.value.errors


def test_settings_default_then_saved_with_bounds(db, org):
    assert work_calendar.settings_for(db, instansi_id=org.instansi.id).monthly_target_minutes == 6750
    form = SettingsForm("7000", "320", "300", "3", "5")
    assert errors_of(lambda: work_calendar.save_settings(db, actor=org.actor, form=form)) == {
        "daily_max_minutes": "Batas menit per hari tidak boleh lebih kecil dari norma harian."
    }
    assert "entry_window_working_days" in errors_of(
        lambda: work_calendar.save_settings(db, actor=org.actor, form=SettingsForm("7000", "300", "450", "31", "7"))
    )
    work_calendar.save_settings(db, actor=org.actor, form=SettingsForm("7000", "320", "480", "2", "6"))
    saved = work_calendar.settings_for(db, instansi_id=org.instansi.id)
    assert (saved.monthly_target_minutes, saved.daily_norm_minutes, saved.daily_max_minutes) == (7000, 320, 480)
    assert (saved.entry_window_working_days, saved.days_per_week) == (2, 6)


def test_holidays_are_added_listed_and_removed_inside_the_instansi(db, org):
    other = make_org(db, code="JATENG", birth="19860101")
    row = work_calendar.add_holiday(db, actor=org.actor, day="2026-12-25", name="Hari Raya Natal", kind="libur_nasional")
    assert "sudah tercatat" in errors_of(
        lambda: work_calendar.add_holiday(db, actor=org.actor, day="2026-12-25", name="Lagi", kind="cuti_bersama")
    )["day"]
    assert [h.name for h in work_calendar.list_holidays(db, actor=org.actor, year=2026)] == ["Hari Raya Natal"]
    assert work_calendar.list_holidays(db, actor=other.actor, year=2026) == []
    with pytest.raises(AccessDenied):
        work_calendar.delete_holiday(db, actor=other.actor, holiday_id=row.id)
    work_calendar.delete_holiday(db, actor=org.actor, holiday_id=row.id)
    assert work_calendar.list_holidays(db, actor=org.actor, year=2026) == []


def test_duty_days_by_nip_only_on_days_off(db, org, head):
    staff = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf")
    other = make_org(db, code="JATENG", birth="19860101")
    db.commit()
    mark = work_calendar.mark_duty_day
    assert "sudah hari kerja" in errors_of(
        lambda: mark(db, actor=org.actor, nip=staff.nip, day=(SUNDAY + timedelta(days=1)).isoformat(), reason="Piket")
    )["day"]
    assert errors_of(lambda: mark(db, actor=org.actor, nip=other.admin.nip, day=SUNDAY.isoformat(), reason="Piket")) == {
        "nip": "Pegawai dengan NIP ini tidak ditemukan di instansi Anda."
    }
    assert errors_of(lambda: mark(db, actor=org.actor, nip=staff.nip, day="", reason="")).keys() == {"day", "reason"}
    row = mark(db, actor=org.actor, nip=f" {staff.nip} ", day=SUNDAY.isoformat(), reason="Piket server")
    assert "sudah tercatat" in errors_of(
        lambda: mark(db, actor=org.actor, nip=staff.nip, day=SUNDAY.isoformat(), reason="Lagi")
    )["day"]
    # A holiday on a weekday is a day off too; the atasan of record may mark their own subordinate.
    work_calendar.add_holiday(db, actor=org.actor, day="2026-12-25", name="Natal", kind="libur_nasional")
    mark(db, actor=actor_for(db, head), nip=org.admin.nip, day="2026-12-25", reason="Piket")
    assert [(d.nip, d.day) for d in work_calendar.list_duty_days(db, actor=org.actor, year=2026)] == [
        (org.admin.nip, date(2026, 12, 25)), (staff.nip, SUNDAY),
    ]
    assert work_calendar.list_duty_days(db, actor=other.actor, year=2026) == []
    with pytest.raises(AccessDenied):
        work_calendar.delete_duty_day(db, actor=other.actor, duty_id=row.id)
    work_calendar.delete_duty_day(db, actor=org.actor, duty_id=row.id)
    assert db.get(DutyDay, row.id) is None


def test_admin_appoints_a_plh_for_an_atasan_by_nip(db, org, head):
    other = make_org(db, code="JATENG", birth="19860101")
    peer_pos = make_position(db, unit=org.opd, name="Sekretaris", kind="struktural", kelas=12, eselon="III.a", reports_to=org.head)
    peer = make_employee(db, position=peer_pos, nip=nip_for(4), name="Sekretaris Badan")
    db.commit()
    today = local_today()
    appoint = delegation.appoint_by_nip
    dates = {"kind": "plh", "start": today.isoformat(), "end": (today + timedelta(days=3)).isoformat(), "note": "SPT 1"}
    assert errors_of(lambda: appoint(db, actor=org.actor, atasan_nip=other.admin.nip, delegate_nip=peer.nip, **dates)) == {
        "atasan_nip": "Pegawai dengan NIP ini tidak ditemukan di instansi Anda."
    }
    assert "tidak memiliki bawahan" in errors_of(
        lambda: appoint(db, actor=org.actor, atasan_nip=peer.nip, delegate_nip=head.nip, **dates)
    )["atasan_nip"]
    assert "instansi yang sama" in errors_of(
        lambda: appoint(db, actor=org.actor, atasan_nip=head.nip, delegate_nip=other.admin.nip, **dates)
    )["delegate_nip"]
    assert "end_date" in errors_of(
        lambda: appoint(db, actor=org.actor, atasan_nip=head.nip, delegate_nip=peer.nip, **{**dates, "end": "2020-01-01"})
    )
    row = appoint(db, actor=org.actor, atasan_nip=head.nip, delegate_nip=peer.nip, **dates)
    assert (row.atasan_id, row.delegate_id, row.created_by_id) == (head.id, peer.id, org.admin.id)
    assert [(d.atasan, d.delegate) for d in delegation.list_instansi_delegations(db, actor=org.actor)] == [
        ("Kepala Badan", "Sekretaris Badan")
    ]
    assert delegation.list_instansi_delegations(db, actor=other.actor) == []
    with pytest.raises(AccessDenied):
        delegation.revoke_delegation(db, actor=other.actor, delegation_id=row.id)
    delegation.revoke_delegation(db, actor=org.actor, delegation_id=row.id)
    assert db.exec(select(Delegation.revoked_at)).one() is not None
    assert delegation.list_instansi_delegations(db, actor=org.actor) == []


def test_staff_cannot_use_the_admin_paths(db, org):
    staff = actor_for(db, make_employee(db, position=org.staff, nip=nip_for(3)))
    with pytest.raises(AccessDenied):
        work_calendar.save_settings(db, actor=staff, form=SettingsForm("7000", "300", "450", "3", "5"))
    with pytest.raises(AccessDenied):
        delegation.list_instansi_delegations(db, actor=staff)
    with pytest.raises(AccessDenied):
        delegation.appoint_by_nip(db, actor=staff, atasan_nip="", delegate_nip="", kind="plh", start="", end="", note="")
