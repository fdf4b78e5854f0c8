"""Admin: exchange with SIASN. The export file is kept on disk between the check and the apply
(state/staged_upload.py); the state holds its name and what the check found, never the bytes."""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain.validation import ValidationFailed
from ekinerja.services import siasn
from ekinerja.services.spreadsheet import MAX_BYTES, XLSX_MIME
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin
from ekinerja.state.guard import guarded
from ekinerja.state.staged_upload import discard, restage, staged_bytes

MAX_SHOWN = 500  # rows of changes, problems and unregistered NIPs sent to the browser


class AdminSiasnState(EditorMixin, AppState):
    year: str = ""
    year_options: list[dict[str, str]] = []
    file_name: str = ""
    summary: str = ""
    changes: list[dict[str, str]] = []
    problems: list[dict[str, str]] = []
    not_registered: list[dict[str, str]] = []
    ready: bool = False  # checked, without problems, with something to change
    working: bool = False
    _staged: str = ""

    def _reset_check(self) -> None:
        discard(self._staged)
        self._staged, self.file_name, self.summary, self.ready = "", "", "", False
        self.changes, self.problems, self.not_registered = [], [], []

    def _show(self, preview: siasn.SiasnPreview) -> None:
        self.changes = [
            {"row": str(c.row), "nip": c.nip, "name": c.name, "field": c.field, "before": c.before, "after": c.after}
            for c in preview.changes[:MAX_SHOWN]
        ]
        self.problems = [{"row": str(e.row), "column": e.column, "message": e.message} for e in preview.errors[:MAX_SHOWN]]
        self.not_registered = [{"row": str(r), "nip": nip, "name": name} for r, nip, name in preview.not_registered[:MAX_SHOWN]]
        outside = f" {len(preview.not_registered)} NIP tidak terdaftar di instansi ini dan dilewati." if preview.not_registered else ""
        if preview.errors:
            self.summary = f"{len(preview.errors)} masalah pada {preview.total_rows} baris: tidak ada yang dapat diterapkan sebelum diperbaiki.{outside}"
        else:
            self.summary = (
                f"{preview.total_rows} baris diperiksa: {preview.changed_employees} pegawai akan berubah, "
                f"{preview.unchanged} sudah sama.{outside}"
            )
        self.ready = not preview.errors and preview.changed_employees > 0

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        this_year = local_today().year
        self.year_options = [{"id": str(y), "label": str(y)} for y in range(this_year, this_year - 5, -1)]
        self.year = str(this_year - 1)
        self.working = False
        self._reset_check()

    @guarded(Rule.ADMIN)
    async def check_file(self, actor: Actor, files: list[rx.UploadFile], session_token: str = ""):
        # session_token: the tab's, checked before this runs (socket_binding: uploads come without a connection).
        """Stage the SIASN export and show what importing it would change; nothing is written."""
        self._reset_check()
        staged = await restage(self._staged, files, limit=MAX_BYTES)
        if staged is None:
            return
        self._staged, self.file_name = staged
        data, name = staged_bytes(self._staged), self.file_name

        def check() -> siasn.SiasnPreview:
            with session_scope() as session:
                return siasn.preview_import(session, actor=actor, data=data, filename=name)

        try:
            self._show(await asyncio.to_thread(check))
        except ValidationFailed as failed:
            self.summary = " ".join(failed.errors.values())
        return

    @guarded(Rule.ADMIN)
    def apply_changes(self, actor: Actor):
        """Apply the checked file: checked again inside the transaction, all of it or nothing."""
        data, name = staged_bytes(self._staged), self.file_name
        if not self.ready or not data:
            return toasts.error("Periksa berkas SIASN terlebih dahulu.")

        def refused(message: str) -> None:
            self.ready, self.summary = False, message

        def show(preview: siasn.SiasnPreview) -> None:
            self._reset_check()
            self.summary = f"Diterapkan: {preview.changed_employees} pegawai diperbarui dari SIASN."

        return self._write(
            lambda session: siasn.apply_import(session, actor=actor, data=data, filename=name),
            done=lambda _: self.summary, show=show, refused=refused,
        )

    @guarded(Rule.ADMIN)
    def clear_check(self, actor: Actor):
        self._reset_check()

    @guarded(Rule.ADMIN)
    def choose_year(self, actor: Actor, year: str):
        if year in {o["id"] for o in self.year_options}:
            self.year = year

    @guarded(Rule.ADMIN)
    def download_export(self, actor: Actor):
        year = int(self.year) if self.year.isdigit() else local_today().year - 1
        with session_scope() as session:
            data, count = siasn.export_predikat_xlsx(session, actor=actor, year=year)
        if count == 0:
            return toasts.warning(f"Belum ada penilaian tahunan yang final untuk tahun {year}.")
        return rx.download(data=data, filename=f"predikat-kinerja-siasn-{year}.xlsx", mime_type=XLSX_MIME)
