"""Every time a user sees is on their instansi's own clock (WIB, WITA or WIT), set per instansi."""

from __future__ import annotations

import re

import pytest

from ekinerja.domain.validation import AnnouncementForm, ValidationFailed
from ekinerja.domain.work_settings import SettingsForm
from ekinerja.services import announcements, auth, reports, work_calendar
from tests import aio
from tests.integration.factories import actor_for, make_org
from tests.integration.test_small_state import _state_of

DEFAULTS = ("6750", "300", "450", "3", "5")


@pytest.fixture
def two(db):
    """SULSEL sets WITA; JATENG keeps the deployment default (EKINERJA_TIMEZONE, Asia/Jakarta)."""
    sulsel, jateng = make_org(db), make_org(db, code="JATENG", birth="19860101")
    for org in (sulsel, jateng):
        org.admin.must_change_password = False  # signed in below with a password of their own
        db.add(org.admin)
    work_calendar.save_settings(db, actor=sulsel.actor, form=SettingsForm(*DEFAULTS, timezone="Asia/Makassar"))
    db.commit()
    return sulsel, jateng


def test_the_zone_is_a_setting_of_the_instansi(db, two):
    sulsel, jateng = two
    assert actor_for(db, sulsel.admin).timezone == "Asia/Makassar"
    assert actor_for(db, jateng.admin).timezone == ""  # the deployment default
    token = auth.login(db, nip=sulsel.admin.nip, password=sulsel.admin.nip[:8]).token
    db.commit()
    assert auth.resolve_session(db, token=token).actor.timezone == "Asia/Makassar"
    with pytest.raises(ValidationFailed) as failed:
        work_calendar.save_settings(db, actor=sulsel.actor, form=SettingsForm(*DEFAULTS, timezone="Asia/Tokyo"))
    assert failed.value.errors == {"timezone": "Zona waktu harus WIB, WITA atau WIT."}
    work_calendar.save_settings(db, actor=sulsel.actor, form=SettingsForm(*DEFAULTS, timezone="Asia/Jayapura"))
    db.commit()
    assert actor_for(db, sulsel.admin).timezone == "Asia/Jayapura"  # the cached org snapshot moved on


def test_documents_audit_and_announcements_show_the_instansi_clock(db, two):
    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.state.admin_announcements import AdminAnnouncementsState
    from ekinerja.state.admin_audit import AdminAuditState
    from ekinerja.state.admin_work_calendar import AdminWorkCalendarState

    sulsel, jateng = two
    for org in two:
        announcements.create_announcement(db, actor=actor_for(db, org.admin), form=AnnouncementForm(title="Apel pagi Senin", body="Hadir 07.30."))
    db.commit()
    assert reports.stamp_for(actor_for(db, sulsel.admin), "Maret 2026").text.endswith(" WITA, periode Maret 2026")
    assert reports.stamp_for(actor_for(db, jateng.admin), "Maret 2026").text.endswith(" WIB, periode Maret 2026")
    stamp = re.compile(r"^\d\d-\d\d-\d{4} \d\d\.\d\d(\.\d\d)? (WIB|WITA|WIT)$")
    for org, label in ((sulsel, "WITA"), (jateng, "WIB")):
        token = auth.login(db, nip=org.admin.nip, password=org.admin.nip[:8]).token
        db.commit()
        audit_state = _state_of(AdminAuditState, token)
        aio.run(AdminAuditState.event_handlers["load"].fn(audit_state))
        assert audit_state.rows and all(stamp.match(r["at"]) and r["at"].endswith(label) for r in audit_state.rows)
        news = _state_of(AdminAnnouncementsState, token)
        aio.run(AdminAnnouncementsState.event_handlers["load"].fn(news))
        assert news.rows[0]["created_at"].endswith(f" {label}")
    calendar = _state_of(AdminWorkCalendarState, auth.login(db, nip=sulsel.admin.nip, password=sulsel.admin.nip[:8]).token)
    db.commit()
    aio.run(AdminWorkCalendarState.event_handlers["load"].fn(calendar))
    assert calendar.settings_values["timezone"] == "Asia/Makassar"
    assert calendar.settings_note.startswith("Terakhir diubah ") and calendar.settings_note.endswith(" WITA.")
