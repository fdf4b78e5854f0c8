"""Progres Pekerjaan: realisation per indikator and month, and the atasan's live team table.

The team table follows subordinates' changes without a reload through the worker's
live hub (ekinerja.state.live) watching services.progress.team_stamps.
"""

from __future__ import annotations

from ekinerja import routes
from ekinerja.access import Actor, Rule
from ekinerja.clock import format_local, local_today
from ekinerja.db import session_scope
from ekinerja.domain import skp_rules as rules
from ekinerja.services import progress
from ekinerja.services import skp as skp_svc
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of
from ekinerja.state.evidence import EvidenceDownloadMixin
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, live_event
from ekinerja.state.staged_upload import StagedUploadMixin

UPLOAD_ID = "bukti-realisasi"


def _pct(value) -> str:
    return rules.fmt(value)


def _team_rows(actor: Actor) -> list[dict[str, str]]:
    with session_scope() as session:
        rows = progress.team_progress(session, actor=actor, today=local_today())
    return [
        {
            "employee_id": str(r.employee_id),
            "name": r.name,
            "nip": r.nip,
            "skp_id": str(r.skp_id or ""),
            "status": r.status,
            "status_label": rules.STATUS_LABELS.get(r.status, "Belum ada SKP"),
            "percent": _pct(r.percent) if r.percent is not None else "-",
            "lagging": "1" if r.lagging else "",
            "last_update": format_local(r.last_update, actor.timezone, seconds=True) if r.last_update else "-",
        }
        for r in rows
    ]


def _read_progress(actor: Actor, skp_id: int) -> tuple | None:
    """(progress, owner, today) of the SKP shown, or None when none is."""
    if not skp_id:
        return None
    today = local_today()
    with session_scope() as session:
        result = progress.skp_progress(session, actor=actor, skp_id=skp_id, today=today)
        owner = skp_svc.get_detail(session, actor=actor, skp_id=skp_id).pegawai
    return result, owner, today


def _read_team(actor: Actor, skp_id: int) -> tuple[list[dict[str, str]], tuple | None]:
    """The team table, and the progress shown below it when it is a subordinate's."""
    rows = _team_rows(actor)
    shown = skp_id and any(r["skp_id"] == str(skp_id) for r in rows)
    return rows, _read_progress(actor, skp_id) if shown else None


def _team_members(actor: Actor) -> list[int]:
    with session_scope() as session:
        return list(progress.team_members(session, actor=actor))


class ProgressState(EvidenceDownloadMixin, StagedUploadMixin, EditorMixin, AppState):
    skp_options: list[dict[str, str]] = []
    skp_id: int = 0
    summary: dict[str, str] = {}
    rhk_rows: list[dict[str, str]] = []
    ind_rows: list[dict[str, str]] = []
    month_rows: list[dict[str, str]] = []
    month_options: list[dict[str, str]] = []
    is_owner: bool = False
    team_rows: list[dict[str, str]] = []

    def _load_options(self, actor: Actor) -> None:
        with session_scope() as session:
            own = skp_svc.list_own(session, actor=actor)
            current = skp_svc.current_skp(session, employee_id=actor.employee_id, today=local_today())
        approved = [r for r in own if rules.approved(r.status)]
        self.skp_options = [{"id": str(r.id), "label": f"{r.year} · {r.jabatan} ({r.period})"} for r in approved]
        if not self.skp_id:
            self.skp_id = current.id if current is not None and rules.approved(current.status) else (approved[0].id if approved else 0)

    def _load_progress(self, actor: Actor) -> None:
        self._show_progress(_read_progress(actor, self.skp_id))

    def _show_progress(self, read: tuple | None) -> None:
        if read is None:
            self.summary, self.rhk_rows, self.ind_rows, self.month_rows = {}, [], [], []
            return
        result, owner, today = read
        skp = result.skp
        self.is_owner = result.is_owner
        self.summary = {
            "name": owner.name, "jabatan": owner.jabatan,
            "period": rules.period_label(skp.period_start, skp.period_end),
            "status_label": rules.STATUS_LABELS.get(skp.status, skp.status),
            "percent": _pct(result.percent), "bar": str(int(rules.capped(result.percent))),
            "elapsed": _pct(result.elapsed),
        }
        self.rhk_rows = [
            {"id": str(r.id), "description": r.description, "kind": r.kind, "percent": _pct(r.percent),
             "bar": str(int(rules.capped(r.percent))), "lagging": "1" if r.lagging else ""}
            for r in result.rhks
        ]
        self.ind_rows = [
            {"id": str(i.id), "rhk_id": str(r.id), "description": i.description, "aspek": i.aspek,
             "target": f"{rules.fmt(i.target_value)} {i.target_unit}", "realised": f"{rules.fmt(i.realised)} {i.target_unit}",
             "percent": _pct(i.percent),
             "quarters": " · ".join(f"TW{q} {rules.fmt(v)}" for q, v in sorted(i.quarters.items()))}
            for r in result.rhks
            for i in r.indikators
        ]
        self.month_rows = [
            {"ind_id": str(i.id), "month": str(c.month), "label": rules.MONTHS[c.month - 1],
             "entered": rules.fmt(c.entered) if c.entered is not None else "-",
             "activities": rules.fmt(c.from_activities), "counted": rules.fmt(c.counted),
             "target": rules.fmt(c.target) if c.target is not None else "-",
             "link": c.evidence_link, "file": str(c.evidence_file_id or "")}
            for r in result.rhks
            for i in r.indikators
            for c in i.months
        ]
        months = rules.period_months(skp.period_start, skp.period_end)
        last = 12 if skp.year < today.year else today.month
        self.month_options = [{"id": str(m), "label": rules.MONTHS[m - 1]} for m in months if m <= last]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self.form_open = ""
        requested = self.router.url.query_parameters.get("skp", "")
        self.skp_id = int(requested) if str(requested).isdigit() else 0
        self._load_options(actor)
        self._load_progress(actor)
        if not actor.is_supervisor:
            self.team_rows = []
            return AppState.watch_unread  # nothing of a team to keep live: the menu's badge alone
        self.team_rows = _team_rows(actor)
        return ProgressState.watch_team

    @guarded(Rule.SIGNED_IN)
    def choose_skp(self, actor: Actor, skp_id: str):
        self.skp_id = int(skp_id) if str(skp_id).isdigit() else 0
        self._load_progress(actor)

    @guarded(Rule.SIGNED_IN)
    def view_skp(self, actor: Actor, skp_id: int):
        """A subordinate's progress, read-only, from the team table."""
        self.skp_id = int(skp_id)
        self._load_progress(actor)

    @guarded(Rule.SIGNED_IN)
    def open_realisasi(self, actor: Actor, indikator_id: int, month: str):
        existing = next((m for m in self.month_rows if m["ind_id"] == str(indikator_id) and m["month"] == str(month)), None)
        values = {"month": str(month) if month else (self.month_options[-1]["id"] if self.month_options else "")}
        if existing is not None and existing["entered"] != "-":
            values |= {"value": existing["entered"], "evidence_link": existing["link"]}
        self._drop_staged()
        self._open("realisasi", editing_id=int(indikator_id), values=values)

    @guarded(Rule.SIGNED_IN)
    def save_realisasi(self, actor: Actor, form_data: dict):
        form = form_of(rules.RealisasiForm, form_data)
        data, name = self._staged_file()
        result = self._save(
            form_data,
            lambda s: progress.save_realisasi(s, actor=actor, indikator_id=self.editing_id, form=form, today=local_today(),
                                              file_data=data or None, filename=name),
            "Realisasi disimpan.",
        )
        if not self.form_errors:
            self._drop_staged()
            self._load_progress(actor)
        return result

    def _show_team(self, view: tuple[list[dict[str, str]], tuple | None]) -> None:
        self.team_rows, shown_progress = view
        if shown_progress is not None:
            self._show_progress(shown_progress)  # the subordinate shown below changed too

    @live_event(Rule.SUPERVISOR, route=routes.PROGRES_PEKERJAAN)
    async def watch_team(self, actor: Actor):
        """The team table follows subordinates' realisasi without a reload."""
        await self._keep_page_live(actor, route=routes.PROGRES_PEKERJAAN, feed=Feed(
            watch=lambda: _team_members(actor), marker=Marker.of(progress.team_stamps),
            params=lambda state: state.skp_id, read=lambda skp_id: _read_team(actor, skp_id), show=ProgressState._show_team,
        ))

