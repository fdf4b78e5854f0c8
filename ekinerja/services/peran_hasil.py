"""Matriks peran hasil for an atasan's team, from the cascading links of the SKPs in force on a day of
the chosen year and SKP period (today by default; for a past year the end of the atasan's last period).

Who may see a team's matrix: its atasan (definitive, or the Plt/Plh holding the post, both
through the org tree) and whoever stands in for that atasan today through a delegation
(services/delegation.py). Nobody else: the matrix names every member's RHKs.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today
from ekinerja.domain import peran_hasil as rules
from ekinerja.domain.dates import format_date
from ekinerja.domain.hierarchy import OrgSnapshot
from ekinerja.domain.labelled import Choice
from ekinerja.domain.names import display_name
from ekinerja.domain.peran_hasil import MatrixView
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import Employee, OrgUnit, Position, Rhk, Skp
from ekinerja.reports.peran_hasil import peran_hasil_pdf
from ekinerja.services.delegation import atasan_delegating_to
from ekinerja.services.org import org_snapshot
from ekinerja.services.reports import stamp_for
from ekinerja.services.skp import OPEN, atasan_skp, current_skp, rhks_of

NOT_YOUR_TEAM = "Anda bukan atasan tim ini dan tidak sedang menjadi Plt/Plh-nya."


def teams(session: Session, *, actor: Actor) -> list[Choice]:  # id: the atasan whose team it is
    """The teams whose matrix the actor may see today: their own, then each atasan they stand in for."""
    on = local_today()
    snapshot = org_snapshot(session, on=on)
    found = []
    if snapshot.direct_subordinates(actor.employee_id):
        found.append(Choice(actor.employee_id, f"Tim saya ({_jabatan(session, snapshot, actor.employee_id)})"))
    for atasan_id in atasan_delegating_to(session, delegate_id=actor.employee_id, on=on):
        if atasan_id != actor.employee_id and snapshot.direct_subordinates(atasan_id):
            atasan = session.get(Employee, atasan_id)
            found.append(Choice(atasan_id, f"Sebagai Plt/Plh {display_name(atasan)} ({_jabatan(session, snapshot, atasan_id)})"))
    return found


def _jabatan(session: Session, snapshot: OrgSnapshot, employee_id: int) -> str:
    holding = snapshot.definitive_position(employee_id)
    position = session.get(Position, holding.position_id) if holding else None
    return position.name if position else "-"


def _targets(rhks: list[Rhk]) -> list[rules.AtasanRhk]:
    return [rules.AtasanRhk(r.id, r.kind, r.description) for r in rhks]


def _boss_skp(session: Session, snapshot: OrgSnapshot, atasan_id: int, member_skps: list[Skp], on: date) -> Skp | None:
    """The atasan SKP the team cascades from: the one most members' SKPs link to (the jabatan's
    approved SKP, see services.skp.atasan_skp), else the atasan's own SKP in force."""
    votes = Counter(boss.id for skp in member_skps if (boss := atasan_skp(session, snapshot=snapshot, skp=skp)) is not None)
    if votes:
        return session.get(Skp, votes.most_common(1)[0][0])
    return current_skp(session, employee_id=atasan_id, today=on)


def _aliases(session: Session, boss: Skp, current: list[rules.AtasanRhk], links: set[int]) -> dict[int, int]:
    """Links to RHKs of a replaced revision of the atasan's SKP, mapped to the revision in force."""
    outside = links - {r.id for r in current}
    if not outside:
        return {}
    old = session.exec(
        select(Rhk).join(Skp, Rhk.skp_id == Skp.id).where(Rhk.id.in_(outside), Skp.lineage_id == boss.lineage_id)
    ).all()
    return rules.successor_aliases(_targets(list(old)), current)


def _require_team(session: Session, actor: Actor, atasan_id: int) -> None:
    require(any(team.id == atasan_id for team in teams(session, actor=actor)), NOT_YOUR_TEAM)


def _years(session: Session, atasan_id: int) -> list[int]:
    found = set(session.exec(select(Skp.year).where(Skp.employee_id == atasan_id, Skp.status.in_(OPEN))).all())
    return sorted(found | {local_today().year}, reverse=True)


def years(session: Session, *, actor: Actor, atasan_id: int) -> list[int]:
    """The years the team's matrix can be shown for: those with an SKP of the atasan, and this one; newest first."""
    _require_team(session, actor, atasan_id)
    return _years(session, atasan_id)


def _periods(session: Session, atasan_id: int, year: int) -> list[rules.SkpPeriod]:
    rows = session.exec(
        select(Skp.period_start, Skp.period_end).where(Skp.employee_id == atasan_id, Skp.year == year, Skp.status.in_(OPEN))
    ).all()
    return sorted({rules.SkpPeriod(start, end) for start, end in rows}, key=lambda p: (p.start, p.end))


def periods(session: Session, *, actor: Actor, atasan_id: int, year: int) -> list[rules.SkpPeriod]:
    """The atasan's SKP periods in ``year`` (more than one after a mutasi), in order."""
    _require_team(session, actor, atasan_id)
    return _periods(session, atasan_id, year)


def team_matrix(
    session: Session, *, actor: Actor, atasan_id: int, year: int | None = None, period_start: date | None = None
) -> MatrixView:
    """The team's matrix in ``year`` (default this one) and the atasan's SKP period starting on
    ``period_start`` (default: see rules.matrix_day); the team is the atasan's direct subordinates on
    the day the matrix describes, each with the SKP in force that day."""
    _require_team(session, actor, atasan_id)
    today = local_today()
    year = today.year if year is None else year
    if year not in _years(session, atasan_id):
        raise ValidationFailed({"year": f"Atasan tidak memiliki SKP pada tahun {year}."})
    choices = _periods(session, atasan_id, year)
    chosen = None
    if period_start is not None:
        chosen = next((p for p in choices if p.start == period_start), None)
        if chosen is None:
            raise ValidationFailed({"period": f"Atasan tidak memiliki SKP yang berawal {format_date(period_start)} pada tahun {year}."})
    period, on = rules.matrix_day(today, year, choices, chosen)
    snapshot = org_snapshot(session, on=on)
    member_ids = snapshot.direct_subordinates(atasan_id)
    people = {e.id: e for e in session.exec(select(Employee).where(Employee.id.in_(member_ids)))} if member_ids else {}
    skps = {member_id: current_skp(session, employee_id=member_id, today=on) for member_id in member_ids}
    boss = _boss_skp(session, snapshot, atasan_id, [s for s in skps.values() if s is not None], on)
    targets = _targets(rhks_of(session, skp_id=boss.id)) if boss is not None else []
    members = []
    for member_id in sorted(member_ids, key=lambda i: (_jabatan(session, snapshot, i), display_name(people[i]))):
        skp = skps[member_id]
        rhks = rhks_of(session, skp_id=skp.id) if skp is not None else []
        members.append(rules.Member(
            employee_id=member_id, name=display_name(people[member_id]), jabatan=_jabatan(session, snapshot, member_id),
            skp_status=skp.status if skp is not None else None,
            rhks=tuple(rules.MemberRhk(r.id, r.kind, r.description, r.atasan_rhk_id) for r in rhks),
        ))
    links = {r.atasan_rhk_id for m in members for r in m.rhks if r.atasan_rhk_id is not None}
    aliases = _aliases(session, boss, targets, links) if boss is not None else {}
    atasan = session.get(Employee, atasan_id)
    holding = snapshot.definitive_position(atasan_id)
    position = session.get(Position, holding.position_id) if holding else None
    unit = session.get(OrgUnit, position.unit_id) if position else None
    return MatrixView(
        atasan_name=display_name(atasan), atasan_nip=atasan.nip, atasan_jabatan=position.name if position else "-",
        unit=unit.name if unit else "-", on=on, year=year, period=period,
        atasan_skp_status=boss.status if boss is not None else None,
        atasan_skp_period=f"{format_date(boss.period_start)} s.d. {format_date(boss.period_end)}" if boss is not None else "",
        matrix=rules.build_matrix(targets, members, aliases=aliases),
    )


def team_matrix_pdf(
    session: Session, *, actor: Actor, atasan_id: int, year: int | None = None, period_start: date | None = None
) -> tuple[str, bytes]:
    """The matrix of the chosen year and period as a printable A4 landscape PDF, with who printed it and when."""
    view = team_matrix(session, actor=actor, atasan_id=atasan_id, year=year, period_start=period_start)
    data = peran_hasil_pdf(view, stamp=stamp_for(actor, format_date(view.on)))
    return f"matriks-peran-hasil-{view.atasan_nip}-{view.on.isoformat()}.pdf", data
