"""Admin: the instansi's work rules, holidays, duty days and Plt/Plh appointments."""

from __future__ import annotations

from dataclasses import replace

from ekinerja.access import Actor, Rule
from ekinerja.clock import format_local, local_today, zone_name
from ekinerja.db import session_scope
from ekinerja.domain.work_settings import SETTINGS_BOUNDS, SettingsForm
from ekinerja.services import delegation, work_calendar
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of, form_value
from ekinerja.state.guard import guarded

HOLIDAY_KIND_LABELS = {"libur_nasional": "Libur nasional", "cuti_bersama": "Cuti bersama", "libur_daerah": "Libur daerah"}
HOLIDAY_KIND_OPTIONS = [{"id": kind, "label": label} for kind, label in HOLIDAY_KIND_LABELS.items()]
DAYS_OPTIONS = [{"id": "5", "label": "5 hari (Senin-Jumat)"}, {"id": "6", "label": "6 hari (Senin-Sabtu)"}]
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
KIND_OPTIONS = [{"id": "plh", "label": "Plh (pelaksana harian)"}, {"id": "plt", "label": "Plt (pelaksana tugas)"}]
ZONE_OPTIONS = [
    {"id": "Asia/Jakarta", "label": "WIB (UTC+7): Sumatra, Jawa, Kalimantan Barat dan Tengah"},
    {"id": "Asia/Makassar", "label": "WITA (UTC+8): Bali, Nusa Tenggara, Kalimantan Timur, Selatan dan Utara, Sulawesi"},
    {"id": "Asia/Jayapura", "label": "WIT (UTC+9): Maluku, Papua"},
]
SETTINGS_FIELDS = (*SETTINGS_BOUNDS, "timezone")


class AdminWorkCalendarState(EditorMixin, AppState):
    settings_values: dict[str, str] = {}
    settings_errors: dict[str, str] = {}
    settings_version: int = 0
    settings_note: str = ""
    year: int = 0
    holidays: list[dict[str, str]] = []
    duty_rows: list[dict[str, str]] = []
    delegations: list[dict[str, str]] = []

    def _load_settings(self, actor: Actor) -> None:
        with session_scope() as session:
            row = work_calendar.settings_for(session, instansi_id=actor.instansi_id)
            self.settings_values = {field: str(getattr(row, field)) for field in SETTINGS_BOUNDS}
            self.settings_values["timezone"] = zone_name(row.timezone)
            self.settings_note = (
                f"Terakhir diubah {format_local(row.updated_at, actor.timezone)}." if row.id else "Belum pernah diubah: nilai bawaan."
            )
        self.settings_errors = {}
        self.settings_version += 1

    def _load(self, actor: Actor) -> None:
        with session_scope() as session:
            self.holidays = [
                {"id": str(h.id), "day": f"{h.day:%d-%m-%Y}", "weekday": WEEKDAYS[h.day.weekday()], "name": h.name,
                 "kind": HOLIDAY_KIND_LABELS.get(h.kind, h.kind)}
                for h in work_calendar.list_holidays(session, actor=actor, year=self.year)
            ]
            self.duty_rows = [
                {"id": str(d.id), "day": f"{d.day:%d-%m-%Y}", "nip": d.nip, "name": d.name, "reason": d.reason}
                for d in work_calendar.list_duty_days(session, actor=actor, year=self.year)
            ]
            self.delegations = [
                {"id": str(d.id), "kind": d.kind.upper(), "atasan": d.atasan, "delegate": d.delegate,
                 "period": f"{d.start_date:%d-%m-%Y} s.d. {d.end_date:%d-%m-%Y}", "note": d.note}
                for d in delegation.list_instansi_delegations(session, actor=actor)
            ]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.form_open = ""
        self.year = local_today().year
        self._load_settings(actor)
        self._load(actor)

    @guarded(Rule.ADMIN)
    def save_settings(self, actor: Actor, form_data: dict):
        form = form_of(SettingsForm, form_data)
        return self._save(
            {field: form_value(form_data, field) for field in SETTINGS_FIELDS},
            lambda session: work_calendar.save_settings(session, actor=actor, form=form),
            "Aturan kerja disimpan; berlaku untuk isian berikutnya.",
            fields="settings",
            # The zone reaches this tab's actor on its next event; the note is shown in the new zone now.
            show=lambda _: self._load_settings(replace(actor, timezone=form.timezone or actor.timezone)),
        )

    @guarded(Rule.ADMIN)
    def change_year(self, actor: Actor, delta: int):
        self.year = max(2000, min(2100, self.year + int(delta)))
        self._load(actor)

    @guarded(Rule.ADMIN)
    def open_holiday(self, actor: Actor):
        self._open("holiday", values={"kind": "libur_nasional"})

    @guarded(Rule.ADMIN)
    def save_holiday(self, actor: Actor, form_data: dict):
        result = self._save(
            form_data,
            lambda s: work_calendar.add_holiday(
                s, actor=actor, day=form_value(form_data, "day"), name=form_value(form_data, "name"), kind=form_value(form_data, "kind")
            ),
            "Hari libur dicatat.",
        )
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def delete_holiday(self, actor: Actor, holiday_id: int):
        return self._write(
            lambda s: work_calendar.delete_holiday(s, actor=actor, holiday_id=int(holiday_id)),
            done="Hari libur dihapus.", show=lambda _: self._load(actor),
        )

    @guarded(Rule.ADMIN)
    def open_duty(self, actor: Actor):
        self._open("duty")

    @guarded(Rule.ADMIN)
    def save_duty(self, actor: Actor, form_data: dict):
        result = self._save(
            form_data,
            lambda s: work_calendar.mark_duty_day(
                s, actor=actor, nip=form_value(form_data, "nip"), day=form_value(form_data, "day"), reason=form_value(form_data, "reason")
            ),
            "Tugas piket dicatat: pegawai dapat mengisi kegiatan pada hari itu.",
        )
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def delete_duty(self, actor: Actor, duty_id: int):
        return self._write(
            lambda s: work_calendar.delete_duty_day(s, actor=actor, duty_id=int(duty_id)),
            done="Tugas piket dihapus.", show=lambda _: self._load(actor),
        )

    @guarded(Rule.ADMIN)
    def open_delegation(self, actor: Actor):
        self._open("delegation", values={"kind": "plh", "start_date": local_today().isoformat()})

    @guarded(Rule.ADMIN)
    def save_delegation(self, actor: Actor, form_data: dict):
        result = self._save(
            form_data,
            lambda s: delegation.appoint_by_nip(
                s, actor=actor, atasan_nip=form_value(form_data, "atasan_nip"), delegate_nip=form_value(form_data, "delegate_nip"),
                kind=form_value(form_data, "kind"), start=form_value(form_data, "start_date"), end=form_value(form_data, "end_date"),
                note=form_value(form_data, "note"),
            ),
            "Plt/Plh ditunjuk; selama masa itu ia memvalidasi atas nama atasan.",
        )
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def revoke_delegation(self, actor: Actor, delegation_id: int):
        return self._write(
            lambda s: delegation.revoke_delegation(s, actor=actor, delegation_id=int(delegation_id)),
            done="Penunjukan dicabut.", show=lambda _: self._load(actor),
        )
