"""The import dialog of an admin listing: upload, check every row, write all or nothing."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import Session

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.validation import ValidationFailed
from ekinerja.services.spreadsheet import MAX_BYTES, ImportReport
from ekinerja.state.guard import guarded

MAX_REPORTED = 500  # rows of the error report sent to the browser


class SpreadsheetImportMixin(rx.State, mixin=True):
    """Needs EditorMixin (the "import" dialog) and a ``_load``; the state supplies ``_import_file``."""

    import_errors: list[dict[str, str]] = []
    import_summary: str = ""

    def _import_file(self, session: Session, actor: Actor, data: bytes, filename: str) -> ImportReport:
        raise NotImplementedError

    def _imported(self, report: ImportReport) -> str:
        """What the admin is told after a successful import."""
        raise NotImplementedError

    @guarded(Rule.ADMIN)
    def open_import(self, actor: Actor):
        self.import_errors = []
        self.import_summary = ""
        self._open("import")

    @guarded(Rule.ADMIN)
    async def handle_import(self, actor: Actor, files: list[rx.UploadFile]):
        self.import_errors = []
        self.import_summary = ""
        if not files:
            self.import_summary = "Pilih berkas Excel (.xlsx) atau CSV terlebih dahulu."
            return None
        upload = files[0]
        data = await upload.read(MAX_BYTES + 1)
        name = upload.filename or upload.name or ""

        def run() -> ImportReport:
            with session_scope() as session:
                return self._import_file(session, actor, data, name)

        try:
            report = await asyncio.to_thread(run)
        except ValidationFailed as failed:
            self.import_summary = " ".join(failed.errors.values())
            return None
        if report.errors:
            self.import_summary = (
                f"Tidak ada data yang disimpan: {len(report.errors)} masalah pada {report.total_rows} baris. "
                "Perbaiki baris berikut lalu unggah ulang."
            )
            self.import_errors = [
                {"row": str(e.row), "column": e.column, "message": e.message} for e in report.errors[:MAX_REPORTED]
            ]
            return None
        self.import_summary = self._imported(report)
        self._load(actor)
        return rx.toast.success(self.import_summary)
