"""Masukan rekan kerja: the evaluator asks peers and bawahan, they answer, the input is shown aggregated.

Who may do what: only the atasan who evaluates (see services.evaluation) asks, and only rekan
(same atasan) and bawahan of the employee, while the evaluation is a draft; only the person
asked answers, once, while it is a draft. The evaluator sees the aggregate (at least
MIN_ANSWERS answers) beside the perilaku ratings as it comes in, and who has answered; the
employee and anyone else who may read the evaluation see the aggregate only once it is final,
so no single answer can be told from the change it made. Nobody sees who said what.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain import peer_input as rules
from ekinerja.domain.evaluation_period import period_label
from ekinerja.domain.evaluation_rules import is_final, may_rate
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import EvaluationStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import Employee, Evaluation, PeerInputAnswer, PeerInputRequest
from ekinerja.services import audit
from ekinerja.services.evaluation import ONLY_ATASAN
from ekinerja.services.org import org_snapshot
from ekinerja.services.skp import is_atasan, readable_skp

NOT_FOUND = "Penilaian tidak ditemukan."
CLOSED = "Penilaian ini sudah final; masukan tidak lagi dapat diminta atau diisi."
NOT_ASKED = "Permintaan masukan ini tidak ditujukan kepada Anda."
ANSWERED = "Anda sudah mengisi masukan ini; masukan tidak dapat diubah."
NOT_ELIGIBLE = "Pegawai yang dipilih bukan rekan kerja atau bawahan pegawai yang dinilai."


@dataclass(frozen=True)
class Candidate:
    employee_id: int
    name: str
    relation: str


@dataclass(frozen=True)
class Respondent:
    name: str
    relation: str
    answered: bool


@dataclass(frozen=True)
class InputView:
    evaluation_id: int
    is_evaluator: bool
    can_request: bool
    summary: rules.InputSummary | None  # None: not shown to this reader (yet)
    asked: int
    answered: int
    respondents: list[Respondent]  # the evaluator's list; empty for everyone else
    candidates: list[Candidate]  # whom the evaluator may still ask


@dataclass(frozen=True)
class PendingRequest:
    id: int
    employee_name: str
    period: str
    relation: str


def _evaluation(session: Session, actor: Actor, evaluation_id: int):
    row = session.get(Evaluation, evaluation_id)
    require(row is not None, NOT_FOUND)
    skp, snapshot = readable_skp(session, actor=actor, skp_id=row.skp_id)
    return row, is_atasan(actor, snapshot, skp)


def _names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return {e.id: display_name(e) for e in session.exec(select(Employee).where(col(Employee.id).in_(ids)))}


def _requests(session: Session, evaluation_id: int) -> list[PeerInputRequest]:
    return list(session.exec(select(PeerInputRequest).where(PeerInputRequest.evaluation_id == evaluation_id).order_by(PeerInputRequest.id)))


def _eligible(session: Session, employee_id: int) -> dict[int, str]:
    """Everyone the evaluator may ask about the employee today, with their relation."""
    snapshot = org_snapshot(session, on=local_today())
    atasan = snapshot.atasan_of(employee_id)
    peers = snapshot.direct_subordinates(atasan.employee_id) if atasan else []
    bawahan = snapshot.direct_subordinates(employee_id)
    found = {}
    for candidate in {*peers, *bawahan}:
        relation = rules.relation_of(candidate, employee=employee_id, peers=peers, bawahan=bawahan)
        if relation is not None:
            found[candidate] = relation
    return found


def input_view(session: Session, *, actor: Actor, evaluation_id: int) -> InputView:
    row, evaluator = _evaluation(session, actor, evaluation_id)
    requests = _requests(session, row.id)
    answered = [r for r in requests if r.answered_at is not None]
    show = evaluator or is_final(row.status)
    summary = None
    if show:
        answers = session.exec(
            select(PeerInputAnswer).where(col(PeerInputAnswer.request_id).in_([r.id for r in answered]))
        ).all() if answered else []
        summary = rules.summarise(len(requests), len(answered), [rules.ValueAnswer(a.value_code, a.rating, a.reason) for a in answers])
    respondents: list[Respondent] = []
    candidates: list[Candidate] = []
    can_request = evaluator and may_rate(row.status)
    if evaluator:
        names = _names(session, [r.respondent_id for r in requests])
        respondents = [Respondent(names.get(r.respondent_id, "-"), r.relation, r.answered_at is not None) for r in requests]
    if can_request:
        asked = {r.respondent_id for r in requests}
        eligible = {k: v for k, v in _eligible(session, row.employee_id).items() if k not in asked}
        names = _names(session, eligible)
        candidates = sorted(
            (Candidate(k, names.get(k, "-"), v) for k, v in eligible.items()), key=lambda c: (c.relation, c.name)
        )
    return InputView(row.id, evaluator, can_request, summary, len(requests), len(answered), respondents, candidates)


def request_input(session: Session, *, actor: Actor, evaluation_id: int, respondent_ids: Iterable[int]) -> int:
    """Ask the chosen people; returns how many were asked now (someone already asked is skipped)."""
    row, evaluator = _evaluation(session, actor, evaluation_id)
    require(evaluator, ONLY_ATASAN)
    if not may_rate(row.status):
        raise ValidationFailed({"form": CLOSED})
    chosen = set(respondent_ids)
    if not chosen:
        raise ValidationFailed({"respondents": "Pilih paling sedikit satu rekan kerja atau bawahan."})
    eligible = _eligible(session, row.employee_id)
    require(chosen <= set(eligible), NOT_ELIGIBLE)
    asked = {r.respondent_id for r in _requests(session, row.id)}
    new = [
        PeerInputRequest(evaluation_id=row.id, respondent_id=rid, relation=eligible[rid], requested_by_id=actor.employee_id)
        for rid in sorted(chosen - asked)
    ]
    session.add_all(new)
    session.flush()
    for request in new:
        audit.write(session, actor=actor, action="create", entity="peer_input_request", row=request)
    return len(new)


def pending_for(session: Session, *, actor: Actor) -> list[PendingRequest]:
    """The requests waiting for the actor's answer, on evaluations still open."""
    rows = session.exec(
        select(PeerInputRequest, Evaluation)
        .join(Evaluation, PeerInputRequest.evaluation_id == Evaluation.id)
        .where(PeerInputRequest.respondent_id == actor.employee_id, PeerInputRequest.answered_at.is_(None), Evaluation.status == EvaluationStatus.DRAFT)
        .order_by(PeerInputRequest.requested_at)
    ).all()
    names = _names(session, [ev.employee_id for _, ev in rows])
    return [
        PendingRequest(req.id, names.get(ev.employee_id, "-"), period_label(ev.period_kind, ev.period_no, ev.year), req.relation)
        for req, ev in rows
    ]


def _open_request(session: Session, actor: Actor, request_id: int) -> tuple[PeerInputRequest, Evaluation]:
    request = session.get(PeerInputRequest, request_id)
    require(request is not None and request.respondent_id == actor.employee_id, NOT_ASKED)
    evaluation = session.get(Evaluation, request.evaluation_id)
    if request.answered_at is not None:
        raise ValidationFailed({"form": ANSWERED})
    if not may_rate(evaluation.status):
        raise ValidationFailed({"form": CLOSED})
    return request, evaluation


def pending_request(session: Session, *, actor: Actor, request_id: int) -> PendingRequest:
    request, evaluation = _open_request(session, actor, request_id)
    name = _names(session, [evaluation.employee_id]).get(evaluation.employee_id, "-")
    return PendingRequest(request.id, name, period_label(evaluation.period_kind, evaluation.period_no, evaluation.year), request.relation)


def answer(session: Session, *, actor: Actor, request_id: int, form: Mapping[str, str]) -> None:
    """The respondent's answer: every value rated with a reason; once only (a second tab loses)."""
    request, _ = _open_request(session, actor, request_id)
    answers = ensure_valid(rules.validate_answer(form))
    done = session.exec(
        update(PeerInputRequest).where(PeerInputRequest.id == request.id, PeerInputRequest.answered_at.is_(None)).values(answered_at=utcnow())
    )
    if done.rowcount != 1:
        raise ValidationFailed({"form": ANSWERED})
    session.add_all([PeerInputAnswer(request_id=request.id, value_code=a.value_code, rating=a.rating, reason=a.reason) for a in answers])
    session.flush()
    # The audit says that an answer came, never what it said.
    audit.write(session, actor=actor, action="answer", entity="peer_input_request", entity_id=request.id)
