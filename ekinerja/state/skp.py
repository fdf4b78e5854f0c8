"""Sasaran Pegawai: the employee's SKPs, the SKP editor, and the atasan's SKP Bawahan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ekinerja.access import Actor, Rule
from ekinerja.clock import local_date, local_today
from ekinerja.db import session_scope
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.services import skp as svc
from ekinerja.services import skp_drafts, skp_workflow
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of, form_value
from ekinerja.state.guard import guarded

KIND_LABEL = {"utama": "Utama", "tambahan": "Tambahan"}


def _list_row(row: svc.SkpRow) -> dict[str, str]:
    return {
        "id": str(row.id),
        "name": row.employee_name,
        "nip": row.nip,
        "year": str(row.year),
        "period": row.period,
        "jabatan": row.jabatan,
        "status": row.status,
        "status_label": rules.STATUS_LABELS.get(row.status, row.status),
        "revision": str(row.revision),
    }


class SkpState(EditorMixin, AppState):
    year: int = 0
    own_rows: list[dict[str, str]] = []
    sub_rows: list[dict[str, str]] = []
    open_periods: list[dict[str, str]] = []
    can_copy: bool = False

    selected_id: int = 0
    header: dict[str, str] = {}
    rhks: list[dict[str, str]] = []
    indikators: list[dict[str, str]] = []
    atasan_options: list[dict[str, str]] = []
    has_atasan: bool = False
    jpt: bool = False
    problems: list[str] = []
    perilaku: list[dict[str, str]] = []
    history_rows: list[dict[str, str]] = []
    can_edit: bool = False
    can_submit: bool = False
    can_decide: bool = False
    can_revise: bool = False
    can_expect: bool = False
    rencana_slots: list[dict[str, str]] = []
    action_error: str = ""
    parent_id: int = 0  # the RHK an indikator dialog belongs to
    rencana_kind: str = ""

    # -- loading -------------------------------------------------------------

    def _load_lists(self, actor: Actor) -> None:
        self.year = local_today().year
        with session_scope() as session:
            self.own_rows = [_list_row(r) for r in svc.list_own(session, actor=actor)]
            self.sub_rows = [_list_row(r) for r in svc.list_subordinates(session, actor=actor, year=self.year)] if actor.is_supervisor else []
            self.open_periods = [
                {"position_id": str(p.position_id), "label": f"{p.position_name} ({rules.period_label(p.start, p.end)})"}
                for p in svc.open_periods(session, actor=actor, year=self.year)
            ]
        has_this_year = any(r["year"] == str(self.year) for r in self.own_rows)
        self.can_copy = not has_this_year and any(r["year"] == str(self.year - 1) and rules.approved(r["status"]) for r in self.own_rows)

    def _load_detail(self, actor: Actor) -> None:
        with session_scope() as session:
            d = svc.get_detail(session, actor=actor, skp_id=self.selected_id)
            pending = any(rules.in_progress(h.status) for h in d.history)
        skp = d.skp
        penilai = d.penilai
        self.header = {
            "id": str(skp.id),
            "year": str(skp.year),
            "period": rules.period_label(skp.period_start, skp.period_end),
            "start": skp.period_start.isoformat(),
            "end": skp.period_end.isoformat(),
            "status": skp.status,
            "status_label": rules.STATUS_LABELS.get(skp.status, skp.status),
            "revision": str(skp.revision),
            "approach": skp.approach,
            "return_note": skp.return_note,
            "locked": "1" if rules.approved(skp.status) else "",
            "sent_back": "1" if rules.sent_back(skp.status, return_note=skp.return_note) else "",
            "dukungan_sumber_daya": skp.dukungan_sumber_daya,
            "skema_pertanggungjawaban": skp.skema_pertanggungjawaban,
            "konsekuensi": skp.konsekuensi,
            "pegawai_name": d.pegawai.name, "pegawai_nip": d.pegawai.nip, "pegawai_pangkat": d.pegawai.pangkat,
            "pegawai_jabatan": d.pegawai.jabatan, "pegawai_unit": d.pegawai.unit,
            "penilai_name": penilai.name if penilai else "-", "penilai_nip": penilai.nip if penilai else "",
            "penilai_jabatan": penilai.jabatan if penilai else "Tidak ada (pimpinan tertinggi)",
            "penilai_unit": penilai.unit if penilai else "",
        }
        self.rhks = [
            {
                "id": str(r.id), "kind": r.kind, "kind_label": KIND_LABEL[r.kind], "description": r.description,
                "atasan_rhk_id": str(r.atasan_rhk_id or ""), "atasan_rhk": r.atasan_rhk_text,
                "perspektif": r.perspektif or "", "perspektif_label": rules.PERSPEKTIF.get(r.perspektif or "", ""),
                "number": str(n),
            }
            for n, r in enumerate(d.rhks, start=1)
        ]
        self.indikators = [
            {
                "id": str(i.id), "rhk_id": str(r.id), "aspek": i.aspek, "description": i.description,
                "target_value": rules.fmt(i.target_value), "target_unit": i.target_unit,
                "triwulan": _split_text(i.rencana, "triwulan"), "bulan": _split_text(i.rencana, "bulan"),
                "rencana_text": _split_label(i.rencana),
            }
            for r in d.rhks
            for i in r.indikators
        ]
        self.atasan_options = [{"id": str(rid), "label": text} for rid, text in d.atasan_options]
        self.has_atasan, self.jpt, self.problems = d.has_atasan, d.jpt, d.problems
        self.perilaku = [
            {
                "code": v.code, "name": v.name, "b1": v.behaviours[0], "b2": v.behaviours[1], "b3": v.behaviours[2],
                "ekspektasi": d.expectations.get(v.code, ""),
            }
            for v in BERAKHLAK
        ]
        self.history_rows = [
            {
                "id": str(h.id), "revision": str(h.revision), "status_label": rules.STATUS_LABELS.get(h.status, h.status),
                "approved_at": f"{local_date(h.approved_at, actor.timezone):%d-%m-%Y}" if h.approved_at else "-",
                "current": "1" if h.id == skp.id else "",
            }
            for h in d.history
        ]
        actions = rules.allowed_actions(skp.status, is_owner=d.is_owner, is_atasan=d.is_atasan, revision_pending=pending)
        self.can_edit = actions.edit
        self.can_submit = actions.submit
        self.can_decide = actions.decide
        self.can_revise = actions.revise
        self.can_expect = actions.expect
        self.action_error = ""

    def _refresh(self, actor: Actor) -> None:
        self._load_lists(actor)
        if self.selected_id:
            self._load_detail(actor)

    def _act(self, actor: Actor, write, done: str):
        """A workflow step (``write`` returns the id of an SKP it created, to open it): its refusal
        reason stays on screen, not only in a toast."""

        def show(result) -> None:
            if isinstance(result, int):
                self.selected_id = result
            self._refresh(actor)

        return self._write(write, done=done, show=show, refused=self._show_refusal)

    def _show_refusal(self, message: str) -> None:
        self.action_error = message

    def _save_part(self, actor: Actor, form_data: dict, write, done: str):
        """Saves one part of the open SKP and shows the SKP again as stored."""
        result = self._save(form_data, write, done)
        self._load_detail(actor)
        return result

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self.form_open = ""
        requested = self.router.url.query_parameters.get("skp", "")
        self.selected_id = int(requested) if str(requested).isdigit() else 0
        self._load_lists(actor)
        if self.selected_id:
            self._load_detail(actor)

    @guarded(Rule.SIGNED_IN)
    def open_skp(self, actor: Actor, skp_id: int):
        self.selected_id = int(skp_id)
        self._load_detail(actor)

    @guarded(Rule.SIGNED_IN)
    def back_to_list(self, actor: Actor):
        self.selected_id = 0
        self._load_lists(actor)

    # -- creating ------------------------------------------------------------

    @guarded(Rule.SIGNED_IN)
    def create_draft(self, actor: Actor, position_id: str):
        chosen = int(position_id) if str(position_id).isdigit() else None
        return self._act(
            actor, lambda s: skp_drafts.create_draft(s, actor=actor, year=local_today().year, position_id=chosen).id, "Draf SKP dibuat."
        )

    @guarded(Rule.SIGNED_IN)
    def copy_last_year(self, actor: Actor):
        return self._act(
            actor, lambda s: skp_drafts.copy_last_year(s, actor=actor, year=local_today().year).id,
            "SKP tahun lalu disalin sebagai draf. Kaitkan kembali setiap RHK dengan RHK atasan tahun ini.",
        )

    @guarded(Rule.SIGNED_IN)
    def create_revision(self, actor: Actor):
        return self._act(actor, lambda s: skp_drafts.create_revision(s, actor=actor, skp_id=self.selected_id).id, "Revisi SKP dibuat sebagai draf.")

    # -- RHK and indikator ---------------------------------------------------

    @guarded(Rule.SIGNED_IN)
    def open_rhk(self, actor: Actor, rhk_id: int):
        row = next((r for r in self.rhks if r["id"] == str(rhk_id)), None)
        values = {k: row[k] for k in ("kind", "description", "atasan_rhk_id", "perspektif")} if row else {"kind": "utama"}
        self._open("rhk", editing_id=int(rhk_id) if row else 0, values=values)

    @guarded(Rule.SIGNED_IN)
    def save_rhk(self, actor: Actor, form_data: dict):
        form = form_of(rules.RhkForm, form_data)
        return self._save_part(
            actor, form_data,
            lambda s: skp_drafts.save_rhk(s, actor=actor, skp_id=self.selected_id, rhk_id=self.editing_id or None, form=form), "RHK disimpan.")

    @guarded(Rule.SIGNED_IN)
    def delete_rhk(self, actor: Actor, rhk_id: int):
        return self._write(
            lambda s: skp_drafts.delete_rhk(s, actor=actor, skp_id=self.selected_id, rhk_id=int(rhk_id)),
            done="RHK dihapus.", show=lambda _: self._load_detail(actor),
        )

    @guarded(Rule.SIGNED_IN)
    def open_indikator(self, actor: Actor, rhk_id: int, indikator_id: int):
        row = next((i for i in self.indikators if i["id"] == str(indikator_id)), None)
        values = (
            {"aspek": row["aspek"], "description": row["description"], "target_value": row["target_value"], "target_unit": row["target_unit"]}
            if row else {"aspek": "kuantitas"}
        )
        self.parent_id = int(rhk_id)
        self._open("indikator", editing_id=int(indikator_id) if row else 0, values=values)

    @guarded(Rule.SIGNED_IN)
    def save_indikator(self, actor: Actor, form_data: dict):
        form = form_of(rules.IndikatorForm, form_data)
        return self._save_part(
            actor, form_data,
            lambda s: skp_drafts.save_indikator(s, actor=actor, rhk_id=self.parent_id, indikator_id=self.editing_id or None, form=form), "Indikator disimpan.")

    @guarded(Rule.SIGNED_IN)
    def delete_indikator(self, actor: Actor, indikator_id: int):
        return self._write(
            lambda s: skp_drafts.delete_indikator(s, actor=actor, indikator_id=int(indikator_id)),
            done="Indikator dihapus.", show=lambda _: self._load_detail(actor),
        )

    # -- rencana aksi --------------------------------------------------------

    def _slots(self, kind: str) -> list[int]:
        return rules.split_slots(date.fromisoformat(self.header["start"]), date.fromisoformat(self.header["end"]), kind)

    @guarded(Rule.SIGNED_IN)
    def open_rencana(self, actor: Actor, indikator_id: int, kind: str):
        row = next((i for i in self.indikators if i["id"] == str(indikator_id)), None)
        if row is None or kind not in ("triwulan", "bulan"):
            return
        self.rencana_kind = kind
        saved = _parse_split(row[kind])
        slots = self._slots(kind)
        self.rencana_slots = [{"no": str(no), "label": rules.slot_label(kind, no)} for no in slots]
        self._open("rencana", editing_id=int(indikator_id), values={f"p{no}": saved.get(no, "") for no in slots} | {"target": f"{row['target_value']} {row['target_unit']}"})
        return

    @guarded(Rule.SIGNED_IN)
    def split_rencana(self, actor: Actor):
        with session_scope() as session:
            split = skp_drafts.equal_split(session, actor=actor, indikator_id=self.editing_id, kind=self.rencana_kind)
        self.form_values = {**self.form_values, **{f"p{no}": str(v) for no, v in split.items()}}
        self.form_errors = {}
        self.form_version += 1  # remount the inputs with the split as their defaults

    @guarded(Rule.SIGNED_IN)
    def save_rencana(self, actor: Actor, form_data: dict):
        values = {int(k[1:]): form_value(form_data, k) for k in form_data if k.startswith("p") and k[1:].isdigit()}
        return self._save_part(actor, {**form_data, "target": self.form_values.get("target", "")},
            lambda s: skp_drafts.save_rencana_aksi(s, actor=actor, indikator_id=self.editing_id, kind=self.rencana_kind, values=values), "Rencana aksi disimpan.")

    # -- lampiran, perilaku ---------------------------------------------------

    @guarded(Rule.SIGNED_IN)
    def save_lampiran(self, actor: Actor, form_data: dict):
        form = form_of(rules.LampiranForm, form_data)
        return self._save_part(actor, form_data, lambda s: skp_drafts.save_lampiran(s, actor=actor, skp_id=self.selected_id, form=form), "Lampiran disimpan.")

    @guarded(Rule.SIGNED_IN)
    def save_expectations(self, actor: Actor, form_data: dict):
        values = {v.code: form_value(form_data, v.code) for v in BERAKHLAK}
        return self._save_part(actor, form_data, lambda s: skp_drafts.save_expectations(s, actor=actor, skp_id=self.selected_id, values=values), "Ekspektasi khusus disimpan.")

    # -- workflow ------------------------------------------------------------

    @guarded(Rule.SIGNED_IN)
    def submit_skp(self, actor: Actor):
        return self._act(actor, lambda s: skp_workflow.submit(s, actor=actor, skp_id=self.selected_id), "SKP diajukan kepada atasan.")

    @guarded(Rule.SIGNED_IN)
    def approve_skp(self, actor: Actor):
        return self._act(actor, lambda s: skp_workflow.approve(s, actor=actor, skp_id=self.selected_id), "SKP disetujui dan dikunci.")

    @guarded(Rule.SIGNED_IN)
    def open_return(self, actor: Actor):
        self._open("kembalikan")

    @guarded(Rule.SIGNED_IN)
    def return_skp(self, actor: Actor, form_data: dict):
        note = form_value(form_data, "return_note")
        result = self._save(form_data, lambda s: skp_workflow.return_to_draft(s, actor=actor, skp_id=self.selected_id, note=note), "SKP dikembalikan dengan catatan.")
        if self.form_errors:
            return result
        self._refresh(actor)
        return result


def _split_text(rencana: dict[tuple[str, int], Decimal], kind: str) -> str:
    """"1:3;2:3;..." — the saved split of one kind, kept as text in the row."""
    return ";".join(f"{no}:{rules.fmt(v)}" for (k, no), v in sorted(rencana.items()) if k == kind)


def _parse_split(text: str) -> dict[int, str]:
    return {int(no): value for no, _, value in (part.partition(":") for part in text.split(";") if part)}


def _split_label(rencana: dict[tuple[str, int], Decimal]) -> str:
    """"TW1 3 · TW2 3 ..." for reading; quarters first, then months."""
    order = {"triwulan": 0, "bulan": 1}
    items = sorted(rencana.items(), key=lambda item: (order[item[0][0]], item[0][1]))
    return " · ".join(f"{rules.slot_label(k, no)} {rules.fmt(v)}" for (k, no), v in items)
