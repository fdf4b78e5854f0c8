"""Masukan rekan kerja on the Penilaian Kinerja page: the evaluator asks, the people asked answer.

Rule.SIGNED_IN but for asking: anyone may be asked for input, and the service decides who may
read an evaluation's input and who may answer a request.
"""

from __future__ import annotations

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.peer_input import MIN_ANSWERS, RELATION_LABELS
from ekinerja.domain.validation import ValidationFailed
from ekinerja.services import peer_input
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import FIRST_ERROR, EditorMixin, checked, form_value
from ekinerja.state.guard import guarded

VALUES = [{"code": v.code, "name": v.name} for v in BERAKHLAK]
RESPONDENT_PREFIX = "respondent_"


class PeerInputState(EditorMixin, AppState):
    evaluation_id: int = 0
    is_evaluator: bool = False
    can_request: bool = False
    progress: str = ""
    shown: bool = False
    values: list[dict[str, str]] = []  # per BerAKHLAK value: code, name, counts text, reasons
    respondents: list[dict[str, str]] = []
    candidates: list[dict[str, str]] = []
    pending: list[dict[str, str]] = []  # requests waiting for the caller's answer
    answer_title: str = ""

    def _show(self, actor: Actor, evaluation_id: int) -> None:
        with session_scope() as session:
            view = peer_input.input_view(session, actor=actor, evaluation_id=evaluation_id)
        self.evaluation_id = view.evaluation_id
        self.is_evaluator, self.can_request = view.is_evaluator, view.can_request
        self.progress = f"{view.answered} dari {view.asked} orang yang diminta sudah mengisi."
        summary = view.summary
        self.shown = summary is not None and summary.shown
        self.values = [
            {"code": v.value_code, "name": v.name, "text": v.text, "reasons": "\n".join(f"• {r}" for r in v.reasons)}
            for v in (summary.values if summary is not None else ())
        ]
        self.respondents = [
            {"name": r.name, "relation": RELATION_LABELS[r.relation], "status": "sudah mengisi" if r.answered else "belum mengisi"}
            for r in view.respondents
        ]
        self.candidates = [{"id": str(c.employee_id), "name": c.name, "relation": RELATION_LABELS[c.relation]} for c in view.candidates]

    def _load_pending(self, actor: Actor) -> None:
        with session_scope() as session:
            self.pending = [
                {"id": str(p.id), "name": p.employee_name, "period": p.period, "relation": RELATION_LABELS[p.relation]}
                for p in peer_input.pending_for(session, actor=actor)
            ]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self.evaluation_id = 0
        self.form_open = ""
        self._load_pending(actor)

    @guarded(Rule.SIGNED_IN)
    def show(self, actor: Actor, evaluation_id: int):
        self._show(actor, int(evaluation_id))

    @guarded(Rule.SUPERVISOR)
    def request(self, actor: Actor, form_data: dict):
        evaluation_id = self.evaluation_id
        chosen = [int(k.removeprefix(RESPONDENT_PREFIX)) for k in form_data if k.startswith(RESPONDENT_PREFIX)
                  and k.removeprefix(RESPONDENT_PREFIX).isdigit() and checked(form_data, k)]

        def show(_) -> None:
            self.form_version += 1
            self._show(actor, evaluation_id)

        return self._save(
            form_data,
            lambda s: peer_input.request_input(s, actor=actor, evaluation_id=evaluation_id, respondent_ids=chosen),
            lambda count: f"Permintaan masukan dikirim kepada {count} orang.", show=show, toast_field=FIRST_ERROR,
        )

    @guarded(Rule.SIGNED_IN)
    def open_answer(self, actor: Actor, request_id: int):
        try:
            with session_scope() as session:
                found = peer_input.pending_request(session, actor=actor, request_id=int(request_id))
        except ValidationFailed as failed:
            self._load_pending(actor)
            return toasts.error(next(iter(failed.errors.values())))
        self.answer_title = f"Masukan untuk {found.employee_name} · {found.period}"
        self._open("peer_answer", editing_id=found.id)
        return None

    @guarded(Rule.SIGNED_IN)
    def submit_answer(self, actor: Actor, form_data: dict):
        request_id = self.editing_id
        form = {key: form_value(form_data, key) for key in form_data}
        result = self._save(
            form_data,
            lambda s: peer_input.answer(s, actor=actor, request_id=request_id, form=form),
            "Terima kasih, masukan Anda tersimpan. Nama Anda tidak ditampilkan kepada pegawai yang dinilai.",
        )
        self._load_pending(actor)
        return result


MIN_ANSWERS_TEXT = f"Ringkasan masukan tampil setelah paling sedikit {MIN_ANSWERS} orang mengisi."
