"""Keberatan page: the employee objects to a final predikat and follows its status live; the atasan
of the pejabat penilai (or their Plt/Plh) decides. The services check every access."""

from __future__ import annotations

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain import keberatan as keberatan_rules
from ekinerja.domain.keberatan import DEFAULT_FILING_DAYS
from ekinerja.domain.validation import ValidationFailed
from ekinerja.reports.keberatan_document import keberatan_pdf
from ekinerja.routes import KEBERATAN
from ekinerja.services import keberatan, report_documents, reports
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_value
from ekinerja.state.evidence import EvidenceDownloadMixin
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, client_token, live_event, own_change
from ekinerja.state.staged_upload import StagedUploadMixin


def _row(r: keberatan.KeberatanRow) -> dict[str, str]:
    return {
        "id": str(r.id), "employee": r.employee, "period": r.period, "status": r.status, "status_label": r.status_label,
        "before": r.predikat_before, "after": r.predikat_after, "filed": f"{r.filed_on:%d-%m-%Y}",
    }


def _read_lists(actor: Actor) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    with session_scope() as session:
        filable = [
            {
                "id": str(f.evaluation_id), "period": f.period, "predikat": f.predikat, "deadline": f"{f.deadline:%d-%m-%Y}",
                "reviewer": f.reviewer or "(atasan pejabat penilai belum tercatat)",
            }
            for f in keberatan.filable_evaluations(session, actor=actor)
        ]
        own = [_row(r) for r in keberatan.own_keberatan(session, actor=actor)]
        incoming = [_row(r) for r in keberatan.to_decide(session, actor=actor)]
    return filable, own, incoming


def _watched(actor: Actor) -> list[int]:
    with session_scope() as session:
        return keberatan.watched_ids(session, actor=actor)


class KeberatanState(EvidenceDownloadMixin, StagedUploadMixin, EditorMixin, AppState):
    filable: list[dict[str, str]] = []
    own: list[dict[str, str]] = []
    incoming: list[dict[str, str]] = []
    filing_days: int = DEFAULT_FILING_DAYS
    filing_period: str = ""  # the evaluation the filing dialog is for
    filing_evaluation_id: int = 0
    # The keberatan shown in detail
    detail_id: int = 0
    detail: dict[str, str] = {}
    detail_tpp: list[dict[str, str]] = []

    def _show_lists(self, lists: tuple[list, list, list]) -> None:
        self.filable, self.own, self.incoming = lists

    def _show_detail(self, actor: Actor, keberatan_id: int) -> None:
        self.detail, self.detail_tpp = _read_detail(actor, keberatan_id)
        self.detail_id = keberatan_id

    def _refresh(self, actor: Actor) -> None:
        self._show_lists(_read_lists(actor))
        with session_scope() as session:
            self.filing_days = keberatan.filing_days(session, instansi_id=actor.instansi_id)

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self.detail_id = 0
        self.form_open = ""
        self._refresh(actor)
        return KeberatanState.watch

    @live_event(Rule.SIGNED_IN, route=KEBERATAN)
    async def watch(self, actor: Actor):
        """Live status: a filing reaches the reviewer and a decision reaches the employee without a reload."""
        await self._keep_page_live(actor, route=KEBERATAN, feed=Feed(
            watch=lambda: _watched(actor), marker=Marker.of(keberatan.change_markers),
            params=lambda state: state.detail_id, show=KeberatanState._show_live,
            read=lambda shown: (_read_lists(actor), _read_detail(actor, shown) if shown else None),
        ))

    def _show_live(self, view: tuple) -> None:
        lists, detail = view
        self._show_lists(lists)
        if detail is not None:
            self.detail, self.detail_tpp = detail

    # Filing

    @guarded(Rule.SIGNED_IN)
    def open_filing(self, actor: Actor, evaluation_id: str):
        """Only an evaluation listed for the caller (their own, still within the period) can be chosen."""
        chosen = next((f for f in self.filable if f["id"] == str(evaluation_id)), None)
        if chosen is None:
            return
        self._drop_staged()
        self.filing_evaluation_id = int(chosen["id"])
        self.filing_period = f"{chosen['period']} (predikat {chosen['predikat']})"
        self._open("keberatan", values={"reasons": ""})

    @guarded(Rule.SIGNED_IN)
    def submit_filing(self, actor: Actor, form_data: dict):
        reasons = form_value(form_data, "reasons")
        data, name = self._staged_file()
        evaluation_id, token = self.filing_evaluation_id, client_token(self)

        def write(session) -> None:
            keberatan.file_keberatan(
                session, actor=actor, evaluation_id=evaluation_id, reasons=reasons,
                evidence=(data, name) if data else None,
            )
            own_change(session, token)

        def show(_) -> None:
            self._drop_staged()
            self._refresh(actor)

        return self._save(
            {"reasons": reasons}, write, "Keberatan diajukan kepada atasan pejabat penilai.", show=show, toast_field="form"
        )

    # Reading and deciding

    @guarded(Rule.SIGNED_IN)
    def open_keberatan(self, actor: Actor, keberatan_id: str):
        if str(keberatan_id).isdigit():
            self._show_detail(actor, int(keberatan_id))

    @guarded(Rule.SIGNED_IN)
    def close_detail(self, actor: Actor):
        self.detail_id = 0

    @guarded(Rule.SIGNED_IN)
    def open_decision(self, actor: Actor):
        """The decision form for the keberatan shown (shown only when the service said the caller may decide)."""
        if self.detail.get("can_decide"):
            self._open("putusan", editing_id=self.detail_id, values={"decision": "", "rating_hasil": "", "rating_perilaku": "", "decision_reason": ""})

    @guarded(Rule.SIGNED_IN)  # the service checks: the atasan of the pejabat penilai or their Plt/Plh
    def decide(self, actor: Actor, form_data: dict):
        form = {k: form_value(form_data, k) for k in ("decision", "rating_hasil", "rating_perilaku", "decision_reason")}
        keberatan_id, token = self.detail_id, client_token(self)

        def write(session) -> str:
            row = keberatan.decide(session, actor=actor, keberatan_id=keberatan_id, form=form)
            own_change(session, token)
            return row.status

        def show(_) -> None:
            self._refresh(actor)
            self._show_detail(actor, keberatan_id)

        def done(label: str):
            if self.detail.get("kurva_breach"):
                return toasts.warning(f"Keberatan {label}; keputusan final. Distribusi predikat unit kini tidak sesuai kurva: lihat catatan kurva.")
            return f"Keberatan {label}; keputusan final."

        return self._save(form, write, done, show=show, toast_field="form")

    @guarded(Rule.SIGNED_IN)
    def download_document(self, actor: Actor, keberatan_id: str):
        if not str(keberatan_id).isdigit():
            return None
        try:
            with session_scope() as session:
                doc = report_documents.keberatan_document(session, actor=actor, keberatan_id=int(keberatan_id))
        except ValidationFailed as failed:
            return toasts.error(" ".join(failed.errors.values()))
        data = keberatan_pdf(doc, stamp=reports.stamp_for(actor, doc.period))
        return rx.download(data=data, filename=f"keputusan-keberatan-{keberatan_id}.pdf", mime_type="application/pdf")

    def _evidence_download(self, session, actor: Actor, evidence_id: int):
        """Here the page sends the keberatan's id: whoever may read the keberatan may read its bukti."""
        return keberatan.evidence_of(session, actor=actor, keberatan_id=evidence_id)

    # The instansi's setting

    @guarded(Rule.ADMIN)
    def save_filing_days(self, actor: Actor, form_data: dict):
        days = form_value(form_data, "keberatan_days")
        return self._write(
            lambda s: keberatan.save_filing_days(s, actor=actor, days=days),
            done=lambda _: f"Batas pengajuan keberatan: {self.filing_days} hari sejak penilaian final.",
            show=lambda _: self._refresh(actor),
        )


def _read_detail(actor: Actor, keberatan_id: int) -> tuple[dict[str, str], list[dict[str, str]]]:
    with session_scope() as session:
        v = keberatan.keberatan_view(session, actor=actor, keberatan_id=keberatan_id)
    detail = {
        "employee": v.employee, "evaluator": v.evaluator, "reviewer": v.reviewer, "decided_by": v.decided_by,
        "period": v.period, "status": v.status, "status_label": v.status_label, "reasons": v.reasons,
        "evidence": "1" if v.has_evidence else "", "filed": f"{v.filed_on:%d-%m-%Y}",
        "hasil_before": v.rating_hasil_before, "perilaku_before": v.rating_perilaku_before, "predikat_before": v.predikat_before,
        "hasil_after": v.rating_hasil_after, "perilaku_after": v.rating_perilaku_after, "predikat_after": v.predikat_after,
        "decision_reason": v.decision_reason, "decided": f"{v.decided_on:%d-%m-%Y}" if v.decided_on else "",
        "tpp_note": v.tpp_note, "can_decide": "1" if v.can_decide else "", "settled": "" if keberatan_rules.decidable(v.status) else "1",
        "kurva_note": v.kurva_note, "kurva_breach": "1" if v.kurva_breach else "",
    }
    tpp = [
        {"month": t.month, "locked": "dikunci" if t.locked else "dihitung ulang", "before": t.before, "after": t.after, "difference": t.difference}
        for t in v.tpp
    ]
    return detail, tpp
