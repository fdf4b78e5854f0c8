"""What the page header shows about the logged-in employee."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ekinerja.access import Actor
from ekinerja.clock import local_today
from ekinerja.models import OrgUnit, Position
from ekinerja.services.org import org_snapshot

KIND_LABEL = {"plt": "Plt.", "plh": "Plh."}


@dataclass(frozen=True)
class HeaderProfile:
    name: str
    nip: str
    jabatan: str
    unit: str


def header_profile(session: Session, *, actor: Actor) -> HeaderProfile:
    snapshot = org_snapshot(session, on=local_today())
    titles: list[str] = []
    unit_name = ""
    # Definitive position first, then any acting ones ("Plt. Kepala Bidang ...").
    for holding in sorted(snapshot.holdings_of(actor.employee_id), key=lambda h: h.kind != "definitif"):
        position = session.get(Position, holding.position_id)
        if position is None:
            continue
        prefix = KIND_LABEL.get(holding.kind)
        titles.append(f"{prefix} {position.name}" if prefix else position.name)
        if holding.kind == "definitif":
            unit = session.get(OrgUnit, position.unit_id)
            unit_name = unit.name if unit else ""
    return HeaderProfile(
        name=actor.display_name,
        nip=actor.nip,
        jabatan=" / ".join(titles) or "Belum ada jabatan",
        unit=unit_name,
    )
