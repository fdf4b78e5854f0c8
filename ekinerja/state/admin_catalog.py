"""Admin: the activity catalogue (uraian tugas) of each jabatan, its import and export."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from ekinerja.access import Actor, Rule, require
from ekinerja.db import session_scope
from ekinerja.domain.catalog import CatalogForm
from ekinerja.services import catalog
from ekinerja.services.org_admin import list_positions
from ekinerja.services.paging import MAX_PAGE_SIZE
from ekinerja.services.spreadsheet import XLSX_MIME, ImportReport
from ekinerja.state.admin_common import AdminSearchMixin
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of
from ekinerja.state.guard import guarded
from ekinerja.state.spreadsheet_import import SpreadsheetImportMixin

ALL = "semua"


class AdminCatalogState(SpreadsheetImportMixin, EditorMixin, AdminSearchMixin, AppState):
    position_filter: str = ""
    position_options: list[dict[str, str]] = []

    def _load(self, actor: Actor) -> None:
        position_id = int(self.position_filter) if self.position_filter.isdigit() else None
        with session_scope() as session:
            rows, total = catalog.list_catalog(
                session, actor=actor, position_id=position_id, search=self.search, page=self.page,
                page_size=self._page_size(),
            )
        self._set_total(total)
        self.rows = [
            {
                "id": str(row.id),
                "position_id": str(row.position_id),
                "position": row.position_name,
                "unit": row.unit_name,
                "name": row.name,
                "output_unit": row.output_unit,
                "minutes": str(row.standard_minutes),
                "active": "ya" if row.active else "tidak",
            }
            for row in rows
        ]

    def _load_positions(self, session: Session, actor: Actor) -> None:
        counts = catalog.catalog_counts(session, actor=actor)
        rows, _ = list_positions(session, actor=actor, page=1, page_size=MAX_PAGE_SIZE)
        self.position_options = [
            {"id": str(p.id), "label": f"{p.name} — {p.unit_name} · id {p.id} ({counts.get(p.id, 0)} uraian)"}
            for p in rows
            if p.active
        ]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.form_open = ""
        with session_scope() as session:
            self._load_positions(session, actor)
        self._first_page(actor)

    @guarded(Rule.ADMIN)
    def filter_position(self, actor: Actor, position_id: str):
        self.position_filter = "" if position_id == ALL else str(position_id)
        self._first_page(actor)

    @guarded(Rule.ADMIN)
    def open_new(self, actor: Actor):
        # A new item starts on the jabatan the list is filtered on, if any.
        self._open("catalog", values={"position_id": self.position_filter, "active": "on"})

    @guarded(Rule.ADMIN)
    def open_edit(self, actor: Actor, item_id: int):
        row = next((r for r in self.rows if r["id"] == str(item_id)), None)
        require(row is not None, catalog.ITEM_NOT_FOUND)
        values = {
            "position_id": row["position_id"],
            "name": row["name"],
            "output_unit": row["output_unit"],
            "standard_minutes": row["minutes"],
        }
        if row["active"] == "ya":
            values["active"] = "on"
        self._open("catalog", editing_id=int(row["id"]), values=values)

    @guarded(Rule.ADMIN)
    def save(self, actor: Actor, form_data: dict):
        form = form_of(CatalogForm, form_data)
        result = self._save_record(
            form_data,
            create=lambda s: catalog.create_catalog_item(s, actor=actor, form=form),
            update=lambda s, item_id: catalog.update_catalog_item(s, actor=actor, item_id=item_id, form=form),
            created="Uraian tugas ditambahkan.",
            updated="Uraian tugas disimpan.",
        )
        self._load(actor)
        return result

    @guarded(Rule.ADMIN)
    def toggle_active(self, actor: Actor, item_id: int, active: bool):
        return self._write(
            lambda s: catalog.set_catalog_item_active(s, actor=actor, item_id=int(item_id), active=bool(active)),
            done=None, show=lambda _: self._load(actor),
        )

    def _import_file(self, session: Session, actor: Actor, data: bytes, filename: str) -> ImportReport:
        return catalog.import_catalog(session, actor=actor, data=data, filename=filename)

    def _imported(self, report: ImportReport) -> str:
        return f"Berhasil: {report.created} uraian tugas ditambahkan."

    @guarded(Rule.ADMIN)
    def export_xlsx(self, actor: Actor):
        with session_scope() as session:
            data = catalog.export_catalog_xlsx(session, actor=actor)
        return rx.download(data=data, filename="katalog-kegiatan.xlsx", mime_type=XLSX_MIME)

    @guarded(Rule.ADMIN)
    def download_template(self, actor: Actor):
        return rx.download(data=catalog.import_template_xlsx(), filename="templat-impor-katalog.xlsx", mime_type=XLSX_MIME)
