"""Matriks Peran Hasil: the atasan's view of which bawahan's RHK serves which of their RHKs."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.dates import format_date
from ekinerja.domain.peran_hasil import MatrixView
from ekinerja.domain.validation import ValidationFailed
from ekinerja.reports.peran_hasil import KIND_LABELS, cell_text, skp_status_text, summary_text
from ekinerja.reports.registry import PDF_MIME
from ekinerja.services import peran_hasil
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded

# matrix_grid rows: [number, RHK atasan, jenis, "1" when served, one cell per member...]
CELLS_FROM = 4


class PeranHasilState(AppState):
    team_options: list[dict[str, str]] = []
    team_id: str = ""
    year_options: list[dict[str, str]] = []
    year: str = ""
    period_options: list[dict[str, str]] = []  # the atasan's SKP periods in the year, by start date
    period: str = ""
    heading: dict[str, str] = {}
    members: list[dict[str, str]] = []
    matrix_grid: list[list[str]] = []
    phone_entries: list[dict[str, str]] = []  # one per (RHK atasan, serving RHK), grouped by "no"
    unlinked: list[dict[str, str]] = []
    without_skp: list[dict[str, str]] = []

    def _show(self, view: MatrixView) -> None:
        matrix = view.matrix
        self.heading = {
            "atasan": f"{view.atasan_name} — {view.atasan_jabatan}",
            "unit": view.unit,
            "skp": (
                f"SKP atasan: {skp_status_text(view.atasan_skp_status)}, periode {view.atasan_skp_period}"
                if view.atasan_skp_status else f"Atasan belum memiliki SKP pada tahun {view.year}."
            ),
            "summary": summary_text(view),
            "unserved": str(len(matrix.unserved)),
            "on": f"Keadaan {format_date(view.on)}: bawahan langsung dan SKP yang berlaku pada tanggal itu.",
        }
        self.year = str(view.year)
        self.period = view.period.start.isoformat() if view.period else ""
        self.members = [
            {"name": m.name, "jabatan": m.jabatan, "status": m.skp_status or "belum", "status_label": skp_status_text(m.skp_status)}
            for m in matrix.members
        ]
        self.matrix_grid = [
            [str(n), row.rhk.description, KIND_LABELS.get(row.rhk.kind, row.rhk.kind), "1" if row.served else "",
             *(cell_text(cell) for cell in row.cells)]
            for n, row in enumerate(matrix.rows, start=1)
        ]
        self.phone_entries = [
            {"no": str(n), "name": member.name, "jabatan": member.jabatan, "rhk": rhk.description}
            for n, row in enumerate(matrix.rows, start=1)
            for member, cell in zip(matrix.members, row.cells, strict=True)
            for rhk in cell
        ]
        self.unlinked = [
            {"name": u.member.name, "rhk": u.rhk.description,
             "why": "Mengacu RHK atasan yang tidak ada di SKP atasan saat ini" if u.stale else "Tidak mengintervensi RHK atasan"}
            for u in matrix.unlinked
        ]
        self.without_skp = [{"name": m.name, "jabatan": m.jabatan} for m in matrix.without_skp]

    def _clear(self) -> None:
        self.heading, self.members, self.matrix_grid = {}, [], []
        self.phone_entries, self.unlinked, self.without_skp = [], [], []

    def _open(self, actor: Actor, atasan_id: int, year: int | None = None, period_start: date | None = None) -> None:
        """Shows the team's matrix for the year and period; the choices follow the team and the year."""
        with session_scope() as session:
            view = peran_hasil.team_matrix(session, actor=actor, atasan_id=atasan_id, year=year, period_start=period_start)
            self.year_options = [{"id": str(y), "label": str(y)} for y in peran_hasil.years(session, actor=actor, atasan_id=atasan_id)]
            self.period_options = [
                {"id": p.start.isoformat(), "label": f"{format_date(p.start)} s.d. {format_date(p.end)}"}
                for p in peran_hasil.periods(session, actor=actor, atasan_id=atasan_id, year=view.year)
            ]
            self._show(view)
        self.team_id = str(atasan_id)

    def _chosen_year(self) -> int | None:
        return int(self.year) if self.year.isdigit() else None

    def _reopen(self, actor: Actor, year: int | None, period_start: date | None):
        if not self.team_id.isdigit():
            return toasts.error("Pilih tim terlebih dahulu.")
        try:
            self._open(actor, int(self.team_id), year, period_start)
        except ValidationFailed as exc:
            return toasts.error(str(exc))
        return None

    @guarded(Rule.SUPERVISOR)
    def load(self, actor: Actor):
        self._clear()
        with session_scope() as session:
            found = peran_hasil.teams(session, actor=actor)
        self.team_options = [{"id": str(t.id), "label": t.label} for t in found]
        self.team_id = ""
        self.year_options, self.year, self.period_options, self.period = [], "", [], ""
        if found:
            self._open(actor, found[0].id)

    @guarded(Rule.SUPERVISOR)
    def choose_team(self, actor: Actor, atasan_id: str):
        if not str(atasan_id).isdigit():
            return toasts.error("Pilih tim dari daftar.")
        # The same year on the other team when it has SKPs then, else that team's default.
        try:
            self._open(actor, int(atasan_id), self._chosen_year())
        except ValidationFailed:
            self._open(actor, int(atasan_id))
        return None

    @guarded(Rule.SUPERVISOR)
    def choose_year(self, actor: Actor, year: str):
        if not str(year).isdigit():
            return toasts.error("Pilih tahun dari daftar.")
        return self._reopen(actor, int(year), None)

    @guarded(Rule.SUPERVISOR)
    def choose_period(self, actor: Actor, period_start: str):
        try:
            start = date.fromisoformat(str(period_start))
        except ValueError:
            return toasts.error("Pilih periode dari daftar.")
        return self._reopen(actor, self._chosen_year(), start)

    @guarded(Rule.SUPERVISOR)
    def download_pdf(self, actor: Actor):
        if not self.team_id.isdigit():
            return toasts.error("Pilih tim terlebih dahulu.")
        try:
            start = date.fromisoformat(self.period) if self.period else None
            with session_scope() as session:
                filename, data = peran_hasil.team_matrix_pdf(
                    session, actor=actor, atasan_id=int(self.team_id), year=self._chosen_year(), period_start=start
                )
        except ValueError:
            return toasts.error("Pilih periode dari daftar.")
        except ValidationFailed as exc:
            return toasts.error(str(exc))
        return rx.download(data=data, filename=filename, mime_type=PDF_MIME)
