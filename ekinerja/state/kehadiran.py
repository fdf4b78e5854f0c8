"""Kehadiran: the employee's month of records and tally; the admin's import, corrections and absence approvals."""

from __future__ import annotations

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.domain.evidence_rules import RejectedFile
from ekinerja.domain.statuses import AbsenceStatus
from ekinerja.domain.tpp import ABSENCE_LABELS
from ekinerja.domain.validation import ValidationFailed
from ekinerja.services import absences, attendance, attendance_records
from ekinerja.services.spreadsheet import XLSX_MIME
from ekinerja.services.work_calendar import settings_for
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin
from ekinerja.state.guard import guarded
from ekinerja.state.presentation import MonthPickMixin, counts_summary
from ekinerja.state.spreadsheet_import import SpreadsheetImportMixin
from ekinerja.state.staged_upload import StagedUploadMixin

ABSENCE_UPLOAD_ID = "bukti-ketidakhadiran"
KIND_OPTIONS = [{"id": k, "label": v} for k, v in ABSENCE_LABELS.items()]
ABSENCE_STATUS_LABELS = {AbsenceStatus.DIAJUKAN: "Menunggu persetujuan", AbsenceStatus.DISETUJUI: "Disetujui", AbsenceStatus.DITOLAK: "Ditolak"}


class KehadiranState(MonthPickMixin, StagedUploadMixin, EditorMixin, SpreadsheetImportMixin, AppState):
    rows: list[dict[str, str]] = []
    summary: list[dict[str, str]] = []
    absences: list[dict[str, str]] = []
    pending: list[dict[str, str]] = []  # admin: absences waiting for approval
    pending_total: int = 0
    kind_options: list[dict[str, str]] = KIND_OPTIONS
    hour_days: list[dict[str, str]] = []  # admin: the working weekdays of the hours form

    def _load(self, actor: Actor) -> None:
        year, month = self._year_month()
        with session_scope() as session:
            view = attendance.month_attendance(session, actor=actor, employee_id=actor.employee_id, year=year, month=month)
            pending = attendance.pending_absences(session, actor=actor) if actor.is_admin else []
        self.rows = [
            {"day": f"{r.day:%d-%m}", "weekday": r.weekday, "in": r.check_in, "out": r.check_out, "status": r.status, "flags": r.flags, "corrected": r.corrected}
            for r in view.rows
        ]
        self.summary = counts_summary(view.counts)
        self.absences = [
            {"kind": a.kind_label, "dates": f"{a.start_date:%d-%m-%Y} s.d. {a.end_date:%d-%m-%Y}",
             "status": ABSENCE_STATUS_LABELS[a.status], "reason": a.decision_reason, "note": a.note}
            for a in view.absences
        ]
        # The oldest page of the queue only: deciding one brings the next in (state stays small at month end).
        self.pending_total = len(pending)
        self.pending = [
            {"id": str(a.id), "name": a.employee_name, "kind": a.kind_label, "dates": f"{a.start_date:%d-%m-%Y} s.d. {a.end_date:%d-%m-%Y}", "note": a.note}
            for a in pending[: get_settings().page_size]
        ]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self._pick_default_month("")
        self.form_open = ""
        self._load(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_month(self, actor: Actor, value: str):
        if self._set_month(value):
            self._load(actor)

    # Admin

    def _import_file(self, session, actor: Actor, data: bytes, filename: str):
        return attendance_records.import_attendance(session, actor=actor, data=data, filename=filename)

    def _imported(self, report) -> str:
        return (
            f"Berhasil: {report.created} baru, {report.updated} diperbarui, {report.unchanged} tidak berubah, "
            f"{report.kept_corrections} koreksi admin dipertahankan."
        )

    @guarded(Rule.ADMIN)
    def download_template(self, actor: Actor):
        return rx.download(data=attendance_records.import_template_xlsx(), filename="templat-impor-kehadiran.xlsx", mime_type=XLSX_MIME)

    @guarded(Rule.ADMIN)
    def open_correction(self, actor: Actor):
        self._open("koreksi", values={"nip": "", "day": f"{local_today():%Y-%m-%d}", "check_in": "", "check_out": "", "reason": ""})

    @guarded(Rule.ADMIN)
    def save_correction(self, actor: Actor, form_data: dict):
        def write(session):
            employee_id = attendance.employee_id_by_nip(session, nip=str(form_data.get("nip", "")))
            if employee_id is None:
                raise ValidationFailed({"nip": "NIP tidak terdaftar."})
            attendance_records.correct_record(
                session, actor=actor, employee_id=employee_id, day=str(form_data.get("day", "")),
                check_in=str(form_data.get("check_in", "")), check_out=str(form_data.get("check_out", "")), reason=str(form_data.get("reason", "")),
            )

        result = self._save(form_data, write, "Koreksi kehadiran disimpan dan dicatat di jejak audit.")
        self._load(actor)
        return result

    # The employee's own absences

    @guarded(Rule.SIGNED_IN)
    def open_absence(self, actor: Actor):
        today = f"{local_today():%Y-%m-%d}"
        self._drop_staged()
        self._open("ketidakhadiran", values={"kind": "", "start_date": today, "end_date": today, "note": ""})

    @guarded(Rule.SIGNED_IN)
    def save_absence(self, actor: Actor, form_data: dict):
        data, name = self._staged_file()

        def write(session):
            try:
                absences.submit_absence(
                    session, actor=actor, kind=str(form_data.get("kind", "")), start=str(form_data.get("start_date", "")),
                    end=str(form_data.get("end_date", "")), note=str(form_data.get("note", "")),
                    evidence=(data, name) if data else None,
                )
            except RejectedFile as problem:
                raise ValidationFailed({"evidence": str(problem)}) from problem

        result = self._save(form_data, write, "Pengajuan dikirim; menunggu persetujuan admin.")
        if not self.form_errors:
            self._drop_staged()
            self._load(actor)
        return result

    # Admin: absence approvals and working hours

    @guarded(Rule.ADMIN)
    def approve_absence(self, actor: Actor, absence_id: str):
        if not str(absence_id).isdigit():
            return None
        return self._write(
            lambda s: absences.decide_absence(s, actor=actor, absence_id=int(absence_id), approve=True),
            done="Ketidakhadiran disetujui.", show=lambda _: self._load(actor),
            refused=lambda _message: self._load(actor),  # decided meanwhile, by another admin or a double click
        )

    @guarded(Rule.ADMIN)
    def open_reject(self, actor: Actor, absence_id: str):
        if str(absence_id).isdigit():
            self._open("tolak", editing_id=int(absence_id), values={"reason": ""})

    @guarded(Rule.ADMIN)
    def save_reject(self, actor: Actor, form_data: dict):
        absence_id = self.editing_id
        result = self._save(
            form_data,
            lambda session: absences.decide_absence(session, actor=actor, absence_id=absence_id, approve=False, reason=str(form_data.get("reason", ""))),
            "Pengajuan ditolak; alasannya dicatat di jejak audit.",
        )
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def open_hours(self, actor: Actor):
        with session_scope() as session:
            days = settings_for(session, instansi_id=actor.instansi_id).days_per_week
            hours = attendance.working_hours(session, instansi_id=actor.instansi_id)
        self.hour_days = [{"weekday": str(d), "label": attendance.WEEKDAYS[d]} for d in range(days)]
        values = {}
        for d in range(days):
            start, end = hours.get(d, hours[0])
            values |= {f"start_{d}": f"{start:%H:%M}", f"end_{d}": f"{end:%H:%M}"}
        self._open("jam-kerja", values=values)

    @guarded(Rule.ADMIN)
    def save_hours(self, actor: Actor, form_data: dict):
        form = {k: str(v or "") for k, v in form_data.items()}
        result = self._save(form_data, lambda session: attendance_records.save_working_hours(session, actor=actor, form=form), "Jam kerja disimpan.")
        self._load(actor)
        return result
