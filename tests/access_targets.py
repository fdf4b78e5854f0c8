"""The object-level half of the access walk: which handlers act on someone's records, and how to aim them.

Every handler that takes an identifier (a parameter named ``id``/``*_id``/``*_ids``), a form
(a ``dict`` parameter), an upload, a URL parameter, or acts on an identifier the state holds
(``self.<x>_id``, ``self.selected``, also through the state's private helpers) must either be
in ``OBJECT_ATTACKS`` (how to aim it at the demo ``staf``'s records) or in ``SELF_SCOPED``
(why it can only ever touch the caller's own records). ``tests/test_access_walk.py`` fails
when a new such handler is in neither, and calls every attack as four personas who must not
reach the staf's records: an employee of another unit, a peer (same atasan), an atasan of
another branch, and the admin of another instansi.
"""

from __future__ import annotations

import inspect
import re
import secrets
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import reflex as rx
from sqlmodel import Session, select

from ekinerja.access import Actor
from ekinerja.clock import local_today, utcnow
from ekinerja.demo.insight_seed import insight_month
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.models import AuthSession, Employee, EmployeeRole
from ekinerja.reports import registry
from ekinerja.services.auth import token_digest
from ekinerja.services.org import org_snapshot

MARKER = "RAHASIA-STAF"  # written into every record made for the walk: it must never reach an attacker
EVIDENCE_BYTES = b"%PDF-1.4\n% " + MARKER.encode() + b"-BUKTI\n%%EOF\n"


@dataclass
class Targets:
    """The staf's records (and the staf's instansi's), by id."""

    staf_id: int
    staf_nip: str
    staf_name: str
    staf_unit_id: int
    instansi_unit_id: int  # the top unit of the staf's instansi
    staf_position_id: int
    atasan_id: int
    activity_id: int
    evidence_id: int
    absence_id: int
    skp_id: int  # approved, in force
    draft_skp_id: int  # a draft revision the staf is editing
    rhk_id: int  # of the draft
    indikator_id: int  # of the draft
    approved_indikator_id: int
    evaluation_id: int
    plan_evaluation_id: int  # final, below Baik, with a development plan (demo insight seed)
    plan_item_id: int
    task_assignee_id: int
    delegation_id: int
    catalog_item_id: int
    announcement_id: int
    holiday_id: int
    duty_id: int
    peer_request_id: int  # a peer of the staf asked for input on the staf's evaluation
    peer_respondent_id: int  # another peer, not yet asked
    keberatan_id: int  # the staf's keberatan against the final plan evaluation, awaiting a decision
    dialog_thread_id: int
    dialog_meeting_id: int

    def markers(self) -> list[str]:
        return [MARKER, self.staf_nip, self.staf_name]


@dataclass(frozen=True)
class Attack:
    """One way to aim a handler at the staf: its arguments, the state it finds, the URL it runs on."""

    args: Callable[[Targets], dict] = lambda t: {}
    state: Callable[[Targets], dict] = lambda t: {}
    query: Callable[[Targets], dict] | None = None
    # The handler reads only rows its own state already loaded for the caller: aimed at
    # another's id it finds nothing and does nothing, so there is no refusal to count.
    ignores: bool = False
    note: str = field(default="", compare=False)


def _a(**kw) -> Attack:
    return Attack(**kw)


def _form(**values) -> Callable[[Targets], dict]:
    """A form whose values may name targets: ``_form(x=lambda t: t.staf_id, y="1")``."""
    return lambda t: {"form_data": {k: str(v(t) if callable(v) else v) for k, v in values.items()}}


def _today(_targets: object = None) -> str:
    return local_today().isoformat()


def _next_sunday(_targets: object = None) -> str:
    today = local_today()
    return (today + timedelta(days=6 - today.weekday() or 7)).isoformat()


FILTER = "narrows a listing scoped to the caller: another's unit or NIP gives an empty list"
STAF_EVIDENCE = _a(args=lambda t: {"evidence_id": t.evidence_id})
ON_DRAFT = lambda t: {"selected_id": t.draft_skp_id}
ON_APPROVED = lambda t: {"selected_id": t.skp_id}
ON_PLAN = lambda t: {"evaluation_id": t.plan_evaluation_id}
PLAN_ITEM_FORM = _form(kind="pelatihan", description="Pelatihan dari penyerang",
                       due_date=lambda t: (local_today() + timedelta(days=30)).isoformat(), status="direncanakan")
ON_STAF_DIALOG = lambda t: {"employee_id": t.staf_id}
OFFERED = "takes only a unit offered to the caller; the count that follows checks the unit again"

OBJECT_ATTACKS: dict[str, list[Attack]] = {
    # -- Kegiatan Harian: the staf's entries, bukti and tasks ------------------------
    "KegiatanHarianState.open_edit": [_a(args=lambda t: {"activity_id": t.activity_id})],
    "KegiatanHarianState.delete": [_a(args=lambda t: {"activity_id": t.activity_id})],
    "KegiatanHarianState.download_evidence": [STAF_EVIDENCE],
    "KegiatanHarianState.finish_task": [
        _a(args=lambda t: {"assignee_id": t.task_assignee_id}, ignores=True, note="only pre-fills the form; save checks it"),
    ],
    "KegiatanHarianState.save": [
        # Overwrite the staf's pending entry.
        _a(args=_form(activity_date=_today, start_time="07:00", end_time="07:30", quantity="1", task_text="Kegiatan serangan"),
           state=lambda t: {"editing_id": t.activity_id}),
        # Report the staf's task as one's own.
        _a(args=_form(activity_date=_today, start_time="07:00", end_time="07:30", quantity="1", task_text="Kegiatan serangan",
                      task_assignee_id=lambda t: t.task_assignee_id)),
        # Attach the staf's bukti to one's own entry (then download it through that entry).
        _a(args=_form(activity_date=_today, start_time="07:00", end_time="07:30", quantity="1", task_text="Kegiatan serangan"),
           state=lambda t: {"_evidence_id": t.evidence_id}),
    ],
    # -- Input Pimpinan: deciding, tasking, feedback, delegation ---------------------
    "InputPimpinanState.approve": [_a(args=lambda t: {"activity_id": t.activity_id})],
    "InputPimpinanState.open_decision": [
        _a(args=lambda t: {"activity_id": t.activity_id, "mode": "reject"}, ignores=True, note="reads only the caller's queue rows"),
    ],
    "InputPimpinanState.save_decision": [
        _a(args=_form(reason="Ditolak oleh penyerang"), state=lambda t: {"editing_id": t.activity_id, "form_open": "reject"}),
        _a(args=_form(reason="Dipotong oleh penyerang", approved_minutes="1"),
           state=lambda t: {"editing_id": t.activity_id, "form_open": "partial"}),
    ],
    "InputPimpinanState.toggle": [
        _a(args=lambda t: {"activity_id": str(t.activity_id), "checked": True}, ignores=True, note="marks an id in the caller's own list"),
    ],
    "InputPimpinanState.preview_bulk": [_a(state=lambda t: {"selected": [str(t.activity_id)]}, ignores=True)],
    "InputPimpinanState.confirm_bulk": [
        _a(state=lambda t: {"selected": [str(t.activity_id)]}, ignores=True, note="approves only the selected entries the caller may decide"),
    ],
    "InputPimpinanState.download_evidence": [STAF_EVIDENCE],
    "InputPimpinanState.apply_filter": [
        _a(args=_form(employee=lambda t: t.staf_id, day=""), ignores=True, note="the queue holds only the caller's team"),
    ],
    "InputPimpinanState.save_task": [
        _a(args=lambda t: {"form_data": {"title": "Tugas penyerang", "due_date": _today(), f"assignee_{t.staf_id}": "on"}},
           state=lambda t: {"team_options": [{"id": str(t.staf_id), "label": "x"}]}),
    ],
    "InputPimpinanState.choose_feedback_employee": [
        _a(args=lambda t: {"employee_id": str(t.staf_id)}, ignores=True, note="offers RHKs only of the caller's team"),
    ],
    "InputPimpinanState.save_feedback": [
        _a(args=_form(to_employee_id=lambda t: t.staf_id, subject="nilai:berorientasi_pelayanan", body="Umpan balik penyerang")),
    ],
    "InputPimpinanState.revoke_delegation": [_a(args=lambda t: {"delegation_id": t.delegation_id})],
    "InputPimpinanState.filter_employee_to": [
        _a(args=lambda t: {"employee_id": str(t.staf_id)}, ignores=True, note="the queue holds only the caller's team"),
    ],
    "InputPimpinanState.save_duty": [_a(args=_form(nip=lambda t: t.staf_nip, day=_next_sunday, reason="Piket penyerang"))],
    "InputPimpinanState.delete_duty": [_a(args=lambda t: {"duty_id": t.duty_id})],
    # -- Sasaran Pegawai: the staf's SKP ------------------------------------------------
    "SkpState.load": [_a(query=lambda t: {"skp": str(t.skp_id)})],
    "SkpState.open_skp": [_a(args=lambda t: {"skp_id": t.skp_id}), _a(args=lambda t: {"skp_id": t.draft_skp_id})],
    "SkpState.create_draft": [_a(args=lambda t: {"position_id": str(t.staf_position_id)})],
    "SkpState.create_revision": [_a(state=ON_APPROVED)],
    "SkpState.open_rhk": [_a(args=lambda t: {"rhk_id": t.rhk_id}, ignores=True, note="reads only the rows loaded for the caller")],
    "SkpState.save_rhk": [
        _a(args=_form(kind="utama", description="RHK penyerang"), state=ON_DRAFT),
        _a(args=_form(kind="utama", description="RHK penyerang"), state=lambda t: {"selected_id": t.draft_skp_id, "editing_id": t.rhk_id}),
    ],
    "SkpState.delete_rhk": [_a(args=lambda t: {"rhk_id": t.rhk_id}, state=ON_DRAFT)],
    "SkpState.open_indikator": [
        _a(args=lambda t: {"rhk_id": t.rhk_id, "indikator_id": t.indikator_id}, ignores=True, note="reads only loaded rows"),
    ],
    "SkpState.save_indikator": [
        _a(args=_form(aspek="kuantitas", description="Indikator penyerang", target_value="1", target_unit="dokumen"),
           state=lambda t: {"parent_id": t.rhk_id}),
        _a(args=_form(aspek="kuantitas", description="Indikator penyerang", target_value="1", target_unit="dokumen"),
           state=lambda t: {"parent_id": t.rhk_id, "editing_id": t.indikator_id}),
    ],
    "SkpState.delete_indikator": [_a(args=lambda t: {"indikator_id": t.indikator_id})],
    "SkpState.open_rencana": [
        _a(args=lambda t: {"indikator_id": t.indikator_id, "kind": "triwulan"}, ignores=True, note="reads only loaded rows"),
    ],
    "SkpState.split_rencana": [_a(state=lambda t: {"editing_id": t.indikator_id, "rencana_kind": "triwulan"})],
    "SkpState.save_rencana": [
        _a(args=_form(p1="1", p2="0", p3="0", p4="0"), state=lambda t: {"editing_id": t.indikator_id, "rencana_kind": "triwulan"}),
    ],
    "SkpState.save_lampiran": [
        _a(args=_form(dukungan_sumber_daya="x", skema_pertanggungjawaban="x", konsekuensi="x"), state=ON_DRAFT),
    ],
    "SkpState.save_expectations": [_a(args=_form(berorientasi_pelayanan="Ekspektasi penyerang"), state=ON_DRAFT)],
    "SkpState.submit_skp": [_a(state=ON_DRAFT)],
    "SkpState.approve_skp": [_a(state=ON_DRAFT)],
    "SkpState.return_skp": [_a(args=_form(return_note="Dikembalikan penyerang"), state=ON_DRAFT)],
    # -- Progres Pekerjaan -----------------------------------------------------------------
    "ProgressState.load": [_a(query=lambda t: {"skp": str(t.skp_id)})],
    "ProgressState.choose_skp": [_a(args=lambda t: {"skp_id": str(t.skp_id)})],
    "ProgressState.view_skp": [_a(args=lambda t: {"skp_id": t.skp_id})],
    "ProgressState.open_realisasi": [
        _a(args=lambda t: {"indikator_id": t.approved_indikator_id, "month": "1"}, ignores=True, note="reads only loaded rows"),
    ],
    "ProgressState.save_realisasi": [
        _a(args=_form(month=lambda t: local_today().month, value="99", evidence_link=""),
           state=lambda t: {"editing_id": t.approved_indikator_id}),
    ],
    "ProgressState.download_evidence": [STAF_EVIDENCE],
    # -- Penilaian -------------------------------------------------------------------------
    "PenilaianState.rate": [_a(args=lambda t: {"skp_id": str(t.skp_id)}, state=lambda t: {"period": _current_period()})],
    "PenilaianState.view_own": [_a(args=lambda t: {"evaluation_id": str(t.evaluation_id)})],
    "PenilaianState.submit": [
        _a(args=_form(action="simpan", rating_hasil="diatas"), state=lambda t: {"ev_id": t.evaluation_id}),
        _a(args=_form(action="final", rating_hasil="diatas", rating_perilaku="diatas"), state=lambda t: {"ev_id": t.evaluation_id}),
    ],
    # Kurva per unit: the staf's unit is neither led by nor below any attacker (nor in the other admin's instansi).
    "PenilaianState.open_unit": [_a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, state=lambda t: {"period": _current_period()})],
    "PenilaianState.choose_unit_predikat": [
        _a(args=lambda t: {"unit_id": str(t.staf_unit_id), "value": "sangat_kurang"}, state=lambda t: {"period": _current_period()}),
    ],
    "PenilaianState.close_unit": [_a(args=_form(reason="Ditutup penyerang " * 3), state=lambda t: {"period": _current_period(), "unit_id": t.staf_unit_id})],
    "PenilaianState.reopen_unit": [_a(state=lambda t: {"period": _current_period(), "unit_id": t.staf_unit_id})],
    # -- Tindak lanjut penilaian: the staf's development plan (final evaluation below Baik) -----
    "DevelopmentPlanState.show": [_a(args=lambda t: {"evaluation_id": t.plan_evaluation_id})],
    "DevelopmentPlanState.open_item": [
        _a(args=lambda t: {"item_id": t.plan_item_id}, state=ON_PLAN, ignores=True, note="reads only the plan rows loaded for the caller"),
    ],
    "DevelopmentPlanState.save_item": [
        # Rewrite one of the staf's plan items, then add one to the plan.
        _a(args=PLAN_ITEM_FORM, state=lambda t: {"evaluation_id": t.plan_evaluation_id, "editing_id": t.plan_item_id}),
        _a(args=PLAN_ITEM_FORM, state=ON_PLAN),
    ],
    "DevelopmentPlanState.open_note": [
        _a(args=lambda t: {"item_id": t.plan_item_id}, state=ON_PLAN, ignores=True, note="reads only the plan rows loaded for the caller"),
    ],
    "DevelopmentPlanState.save_note": [
        _a(args=_form(employee_note="Catatan penyerang"), state=lambda t: {"evaluation_id": t.plan_evaluation_id, "editing_id": t.plan_item_id}),
    ],
    # -- Laporan: every report is about someone ----------------------------------------------
    "LaporanState.choose_employee": [_a(args=lambda t: {"employee_id": str(t.staf_id)})],
    "LaporanState.choose_skp": [_a(args=lambda t: {"skp_id": str(t.skp_id)}, state=lambda t: {"report_key": registry.DOKUMEN_SKP})],
    "LaporanState.choose_evaluation": [
        _a(args=lambda t: {"evaluation_id": str(t.evaluation_id)}, state=lambda t: {"report_key": registry.EVALUASI_KINERJA}),
    ],
    "LaporanState.choose_unit": [_a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, ignores=True, note=FILTER)],
    "LaporanState.go_to_page": [_a(args=lambda t: {"page": 1}, state=lambda t: {"employee_id": str(t.staf_id)})],
    "LaporanState.choose_report": [_a(args=lambda t: {"key": registry.KEGIATAN_BULANAN}, state=lambda t: {"employee_id": str(t.staf_id)})],
    "LaporanState.choose_period": [
        _a(args=lambda t: {"field": "month", "value": str(local_today().month)}, state=lambda t: {"employee_id": str(t.staf_id)}),
    ],
    "LaporanState.download": [
        _a(state=lambda t: {"employee_id": str(t.staf_id), "year": str(local_today().year), "month": str(local_today().month)}),
        _a(state=lambda t: {"report_key": registry.DOKUMEN_SKP, "employee_id": str(t.staf_id), "skp_id": str(t.skp_id)}),
        _a(state=lambda t: {"report_key": registry.EVALUASI_KINERJA, "employee_id": str(t.staf_id), "evaluation_id": str(t.evaluation_id)}),
    ],
    # -- Admin of the staf's instansi only ------------------------------------------------------
    "AdminEmployeesState.open_edit": [_a(args=lambda t: {"employee_id": t.staf_id})],
    "AdminEmployeesState.open_move": [_a(args=lambda t: {"employee_id": t.staf_id})],
    "AdminEmployeesState.save_move": [
        _a(args=_form(unit_id=lambda t: t.staf_unit_id, position_id=lambda t: t.staf_position_id, start_date=_today),
           state=lambda t: {"editing_id": t.staf_id}),
    ],
    "AdminEmployeesState.save": [
        _a(args=_form(nip=lambda t: t.staf_nip, name="Diganti Penyerang", status="PNS", role_admin="on"),
           state=lambda t: {"editing_id": t.staf_id}),
    ],
    "AdminEmployeesState.reset_password": [_a(args=lambda t: {"employee_id": t.staf_id})],
    "AdminEmployeesState.toggle_active": [_a(args=lambda t: {"employee_id": t.staf_id, "active": False})],
    "AdminEmployeesState.choose_unit": [_a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, ignores=True, note=FILTER)],
    "AdminEmployeesState.filter_unit": [_a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, ignores=True, note=FILTER)],
    "AdminEmployeesState.apply_search": [_a(args=_form(search=lambda t: t.staf_nip), ignores=True, note=FILTER)],
    "AdminPositionsState.open_edit": [_a(args=lambda t: {"position_id": t.staf_position_id})],
    "AdminPositionsState.choose_unit": [_a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, ignores=True, note=FILTER)],
    "AdminPositionsState.filter_unit": [_a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, ignores=True, note=FILTER)],
    "AdminPositionsState.save": [
        _a(args=_form(name="Jabatan penyerang", unit_id=lambda t: t.staf_unit_id, kind="pelaksana", kelas_jabatan="7"),
           state=lambda t: {"editing_id": t.staf_position_id}),
    ],
    "AdminUnitsState.open_child": [_a(args=lambda t: {"unit_id": t.staf_unit_id})],
    "AdminUnitsState.open_edit": [_a(args=lambda t: {"unit_id": t.staf_unit_id})],
    "AdminUnitsState.save": [
        _a(args=_form(name="Unit penyerang", code="SERANG", level="seksi"), state=lambda t: {"editing_id": t.staf_unit_id}),
    ],
    "AdminCatalogState.open_edit": [_a(args=lambda t: {"item_id": t.catalog_item_id})],
    "AdminCatalogState.toggle_active": [_a(args=lambda t: {"item_id": t.catalog_item_id, "active": False})],
    "AdminCatalogState.filter_position": [_a(args=lambda t: {"position_id": str(t.staf_position_id)}, ignores=True, note=FILTER)],
    "AdminCatalogState.save": [
        _a(args=_form(name="Katalog penyerang", output_unit="dokumen", standard_minutes="30"),
           state=lambda t: {"editing_id": t.catalog_item_id}),
    ],
    "AdminAnnouncementsState.deactivate": [_a(args=lambda t: {"announcement_id": t.announcement_id})],
    "AdminAnnouncementsState.save": [
        _a(args=_form(title="Pengumuman penyerang", body="Isi pengumuman penyerang", kind="koreksi_data", target_nip=lambda t: t.staf_nip)),
    ],
    "AdminWorkCalendarState.delete_holiday": [_a(args=lambda t: {"holiday_id": t.holiday_id})],
    "AdminWorkCalendarState.delete_duty": [_a(args=lambda t: {"duty_id": t.duty_id})],
    "AdminWorkCalendarState.revoke_delegation": [_a(args=lambda t: {"delegation_id": t.delegation_id})],
    "AdminWorkCalendarState.save_delegation": [
        _a(args=_form(atasan_nip=lambda t: t.staf_nip, delegate_nip=lambda t: t.staf_nip, kind="plh", start_date=_today, end_date=_today)),
    ],
    # -- Analisis Organisasi: the staf's unit, and the staf's whole instansi ------------------------
    "AnalisisState.choose_abk": [_a(args=lambda t: {"field": "unit_id", "value": str(t.staf_unit_id)}, ignores=True, note=OFFERED)],
    "AnalisisState.choose_perf": [
        _a(args=lambda t: {"field": "parent_id", "value": str(t.instansi_unit_id)}, ignores=True, note=OFFERED),
        _a(args=lambda t: {"field": "trend_unit_id", "value": str(t.staf_unit_id)}, ignores=True, note=OFFERED),
    ],
    "AnalisisState.refresh_abk": [_a(state=lambda t: {"unit_id": str(t.staf_unit_id)}), _a(state=lambda t: {"unit_id": str(t.instansi_unit_id)})],
    "AnalisisState.download_abk": [_a(state=lambda t: {"unit_id": str(t.staf_unit_id)}), _a(state=lambda t: {"unit_id": str(t.instansi_unit_id)})],
    "AnalisisState.refresh_perf": [
        # The ranking under the instansi (the trend stays on the caller's own unit), then the trend of the staf's unit.
        _a(state=lambda t: {"parent_id": str(t.instansi_unit_id)}),
        _a(state=lambda t: {"trend_unit_id": str(t.staf_unit_id)}),
    ],
    # -- Tanda integritas: the staf's flags (copied keterangan, evening entries) in the demo's month --
    "TeamIntegrityState.choose_month": [_a(args=lambda t: {"value": _insight_month()}, ignores=True, note="shows only the caller's team")],
    "AdminIntegrityState.choose_month": [_a(args=lambda t: {"value": _insight_month()}, ignores=True, note="shows only actor.instansi_id")],
    "AdminIntegrityState.filter_unit": [
        _a(args=lambda t: {"unit_id": str(t.staf_unit_id)}, state=lambda t: {"month": _insight_month()}, ignores=True, note=FILTER),
    ],
    "KehadiranState.approve_absence": [_a(args=lambda t: {"absence_id": str(t.absence_id)})],
    "KehadiranState.open_reject": [_a(args=lambda t: {"absence_id": str(t.absence_id)}, ignores=True, note="only opens the dialog")],
    "KehadiranState.save_reject": [_a(args=_form(reason="Ditolak penyerang"), state=lambda t: {"editing_id": t.absence_id})],
    "KehadiranState.save_correction": [
        _a(args=_form(nip=lambda t: t.staf_nip, day=_today, check_in="07:00", check_out="16:00", reason="Koreksi penyerang")),
    ],
    # -- Matriks peran hasil: the team of the staf's atasan names the staf and the staf's RHKs --------
    "PeranHasilState.choose_team": [_a(args=lambda t: {"atasan_id": str(t.atasan_id)})],
    "PeranHasilState.download_pdf": [_a(state=lambda t: {"team_id": str(t.atasan_id)})],
    "PeranHasilState.choose_year": [_a(args=lambda t: {"year": str(local_today().year)}, state=lambda t: {"team_id": str(t.atasan_id)})],
    "PeranHasilState.choose_period": [
        # The demo atasan's SKP runs from 1 January (a TMT before the year).
        _a(args=lambda t: {"period_start": f"{local_today().year}-01-01"}, state=lambda t: {"team_id": str(t.atasan_id)}),
    ],
    # -- Masukan rekan kerja: the input on the staf's evaluation, and a peer's request to answer ---------
    "PeerInputState.show": [_a(args=lambda t: {"evaluation_id": t.evaluation_id})],
    "PeerInputState.request": [
        _a(args=lambda t: {"form_data": {f"respondent_{t.peer_respondent_id}": "on"}}, state=lambda t: {"evaluation_id": t.evaluation_id}),
    ],
    "PeerInputState.open_answer": [_a(args=lambda t: {"request_id": t.peer_request_id})],
    # -- Penilaian diri: the staf's sent one (read beside the rating), and writing on the staf's SKP ---------
    "SelfAssessmentState.show_for_evaluation": [_a(args=lambda t: {"evaluation_id": t.evaluation_id})],
    "SelfAssessmentState.save": [
        _a(args=lambda t: {"form_data": {"kirim": "on"}}, state=lambda t: {"skp_id": t.skp_id, "period": _current_period()}),
    ],
    "PeerInputState.submit_answer": [
        _a(args=lambda t: {"form_data": {f"{kind}_{v.code}": ("sesuai" if kind == "rating" else "Masukan dari penyerang")
                                         for v in BERAKHLAK for kind in ("rating", "reason")}},
           state=lambda t: {"editing_id": t.peer_request_id}),
    ],
    # -- Keberatan: the staf's objection to a final predikat, awaiting its decision ----------
    "KeberatanState.open_filing": [
        _a(args=lambda t: {"evaluation_id": str(t.plan_evaluation_id)}, ignores=True, note="takes only an evaluation listed for the caller"),
    ],
    "KeberatanState.submit_filing": [
        _a(args=_form(reasons="Keberatan dari penyerang atas penilaian orang lain"), state=lambda t: {"filing_evaluation_id": t.plan_evaluation_id}),
    ],
    "KeberatanState.open_keberatan": [_a(args=lambda t: {"keberatan_id": str(t.keberatan_id)})],
    "KeberatanState.open_decision": [
        _a(state=lambda t: {"detail_id": t.keberatan_id}, ignores=True, note="opens the form only for a keberatan the service let the caller decide"),
    ],
    "KeberatanState.decide": [
        _a(args=_form(decision="dikabulkan", rating_hasil="diatas", rating_perilaku="diatas", decision_reason="Dikabulkan oleh penyerang tanpa wewenang"),
           state=lambda t: {"detail_id": t.keberatan_id}),
    ],
    "KeberatanState.download_document": [_a(args=lambda t: {"keberatan_id": str(t.keberatan_id)})],
    "KeberatanState.download_evidence": [_a(args=lambda t: {"evidence_id": str(t.keberatan_id)})],
    "AngkaKreditState.choose_employee": [_a(args=lambda t: {"employee_id": str(t.staf_id)})],
    "AngkaKreditState.save_jenjang": [
        _a(args=_form(jabatan="Analis Penyerang Ahli Muda", jenjang="ahli_muda", tmt=_today, sk_nomor="800/SERANG/2026", sk_tanggal=_today),
           state=lambda t: {"employee_id": str(t.staf_id)}),
    ],
    # -- Dialog Kinerja: the staf's conversation with their atasan, and the atasan's meeting record ------
    "DialogState.choose_employee": [_a(args=lambda t: {"employee_id": str(t.staf_id)})],
    "DialogState.choose_year": [_a(args=lambda t: {"value": str(local_today().year)}, state=ON_STAF_DIALOG)],
    "DialogState.watch": [_a(state=ON_STAF_DIALOG)],
    "DialogState.open_thread": [_a(args=lambda t: {"thread_id": t.dialog_thread_id})],
    "DialogState.save_thread": [_a(args=_form(title="Percakapan penyerang", topic="umum", body="Pesan penyerang"), state=ON_STAF_DIALOG)],
    "DialogState.send_reply": [_a(args=_form(body="Balasan penyerang"), state=lambda t: {"thread_id": t.dialog_thread_id})],
    "DialogState.mark_done": [_a(state=lambda t: {"thread_id": t.dialog_thread_id})],
    "DialogState.reopen": [_a(state=lambda t: {"thread_id": t.dialog_thread_id})],
    "DialogState.open_meeting": [
        _a(args=lambda t: {"meeting_id": t.dialog_meeting_id}, ignores=True, note="reads only the meetings loaded for the caller"),
    ],
    "DialogState.save_meeting": [
        _a(args=_form(held_on=_today, topics="Bahasan penyerang", agreements="Kesepakatan penyerang"),
           state=lambda t: {"employee_id": t.staf_id, "editing_id": t.dialog_meeting_id}),
        _a(args=_form(held_on=_today, topics="Bahasan penyerang", agreements="Kesepakatan penyerang"), state=ON_STAF_DIALOG),
    ],
}

# Handlers the detector flags that can only touch the caller's own records (or the caller's
# own instansi's settings, for admin handlers, scoped by actor.instansi_id in the service).
SELF_SCOPED: dict[str, str] = {
    "AdminPositionsState.apply_search": "searches actor.instansi_id",
    "InputPimpinanState.watch": "keeps only selected ids that are in the caller's own queue",
    "InputPimpinanState.go_to_page": "keeps only selected ids that are in the caller's own queue",
    "ProgressState.watch_team": "reloads the SKP shown only when it is a team member's",
    "SkpState.copy_last_year": "copies the caller's own SKP and shows the copy it made",
    "LoginState.load": "reads only why the visitor was sent to the login page",
    "TppState.load": "the URL names a month; the employee is always actor.employee_id",
    "LoginState.submit": "credentials are the input; covered by the lockout and protocol tests",
    "ChangePasswordState.submit": "changes the caller's own password (actor.employee_id)",
    "KegiatanHarianState.upload_evidence": "stores the file as the caller's own (owner = actor)",
    "KehadiranState.attach_staged": "keeps the bytes in the caller's own backend var",
    "KehadiranState.save_absence": "submits an absence for actor.employee_id",
    "ProgressState.attach_staged": "keeps the bytes in the caller's own backend var",
    "InputPimpinanState.save_delegation": "atasan_id is always actor.employee_id",
    "InputPimpinanState.load": "resets the selection; loads the caller's own queue",
    "SkpState.back_to_list": "clears the selection",
    "PenilaianState.load": "clears the evaluation shown",
    "PenilaianState.choose_period": "clears the evaluation shown",
    "PenilaianState.close_evaluation": "clears the evaluation shown",
    "PenilaianState.close_unit_view": "clears the unit shown",
    "LaporanState.load": "resets every choice to the caller",
    "AdminPositionsState.open_new": "opens an empty form",
    "AdminEmployeesState.handle_import": "imports into actor.instansi_id",
    "AdminCatalogState.handle_import": "imports into actor.instansi_id",
    "KehadiranState.handle_import": "imports into actor.instansi_id",
    "AdminCatalogState.apply_search": "searches actor.instansi_id",
    "AdminAuditState.apply_search": "searches actor.instansi_id",
    "AdminWorkCalendarState.save_settings": "settings of actor.instansi_id",
    "AdminWorkCalendarState.save_holiday": "creates a holiday of actor.instansi_id",
    "AdminWorkCalendarState.save_duty": "creates a duty day of actor.instansi_id",
    "AdminTppState.save_rules": "ruleset of actor.instansi_id",
    "KehadiranState.save_hours": "working hours of actor.instansi_id",
    "AnalisisState.submit_hours": "the form holds only the effective hours; the count it asks for (refresh_abk) checks the unit",
    "KeberatanState.save_filing_days": "the filing period of actor.instansi_id",
    "KeberatanState.attach_staged": "keeps the bytes in the caller's own backend var",
    "KeberatanState.watch": "follows the caller's own markers (and their Plt/Plh atasan's); the detail it re-reads passes keberatan_view's check",
    "AngkaKreditState.load": "shows the caller's own statement or the first of the people the service lets them see",
    "AdminSiasnState.load": "resets the caller's own check",
    "AdminSiasnState.check_file": "checks the upload against actor.instansi_id's employees; writes nothing",
    "AdminSiasnState.apply_changes": "updates only employees of actor.instansi_id (service: all_employee_rows)",
    "AdminSiasnState.clear_check": "discards the caller's own staged file",
    "AdminSiasnState.download_export": "exports actor.instansi_id's evaluations only",
    "DialogState.load": "shows the caller's own dialog (employee_id = actor.employee_id)",
}


# -- which handlers must be classified ---------------------------------------------------------

ID_PARAM = re.compile(r"(^|_)ids?$")
# Reads of an id the state holds (not assignments, not method calls).
HELD_ID = re.compile(r"self\.(_?\w+_id|selected)\b(?!\s*(?:=[^=]|\())")
HELPER_CALL = re.compile(r"self\.(_\w+)\(")
URL_PARAM = "self.router.url.query_parameters"


def _sources(cls: type, fn, seen: set[str] | None = None) -> str:
    """The handler's source and that of the state's private helpers it calls, transitively."""
    seen = set() if seen is None else seen
    source = inspect.getsource(inspect.unwrap(fn))
    out = [source]
    for helper in HELPER_CALL.findall(source):
        if helper in seen:
            continue
        seen.add(helper)
        method = getattr(cls, helper, None)
        if callable(method) and not helper.startswith("__"):
            try:
                out.append(_sources(cls, method, seen))
            except (OSError, TypeError):
                continue
    return "\n".join(out)


def object_reasons(cls: type[rx.State], name: str) -> list[str]:
    """Why a handler may reach someone's records: empty when it cannot."""
    fn = cls.event_handlers[name].fn
    hints = typing.get_type_hints(fn)
    reasons = []
    for pname in inspect.signature(fn).parameters:
        if pname == "self":
            continue
        hint = hints.get(pname)
        origin = typing.get_origin(hint) or hint
        if ID_PARAM.search(pname):
            reasons.append(f"parameter {pname}")
        elif origin is dict:
            reasons.append(f"form {pname}")
        elif origin is list and "UploadFile" in str(hint):
            reasons.append(f"upload {pname}")
    source = _sources(cls, fn)
    held = sorted(set(HELD_ID.findall(source)))
    if held:
        reasons.append("state-held " + ", ".join(held))
    if URL_PARAM in source:
        reasons.append("URL parameter")
    return reasons


# -- the people and records of the walk ------------------------------------------------------------


def _insight_month() -> str:
    """The month the demo staf's integrity flags sit in, as the month select names it."""
    year, month = insight_month(local_today())
    return f"{year}-{month:02d}"


def _current_period() -> str:
    today = local_today()
    return f"tahunan:{today.year}:1"


def sign_in(session: Session, employee_id: int) -> str:
    """A live session for ``employee_id`` (written straight to the session table, as login would)."""
    employee = session.get(Employee, employee_id)
    employee.must_change_password = False
    session.add(employee)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(AuthSession(token_hash=token_digest(token), employee_id=employee_id, created_at=now, last_seen_at=now))
    return token


@dataclass
class Personas:
    tokens: dict[str, str]
    employee_ids: dict[str, int]


def choose_personas(session: Session, *, staf_id: int, other_instansi_admin_id: int) -> Personas:
    """other_unit, peer, atasan_other_branch (demo people) and admin_other_instansi (made by the test)."""
    snapshot = org_snapshot(session, on=local_today())
    atasan = snapshot.atasan_of(staf_id).employee_id
    staf_unit = snapshot.unit_of_employee(staf_id)
    peer = next(e for e in snapshot.direct_subordinates(atasan) if e != staf_id and not snapshot.direct_subordinates(e))
    admins = set(session.exec(select(EmployeeRole.employee_id).where(EmployeeRole.role == ROLE_ADMIN)).all())
    everyone = sorted({h.employee_id for holdings in snapshot.holders.values() for h in holdings if h.kind == "definitif"})
    other_unit = next(
        e for e in everyone
        if snapshot.unit_of_employee(e) != staf_unit and not snapshot.direct_subordinates(e)
        and not snapshot.is_above(e, staf_id) and e not in admins
    )
    # A supervisor in the staf's own OPD, beside the staf's branch: the closest an atasan gets without being above.
    other_branch = next(
        e for e in everyone
        if snapshot.direct_subordinates(e) and e != atasan and not snapshot.is_above(e, staf_id)
        and snapshot.atasan_of(e) is not None and snapshot.atasan_of(e).employee_id == snapshot.atasan_of(atasan).employee_id
        and e not in admins
    )
    ids = {"other_unit": other_unit, "peer": peer, "atasan_other_branch": other_branch, "admin_other_instansi": other_instansi_admin_id}
    return Personas(tokens={k: sign_in(session, v) for k, v in ids.items()}, employee_ids=ids)


def build_targets(session: Session, *, staf_id: int, atasan_actor: Actor, staf_actor: Actor) -> Targets:
    """Give the demo staf one of everything, each carrying MARKER where there is text."""
    from ekinerja.domain.dialog import MeetingForm, ThreadForm
    from ekinerja.models import (
        Absence,
        ActivityCatalogItem,
        Announcement,
        DailyActivity,
        DevelopmentPlanItem,
        DutyDay,
        Evaluation,
        Holiday,
        Indikator,
        Keberatan,
        PeerInputRequest,
        Rhk,
        TaskAssignee,
    )
    from ekinerja.services import (
        delegation,
        dialog,
        evaluation,
        evidence,
        peer_input,
        self_assessment,
        skp,
        skp_drafts,
        tasks,
    )
    from ekinerja.services.skp import current_skp

    today = local_today()
    snapshot = org_snapshot(session, on=today)
    staf = session.get(Employee, staf_id)
    holding = snapshot.definitive_position(staf_id)
    stored = evidence.store_evidence(session, actor=staf_actor, data=EVIDENCE_BYTES, filename=f"{MARKER}.pdf")
    activity = session.exec(
        select(DailyActivity).where(DailyActivity.employee_id == staf_id, DailyActivity.status == "diajukan")
        .order_by(DailyActivity.activity_date.desc())
    ).first()
    activity.description = f"{MARKER} kegiatan"
    activity.evidence_file_id = stored.id
    session.add(activity)
    absence = Absence(employee_id=staf_id, kind="cuti_tahunan", start_date=today + timedelta(days=7),
                      end_date=today + timedelta(days=8), note=f"{MARKER} cuti", evidence_file_id=stored.id,
                      status="diajukan", created_by_id=staf_id)
    session.add(absence)
    approved = current_skp(session, employee_id=staf_id, today=today)
    assert approved is not None and approved.status == "disetujui", "the demo staf has an approved SKP"
    approved_indikator = session.exec(
        select(Indikator).join(Rhk, Indikator.rhk_id == Rhk.id).where(Rhk.skp_id == approved.id)
    ).first()
    plan_item = session.exec(
        select(DevelopmentPlanItem).where(DevelopmentPlanItem.employee_id == staf_id).order_by(DevelopmentPlanItem.id)
    ).first()
    assert plan_item is not None, "the demo staf has a development plan (ekinerja/demo/insight_seed.py)"
    plan_item.employee_note = f"{MARKER} catatan kemajuan"
    session.add(plan_item)
    ev = evaluation.open_evaluation(session, actor=atasan_actor, skp_id=approved.id, kind="tahunan", number=1)
    draft = skp_drafts.create_revision(session, actor=staf_actor, skp_id=approved.id)
    rhk = session.exec(select(Rhk).where(Rhk.skp_id == draft.id)).first()
    rhk.description = f"{MARKER} RHK"
    session.add(rhk)
    indikator = session.exec(select(Indikator).where(Indikator.rhk_id == rhk.id)).first()
    task = tasks.assign_task(session, actor=atasan_actor, title=f"{MARKER} tugas", description="", due_date=(today + timedelta(days=3)).isoformat(),
                             assignee_ids=[staf_id])
    assignee = session.exec(select(TaskAssignee).where(TaskAssignee.task_id == task.id)).one()
    appointed = delegation.create_delegation(
        session, actor=atasan_actor, atasan_id=atasan_actor.employee_id, delegate=str(staf_id), kind="plh",
        start=(today + timedelta(days=30)).isoformat(), end=(today + timedelta(days=31)).isoformat(), note=f"{MARKER} plh",
    )
    catalog_item = session.exec(select(ActivityCatalogItem)).first()
    announcement = session.exec(select(Announcement)).first()
    holiday = session.exec(select(Holiday)).first()
    duty = DutyDay(employee_id=staf_id, day=today + timedelta(days=40), reason=f"{MARKER} piket", created_by_id=atasan_actor.employee_id)
    session.add(duty)
    # Two plain peers of the staf: the last is asked for input on the staf's evaluation, the one before is
    # not yet; choose_personas's "peer" is the first, so neither is an attacker.
    peers = [e for e in snapshot.direct_subordinates(atasan_actor.employee_id) if e != staf_id and not snapshot.direct_subordinates(e)]
    peer_input.request_input(session, actor=atasan_actor, evaluation_id=ev.id, respondent_ids=[peers[-1]])
    peer_request = session.exec(select(PeerInputRequest).where(PeerInputRequest.evaluation_id == ev.id)).one()
    approved_rhks = skp.rhks_of(session, skp_id=approved.id)
    self_assessment.save(session, actor=staf_actor, skp_id=approved.id, kind="tahunan", number=1, send=True, form={
        key: value for rhk in approved_rhks
        for key, value in ((f"self_{rhk.id}", "sesuai"), (f"note_{rhk.id}", f"{MARKER} realisasi dan bukti dukung"))
    })
    planned = session.get(Evaluation, plan_item.evaluation_id)
    reviewer = snapshot.atasan_of(planned.evaluator_id)
    objection = Keberatan(
        evaluation_id=planned.id, employee_id=staf_id, evaluator_id=planned.evaluator_id,
        reviewer_id=reviewer.employee_id if reviewer else planned.evaluator_id, reasons=f"{MARKER} keberatan", evidence_id=stored.id,
        deadline=today, rating_hasil_before=planned.rating_hasil, rating_perilaku_before=planned.rating_perilaku, predikat_before=planned.predikat,
    )
    session.add(objection)
    session.flush()
    thread = dialog.open_thread(session, actor=staf_actor, employee_id=staf_id, year=today.year,
                                form=ThreadForm(f"{MARKER} dialog", "umum", f"{MARKER} pesan"))
    meeting = dialog.save_meeting(session, actor=atasan_actor, employee_id=staf_id, year=today.year,
                                  form=MeetingForm(today.isoformat(), f"{MARKER} bahasan", f"{MARKER} kesepakatan"))
    return Targets(
        staf_id=staf_id, staf_nip=staf.nip, staf_name=staf.name, staf_unit_id=snapshot.unit_of_employee(staf_id),
        instansi_unit_id=snapshot.instansi_of_unit(snapshot.unit_of_employee(staf_id)),
        staf_position_id=holding.position_id, atasan_id=atasan_actor.employee_id, activity_id=activity.id,
        evidence_id=stored.id, absence_id=absence.id, skp_id=approved.id, draft_skp_id=draft.id, rhk_id=rhk.id,
        indikator_id=indikator.id, approved_indikator_id=approved_indikator.id, evaluation_id=ev.id,
        plan_evaluation_id=plan_item.evaluation_id, plan_item_id=plan_item.id,
        task_assignee_id=assignee.id, delegation_id=appointed.id, catalog_item_id=catalog_item.id,
        announcement_id=announcement.id, holiday_id=holiday.id, duty_id=duty.id,
        peer_request_id=peer_request.id, peer_respondent_id=peers[-2], keberatan_id=objection.id,
        dialog_thread_id=thread.id, dialog_meeting_id=meeting.id,
    )
