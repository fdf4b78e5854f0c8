"""Penilaian diri on the Penilaian Kinerja page: the employee's own, and the one the atasan reads
beside their ratings. Rule.SIGNED_IN: the service decides who writes and who reads."""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain import self_assessment as self_assessment_rules
from ekinerja.domain.predikat import Rating
from ekinerja.domain.statuses import SelfAssessmentStatus
from ekinerja.services import self_assessment
from ekinerja.services.self_assessment import SelfView
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, checked, form_value
from ekinerja.state.guard import guarded
from ekinerja.state.presentation import parse_period

STATUS_LABELS = {"belum": "Belum diisi", SelfAssessmentStatus.DRAFT: "Draf (belum dikirim)", SelfAssessmentStatus.DIAJUKAN: "Sudah dikirim kepada atasan"}


def _rows(view: SelfView) -> list[dict[str, str]]:
    return [
        {"key": f"rhk_{r.rhk_id}", "rhk_id": str(r.rhk_id), "description": r.description, "realisasi": r.realisasi,
         "evidence": r.evidence, "rating": r.rating, "rating_label": Rating(r.rating).label if r.rating else "-", "note": r.note}
        for r in view.rhks
    ]


class SelfAssessmentState(EditorMixin, AppState):
    period: str = ""  # kind:year:number, as on the page
    skp_id: int = 0  # 0: the caller has no approved SKP for the year
    title: str = ""
    status: str = ""
    can_edit: bool = False
    sent: bool = False  # sent to the atasan (the domain's self_assessment.sent)
    rhks: list[dict[str, str]] = []
    beside_for: int = 0  # the evaluation whose sent penilaian diri the atasan reads
    beside: list[dict[str, str]] = []

    def _show(self, actor: Actor) -> None:
        parsed = parse_period(self.period)
        view = None
        if parsed is not None:
            kind, year, number = parsed
            with session_scope() as session:
                view = self_assessment.own_view(session, actor=actor, year=year, kind=kind, number=number)
        self.skp_id = view.skp_id if view else 0
        self.title = view.period if view else ""
        self.status = STATUS_LABELS[view.status] if view else ""
        self.can_edit = bool(view and view.can_edit)
        self.sent = bool(view and self_assessment_rules.sent(view.status))
        self.rhks = _rows(view) if view else []
        self.form_values = {f"self_{r['rhk_id']}": r["rating"] for r in self.rhks} | {f"note_{r['rhk_id']}": r["note"] for r in self.rhks}
        self.form_errors = {}
        self.form_version += 1

    @guarded(Rule.SIGNED_IN)
    def show(self, actor: Actor, period: str):
        self.period = str(period)
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def save(self, actor: Actor, form_data: dict):
        """Keeps a draft; with "kirim" ticked sends it to the atasan, which locks it."""
        parsed = parse_period(self.period)
        if parsed is None or not self.skp_id:
            return None
        kind, _, number = parsed
        send = checked(form_data, "kirim")
        form = {key: form_value(form_data, key) for key in form_data if key != "kirim"}
        skp_id = self.skp_id
        return self._save(
            form,
            lambda s: self_assessment.save(s, actor=actor, skp_id=skp_id, kind=kind, number=number, form=form, send=send),
            "Penilaian diri dikirim kepada atasan." if send else "Draf penilaian diri disimpan.",
            show=lambda _: self._show(actor), toast_field="form",
        )

    @guarded(Rule.SIGNED_IN)
    def show_for_evaluation(self, actor: Actor, evaluation_id: int):
        with session_scope() as session:
            view = self_assessment.for_evaluation(session, actor=actor, evaluation_id=int(evaluation_id))
        self.beside_for = int(evaluation_id)
        self.beside = _rows(view) if view else []
