"""Admin: pengumuman to the whole instansi or to one employee."""

from __future__ import annotations

from sqlmodel import Session

from ekinerja.access import Actor, Rule
from ekinerja.clock import format_local, local_today
from ekinerja.db import session_scope
from ekinerja.domain.validation import (
    ANNOUNCEMENT_KINDS,
    AnnouncementForm,
    ValidationFailed,
    validate_announcement,
)
from ekinerja.services.announcements import (
    create_announcement,
    deactivate_announcement,
    list_for_admin,
)
from ekinerja.services.employees import employee_id_by_nip
from ekinerja.state.admin_common import AdminPagedMixin
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of
from ekinerja.state.guard import guarded

KIND_LABELS = {"umum": "Umum", "koreksi_data": "Koreksi data"}
KIND_HINTS = {"umum": "Umum", "koreksi_data": "Koreksi data (untuk satu pegawai)"}
KIND_OPTIONS = [{"id": kind, "label": KIND_HINTS.get(kind, kind)} for kind in ANNOUNCEMENT_KINDS]
NIP_NOT_FOUND = "NIP tidak ditemukan di instansi Anda."
# The form asks for a NIP; the service speaks of the employee id behind it.
TARGET_FIELD = "target_nip"


def _on_nip_field(errors: dict[str, str]) -> dict[str, str]:
    return {(TARGET_FIELD if key == "target_employee_id" else key): message for key, message in errors.items()}


class AdminAnnouncementsState(EditorMixin, AdminPagedMixin, AppState):
    def _load(self, actor: Actor) -> None:
        with session_scope() as session:
            rows, total = list_for_admin(session, actor=actor, page=self.page, page_size=self._page_size())
        self._set_total(total)
        self.rows = [
            {
                "id": str(row.id),
                "title": row.title,
                "kind": row.kind,
                "kind_label": KIND_LABELS.get(row.kind, row.kind),
                "target": row.target_name or "Semua pegawai",
                "visible_until": row.visible_until.strftime("%d-%m-%Y") if row.visible_until else "—",
                "created_by": row.created_by_name,
                "created_at": format_local(row.created_at, actor.timezone),
                "active": "ya" if row.active else "tidak",
            }
            for row in rows
        ]

    def _create(self, session: Session, actor: Actor, form_data: dict) -> None:
        """Resolve the NIP, then create; every problem is reported at once, on the field it belongs to."""
        nip = str(form_data.get(TARGET_FIELD, "")).strip()
        target_id = employee_id_by_nip(session, actor=actor, nip=nip) if nip else None
        form = form_of(AnnouncementForm, form_data, target_employee_id=str(target_id or ""))
        if nip and target_id is None:
            _, errors = validate_announcement(form, today=local_today())
            raise ValidationFailed({**_on_nip_field(errors), TARGET_FIELD: NIP_NOT_FOUND})
        try:
            create_announcement(session, actor=actor, form=form)
        except ValidationFailed as failed:
            raise ValidationFailed(_on_nip_field(failed.errors)) from None

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.page = 1
        self.form_open = ""
        self._load(actor)

    @guarded(Rule.ADMIN)
    def open_new(self, actor: Actor):
        self._open("announcement", values={"kind": "umum"})

    @guarded(Rule.ADMIN)
    def save(self, actor: Actor, form_data: dict):
        result = self._save(form_data, lambda s: self._create(s, actor, form_data), "Pengumuman diterbitkan.")
        if not self.form_open:
            self.page = 1  # the new one is at the top
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def deactivate(self, actor: Actor, announcement_id: int):
        return self._write(
            lambda s: deactivate_announcement(s, actor=actor, announcement_id=int(announcement_id)),
            done="Pengumuman dinonaktifkan; tidak lagi tampil di dashboard pegawai.", show=lambda _: self._load(actor),
        )
