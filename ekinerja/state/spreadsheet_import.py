"""The import dialog of an admin listing: upload, check every row, write all or nothing."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from ekinerja.access import Actor, Rule
from ekinerja.services.spreadsheet import MAX_BYTES, ImportReport
from ekinerja.state.guard import guarded

MAX_REPORTED = 500  # rows of the error report sent to the browser


class SpreadsheetImportMixin(rx.State, mixin=True):
    """Needs EditorMixin (the "import" dialog) and a ``_load``; the state supplies ``_import_file``."""

    import_errors: list[dict[str, str]] = []
    import_summary: str = ""
    import_running: bool = False

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

    @rx.event(background=True)
    @guarded(Rule.ADMIN)
    async def handle_import(self, actor: Actor, chunks: rx.UploadChunkIterator, session_token: str = ""):
        """A background event: checking and writing thousands of rows (employees get bcrypt
        hashes) can take longer than Redis lets one event hold the tab's state lock, so the
        lock is taken only to show progress and the result. ``session_token``: the tab's, checked
        before this runs (socket_binding: uploads come without a connection)."""
        async with self:
            self.import_errors = []
            self.import_summary = ""
            self.import_running = True
        data, name = bytearray(), ""
        async for chunk in chunks:
            name = name or chunk.filename
            # Read to the end, keep one byte past the limit so the service reports the size.
            data.extend(chunk.data[: max(0, MAX_BYTES + 1 - len(data))])

        if not name:
            async with self:
                self.import_running = False
                self.import_summary = "Pilih berkas Excel (.xlsx) atau CSV terlebih dahulu."
            return None

        def shown(report: ImportReport) -> None:
            self.import_running = False
            if report.errors:  # all or nothing: no row was written
                self.import_summary = (
                    f"Tidak ada data yang disimpan: {len(report.errors)} masalah pada {report.total_rows} baris. "
                    "Perbaiki baris berikut lalu unggah ulang."
                )
                self.import_errors = [{"row": str(e.row), "column": e.column, "message": e.message} for e in report.errors[:MAX_REPORTED]]
            else:
                self.import_summary = self._imported(report)
                self._load(actor)

        def refused(message: str) -> None:
            self.import_running = False
            self.import_summary = message

        return await self._write_in_background(
            lambda session: self._import_file(session, actor, bytes(data), name),
            done=lambda report: None if report.errors else self._imported(report),
            show=shown,
            refused=refused,
        )
