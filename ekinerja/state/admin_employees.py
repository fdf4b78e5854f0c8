"""Admin: employee master data, mutasi, password reset, import and export."""

from __future__ import annotations

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.roles import KNOWN_ROLES, ROLE_ADMIN
from ekinerja.domain.validation import EmployeeForm, MoveForm
from ekinerja.services import employee_import, employees
from ekinerja.services.org_admin import list_positions
from ekinerja.services.spreadsheet import XLSX_MIME
from ekinerja.state.actor_cache import actors
from ekinerja.state.admin_common import (
    AdminSearchMixin,
    UnitFilterMixin,
    load_unit_options,
)
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, checked, form_of
from ekinerja.state.guard import guarded
from ekinerja.state.spreadsheet_import import SpreadsheetImportMixin

MAX_OPTIONS = 500


def _employee_form(form_data: dict) -> EmployeeForm:
    roles = tuple(role for role in KNOWN_ROLES if checked(form_data, f"role_{role}"))
    return form_of(EmployeeForm, form_data, roles=roles)


class AdminEmployeesState(SpreadsheetImportMixin, EditorMixin, UnitFilterMixin, AdminSearchMixin, AppState):
    position_options: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    nip_facts: str = ""

    def _load(self, actor: Actor) -> None:
        with session_scope() as session:
            rows, total = employees.list_employees(session, actor=actor, **self._listing())
        self._set_total(total)
        self.rows = [
            {
                "id": str(row.id),
                "nip": row.nip,
                "name": row.full_name,
                "position": row.position_name,
                "unit": row.unit_name,
                "status": row.status,
                "active": "ya" if row.active else "tidak",
            }
            for row in rows
        ]

    def _load_positions(self, actor: Actor, unit_id: str) -> None:
        if not unit_id.isdigit():
            self.position_options = []
            return
        with session_scope() as session:
            rows, _ = list_positions(session, actor=actor, unit_id=int(unit_id), page=1, page_size=MAX_OPTIONS)
        self.position_options = [
            {"id": str(row.id), "label": f"{row.name} ({row.unit_name}, kelas {row.kelas_jabatan})"}
            for row in rows
            if row.active
        ]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.form_open = ""
        with session_scope() as session:
            self.unit_options = load_unit_options(session, actor)
        self._first_page(actor)

    @guarded(Rule.ADMIN)
    def choose_unit(self, actor: Actor, unit_id: str):
        """The jabatan list follows the unit picked in the create or mutasi form."""
        self.form_values = {**self.form_values, "unit_id": str(unit_id), "position_id": ""}
        self._load_positions(actor, str(unit_id))

    @guarded(Rule.ADMIN)
    def open_new(self, actor: Actor):
        self.position_options = []
        self._open("employee", values={"status": "PNS"})

    @guarded(Rule.ADMIN)
    def open_edit(self, actor: Actor, employee_id: int):
        with session_scope() as session:
            detail = employees.get_employee_detail(session, actor=actor, employee_id=int(employee_id))
        values = {
            "nip": detail.nip,
            "name": detail.name,
            "gelar_depan": detail.gelar_depan,
            "gelar_belakang": detail.gelar_belakang,
            "status": detail.status,
            "pangkat_golongan": detail.pangkat_golongan,
            "jf_jenjang": detail.jf_jenjang,
            "jf_tmt": detail.jf_tmt.isoformat() if detail.jf_tmt else "",
            "jf_angka_kredit_awal": f"{detail.jf_angka_kredit_awal:.3f}".replace(".", ",") if detail.jf_angka_kredit_awal is not None else "",
            **{f"role_{role}": "on" for role in detail.roles},
        }
        self.nip_facts = detail.nip_facts
        self.history = [
            {
                "position": h.position_name,
                "unit": h.unit_name,
                "kind": h.kind,
                "period": f"{h.start_date:%d-%m-%Y} s.d. {h.end_date:%d-%m-%Y}" if h.end_date else f"{h.start_date:%d-%m-%Y} s.d. sekarang",
            }
            for h in detail.history
        ]
        self._open("employee", editing_id=detail.id, values=values)

    @guarded(Rule.ADMIN)
    def save(self, actor: Actor, form_data: dict):
        form = _employee_form(form_data)
        result = self._save_record(
            form_data,
            create=lambda s: employees.create_employee(s, actor=actor, form=form),
            update=lambda s, employee_id: employees.update_employee(s, actor=actor, employee_id=employee_id, form=form),
            created=f"Pegawai dibuat. Kata sandi awal: 8 digit pertama NIP ({form.nip.strip()[:8]}).",
            updated="Data pegawai disimpan.",
        )
        actors.forget_employee(employee_id=self.editing_id)  # roles or NIP may have changed
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def open_move(self, actor: Actor, employee_id: int):
        with session_scope() as session:
            detail = employees.get_employee_detail(session, actor=actor, employee_id=int(employee_id))
        self.position_options = []
        self._open("move", editing_id=detail.id, values={"name": detail.full_name, "nip": detail.nip})

    @guarded(Rule.ADMIN)
    def save_move(self, actor: Actor, form_data: dict):
        form = form_of(MoveForm, form_data)
        result = self._save(
            {**self.form_values, **form_data},
            lambda s: employees.move_employee(s, actor=actor, employee_id=self.editing_id, form=form),
            "Mutasi dicatat; riwayat jabatan sebelumnya tetap tersimpan.",
        )
        actors.forget_employee(employee_id=self.editing_id)
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def reset_password(self, actor: Actor, employee_id: int):
        return self._write(
            lambda s: employees.reset_password(s, actor=actor, employee_id=int(employee_id)),
            done=lambda employee: f"Kata sandi {employee.nip} dikembalikan ke 8 digit pertama NIP; wajib diganti saat masuk.",
            show=lambda employee: actors.forget_employee(employee_id=employee.id),
        )

    @guarded(Rule.ADMIN)
    def toggle_active(self, actor: Actor, employee_id: int, active: bool):
        def show(_) -> None:
            actors.forget_employee(employee_id=int(employee_id))
            self._load(actor)

        return self._write(
            lambda s: employees.set_active(s, actor=actor, employee_id=int(employee_id), active=bool(active)), done=None, show=show
        )

    def _import_file(self, session, actor: Actor, data: bytes, filename: str) -> employee_import.ImportReport:
        return employee_import.import_employees(session, actor=actor, data=data, filename=filename)

    def _imported(self, report: employee_import.ImportReport) -> str:
        return f"Berhasil: {report.created} pegawai dibuat."

    @guarded(Rule.ADMIN)
    def export_xlsx(self, actor: Actor):
        with session_scope() as session:
            data = employee_import.export_employees_xlsx(session, actor=actor)
        return rx.download(data=data, filename="daftar-pegawai.xlsx", mime_type=XLSX_MIME)

    @guarded(Rule.ADMIN)
    def download_template(self, actor: Actor):
        return rx.download(data=employee_import.import_template_xlsx(), filename="templat-impor-pegawai.xlsx", mime_type=XLSX_MIME)


ADMIN_ROLE_FIELD = f"role_{ROLE_ADMIN}"
