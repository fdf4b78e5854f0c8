"""Penilaian kinerja: the atasan rates the team's SKPs for a period; everyone sees their own results."""

from __future__ import annotations

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain import evaluation_rules
from ekinerja.domain.evaluation_period import current_period
from ekinerja.domain.predikat import ORGANISATION_LABELS, OrganisationPredikat
from ekinerja.services import development, dialog, evaluation, kurva
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import FIRST_ERROR, EditorMixin
from ekinerja.state.guard import guarded
from ekinerja.state.penilaian.development import DevelopmentPlanState
from ekinerja.state.penilaian.peer_input import PeerInputState
from ekinerja.state.penilaian.self_assessment import SelfAssessmentState
from ekinerja.state.presentation import meeting_row, parse_period, period_options


def _rated_item(item: evaluation.RatedItem) -> dict[str, str]:
    return {
        "key": item.key, "label": item.label, "rating": item.rating, "feedback": item.feedback,
        "proposed": item.proposed, "basis": item.basis, "reason": item.reason,
    }


class PenilaianState(EditorMixin, AppState):
    period: str = ""
    periods: list[dict[str, str]] = []
    team: list[dict[str, str]] = []
    own: list[dict[str, str]] = []
    periodic_kind: str = ""  # the instansi's setting: bulanan or triwulanan
    # The evaluation being rated
    ev_id: int = 0
    ev_title: str = ""
    ev_status: str = ""
    ev_open: bool = False  # the domain's evaluation_rules.may_rate: rating fields and buttons show
    ev_predikat: str = ""
    ev_rhk: list[dict[str, str]] = []
    ev_values: list[dict[str, str]] = []
    ev_rating_rule: str = ""  # a unit head's Rating Hasil Kerja follows the unit's capaian
    ev_action: str = "simpan"  # which submit button was pressed: simpan | final
    # The annual evaluation's proposals for the two overall ratings (the items carry their own)
    ev_overall: dict[str, dict[str, str]] = {k: {"proposed": "", "basis": "", "reason": ""} for k in ("rating_hasil", "rating_perilaku")}
    # The period's dialog kinerja beside the ratings ("" summary: the caller takes no part in it)
    ev_dialog_summary: str = ""
    ev_dialog_meetings: list[dict[str, str]] = []
    # Kurva distribusi per unit (SE MenPAN-RB 3/2023): the units the caller sets or closes
    units: list[dict[str, str]] = []
    unit_id: int = 0  # the unit whose report is open
    unit_title: str = ""
    unit_capaian: str = ""
    unit_head: str = ""
    unit_members: list[dict[str, str]] = []
    unit_counts: list[dict[str, str]] = []
    unit_rules: list[dict[str, str]] = []
    unit_missing: list[str] = []
    unit_closed: str = ""
    unit_reason: str = ""
    unit_rechecks: list[dict[str, str]] = []  # upheld keberatan that changed the unit's predikat: text, breach ("1")
    unit_can_close: bool = False
    unit_can_reopen: bool = False

    def _load(self, actor: Actor) -> None:
        parsed = parse_period(self.period)
        with session_scope() as session:
            self.own = [{"id": str(r.id), "period": r.period, "status": r.status, "predikat": r.predikat or "-"} for r in evaluation.own_evaluations(session, actor=actor)]
            if parsed:
                kind, year, number = parsed
                rows = evaluation.team_evaluations(session, actor=actor, year=year, kind=kind, number=number)
                plans = development.plan_summaries(session, employee_ids=[r.employee_id for r in rows], today=local_today())
                self.team = [
                    {
                        "skp_id": str(r.skp_id), "name": r.name, "status": r.status, "final": "1" if evaluation_rules.is_final(r.status) else "", "predikat": r.predikat or "-",
                        "plan": plans[r.employee_id].text if r.employee_id in plans else "",
                    }
                    for r in rows
                ]
                self.units = [
                    {
                        "id": str(u.unit_id), "name": u.name, "depth": str(u.depth), "capaian": u.capaian,
                        "capaian_label": ORGANISATION_LABELS[OrganisationPredikat(u.capaian)] if u.capaian else "belum ditetapkan",
                        "progress": f"{u.final} dari {u.members} pegawai final",
                        "status": "terbuka" if not u.closed else ("ditutup, sesuai kurva" if u.fits else "ditutup, tidak sesuai kurva"),
                        "closed": "1" if u.closed else "", "can_set": "1" if u.can_set and not u.closed else "",
                    }
                    for u in kurva.kurva_units(session, actor=actor, year=year, kind=kind, number=number)
                ]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        today = local_today()
        with session_scope() as session:
            kind = evaluation.periodic_kind(session, instansi_id=actor.instansi_id)
        self.periodic_kind = kind
        year, number = current_period(kind, today)
        self.periods = period_options(kind, year) + period_options("tahunan", year)
        self.period = f"{kind}:{year}:{number}"
        self.ev_id = 0
        self._load(actor)
        return SelfAssessmentState.show(self.period)

    @guarded(Rule.SIGNED_IN)
    def choose_period(self, actor: Actor, value: str):
        if parse_period(value):
            self.period = value
            self.ev_id = 0
            self._load(actor)
            return SelfAssessmentState.show(value)
        return None

    def _show_evaluation(self, actor: Actor, evaluation_id: int) -> None:
        with session_scope() as session:
            view = evaluation.evaluation_view(session, actor=actor, evaluation_id=evaluation_id)
            record = dialog.evaluation_record(session, actor=actor, evaluation_id=evaluation_id)
        self._show_dialog_record(record)
        self.ev_id = view.id
        self.ev_title = f"{view.employee_name} · {view.period}"
        self.ev_status = view.status
        self.ev_open = evaluation_rules.may_rate(view.status)
        self.ev_predikat = view.predikat
        self.ev_rhk = [_rated_item(i) for i in view.rhk]
        self.ev_values = [_rated_item(i) for i in view.perilaku]
        self.ev_overall = {i.key: {"proposed": i.proposed, "basis": i.basis, "reason": i.reason} for i in view.overall}
        self.ev_rating_rule = view.rating_hasil_rule
        self.form_values = {i["key"]: i["rating"] for i in self.ev_rhk + self.ev_values} | {
            "rating_hasil": view.rating_hasil, "rating_perilaku": view.rating_perilaku,
        }
        self.form_errors = {}
        self.form_version += 1

    def _show_dialog_record(self, record: dialog.PeriodRecord | None) -> None:
        self.ev_dialog_meetings = [] if record is None else [meeting_row(m) for m in record.meetings]
        self.ev_dialog_summary = "" if record is None else (
            f"{len(record.meetings)} pertemuan pada periode ini; percakapan tahun ini: "
            f"{record.open_threads} terbuka, {record.done_threads} selesai."
        )

    @guarded(Rule.SUPERVISOR)
    def rate(self, actor: Actor, skp_id: str):
        parsed = parse_period(self.period)
        if parsed is None or not str(skp_id).isdigit():
            return
        kind, _, number = parsed
        return self._write(
            lambda s: evaluation.open_evaluation(s, actor=actor, skp_id=int(skp_id), kind=kind, number=number).id,
            done=lambda ev_id: [DevelopmentPlanState.show(ev_id), PeerInputState.show(ev_id), SelfAssessmentState.show_for_evaluation(ev_id)],
            show=lambda ev_id: self._show_evaluation(actor, ev_id),
        )

    @guarded(Rule.SIGNED_IN)
    def view_own(self, actor: Actor, evaluation_id: str):
        if str(evaluation_id).isdigit():
            self._show_evaluation(actor, int(evaluation_id))
            ev_id = int(evaluation_id)
            return [DevelopmentPlanState.show(ev_id), PeerInputState.show(ev_id), SelfAssessmentState.show_for_evaluation(ev_id)]
        return None

    @guarded(Rule.SUPERVISOR)
    def choose_action(self, actor: Actor, action: str):
        """The submit button pressed (a browser's form data never holds it); ``submit`` follows in the same queue."""
        self.ev_action = "final" if action == "final" else "simpan"

    @guarded(Rule.SUPERVISOR)
    def submit(self, actor: Actor, form_data: dict):
        """"simpan" keeps a draft; "final" computes the predikat."""
        action = str(form_data.get("action") or self.ev_action)
        self.ev_action = "simpan"
        form = {k: str(v) for k, v in form_data.items() if k != "action"}
        ev_id = self.ev_id

        def write(session) -> None:
            if action == "simpan":
                evaluation.save_ratings(session, actor=actor, evaluation_id=ev_id, form=form)
            else:
                evaluation.finalise(session, actor=actor, evaluation_id=ev_id, form=form)

        def show(_) -> None:
            self._show_evaluation(actor, ev_id)
            self._load(actor)

        def done(_):
            message = "Draf penilaian disimpan." if action == "simpan" else f"Penilaian final: predikat {self.ev_predikat}."
            return [toasts.success(message), DevelopmentPlanState.show(ev_id)]

        return self._save(form, write, done, show=show, toast_field="form")

    @guarded(Rule.SIGNED_IN)
    def close_evaluation(self, actor: Actor):
        self.ev_id = 0

    @guarded(Rule.ADMIN)
    def choose_periodic_kind(self, actor: Actor, value: str):
        return self._write(
            lambda s: evaluation.save_periodic_kind(s, actor=actor, kind=value),
            done=lambda _: [PenilaianState.load, toasts.success("Periode penilaian instansi disimpan.")],
        )

    # Kurva distribusi per unit

    def _show_unit(self, actor: Actor, unit_id: int) -> None:
        parsed = parse_period(self.period)
        if parsed is None:
            return
        kind, year, number = parsed
        with session_scope() as session:
            view = kurva.unit_kurva(session, actor=actor, unit_id=unit_id, year=year, kind=kind, number=number)
        self.unit_id = view.unit_id
        self.unit_title = f"{view.name} · {view.period}"
        self.unit_capaian = view.capaian or "belum ditetapkan"
        self.unit_head = view.head
        self.unit_members = [{"name": m.name, "nip": m.nip, "predikat": m.predikat or "belum final"} for m in view.members]
        self.unit_counts = [{"predikat": label, "count": str(n), "share": share} for label, n, share in view.counts]
        rules = view.report.rules if view.report else ()
        self.unit_rules = [{"text": r.text, "ok": "1" if r.ok else "", "now": r.now, "fix": r.fix} for r in rules]
        self.unit_missing = view.missing
        self.unit_closed, self.unit_reason = view.closed, view.reason
        self.unit_rechecks = [{"text": text, "breach": "1" if breach else ""} for text, breach in view.rechecks]
        self.unit_can_close, self.unit_can_reopen = view.can_close, view.can_reopen
        self.form_errors = {}
        self.form_version += 1

    @guarded(Rule.SIGNED_IN)
    def open_unit(self, actor: Actor, unit_id: str):
        if str(unit_id).isdigit():
            self._show_unit(actor, int(unit_id))

    @guarded(Rule.SIGNED_IN)
    def close_unit_view(self, actor: Actor):
        self.unit_id = 0

    @guarded(Rule.SIGNED_IN)  # the service checks: the level above, the unit head or the admin
    def choose_unit_predikat(self, actor: Actor, unit_id: str, value: str):
        parsed = parse_period(self.period)
        if parsed is None or not str(unit_id).isdigit():
            return None
        kind, year, number = parsed

        def show(_) -> None:
            self._load(actor)
            if self.unit_id == int(unit_id):
                self._show_unit(actor, self.unit_id)

        return self._write(
            lambda s: kurva.set_unit_predikat(s, actor=actor, unit_id=int(unit_id), year=year, kind=kind, number=number, predikat=value),
            done="Capaian kinerja unit disimpan.", show=show,
        )

    @guarded(Rule.SIGNED_IN)  # the service checks: the level above, the unit head or the admin
    def close_unit(self, actor: Actor, form_data: dict):
        parsed = parse_period(self.period)
        if parsed is None or not self.unit_id:
            return None
        kind, year, number = parsed
        reason = str(form_data.get("reason", ""))

        def show(_) -> None:
            self._show_unit(actor, self.unit_id)
            self._load(actor)

        return self._save(
            {"reason": reason},
            lambda s: kurva.close_unit(s, actor=actor, unit_id=self.unit_id, year=year, kind=kind, number=number, reason=reason),
            "Penilaian unit ditutup.", show=show, toast_field=FIRST_ERROR,
        )

    @guarded(Rule.ADMIN)
    def reopen_unit(self, actor: Actor):
        parsed = parse_period(self.period)
        if parsed is None or not self.unit_id:
            return None
        kind, year, number = parsed

        def show(_) -> None:
            self._show_unit(actor, self.unit_id)
            self._load(actor)

        return self._write(
            lambda s: kurva.reopen_unit(s, actor=actor, unit_id=self.unit_id, year=year, kind=kind, number=number),
            done="Penilaian unit dibuka kembali.", show=show,
        )
