"""The jenjang history of pejabat fungsional: reading it, and keeping its open row in step with the
master data (the employee form, the spreadsheet import, the SIASN import). Callers check access;
a kenaikan jenjang with its SK is recorded through ``ekinerja.services.angka_kredit.record_jenjang_change``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from ekinerja.domain.angka_kredit import JENJANG, JenjangSpan
from ekinerja.domain.dates import format_date
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import JenjangFungsional
from ekinerja.services import audit

ENTITY = "jenjang_fungsional"


def histories(session: Session, *, employee_ids: Iterable[int]) -> dict[int, list[JenjangFungsional]]:
    """employee -> their jenjang rows, earliest TMT first (only employees that have any)."""
    ids = sorted(set(employee_ids))
    found: dict[int, list[JenjangFungsional]] = {}
    for start in range(0, len(ids), 500):
        query = select(JenjangFungsional).where(col(JenjangFungsional.employee_id).in_(ids[start : start + 500]))
        for row in session.exec(query.order_by(JenjangFungsional.employee_id, JenjangFungsional.tmt)):
            found.setdefault(row.employee_id, []).append(row)
    return found


def history(session: Session, *, employee_id: int) -> list[JenjangFungsional]:
    return histories(session, employee_ids=[employee_id]).get(employee_id, [])


def open_row(rows: list[JenjangFungsional]) -> JenjangFungsional | None:
    """The jenjang still held: the last row, when it has no end."""
    return rows[-1] if rows and rows[-1].end_date is None else None


def spans(rows: Iterable[JenjangFungsional]) -> list[JenjangSpan]:
    return [JenjangSpan(row.jenjang, row.tmt, row.end_date, row.angka_kredit_awal) for row in rows]


def _record(session: Session, actor_id: int | None, action: str, row: JenjangFungsional, before: dict | None, detail: str = "") -> None:
    session.flush()
    audit.write(
        session, actor=actor_id, action=action, entity=ENTITY, entity_id=row.id, before=before,
        after=audit.snapshot(row) if action != "delete" else None, detail=detail,
    )


def open_jenjang(session: Session, *, actor_id: int | None, employee_id: int, rows: list[JenjangFungsional], jabatan: str,
                 jenjang: str, tmt: date, awal: Decimal | None, sk_nomor: str = "", sk_tanggal: date | None = None,
                 detail: str = "") -> JenjangFungsional:
    """A new jenjang from ``tmt``; the one held until then ends the day before. Audited."""
    current = open_row(rows)
    if current is not None:
        before = audit.snapshot(current)
        current.end_date = tmt - timedelta(days=1)
        session.add(current)
        _record(session, actor_id, "update", current, before, detail="berakhir karena perubahan jenjang")
    row = JenjangFungsional(employee_id=employee_id, jabatan=jabatan, jenjang=jenjang, tmt=tmt, sk_nomor=sk_nomor,
                            sk_tanggal=sk_tanggal, angka_kredit_awal=awal, created_by_id=actor_id)
    session.add(row)
    _record(session, actor_id, "create", row, None, detail=detail)
    rows.append(row)
    return row


def sync_master_data(session: Session, *, actor_id: int | None, employee_id: int, jenjang: str, tmt: date | None,
                     awal: Decimal | None, jabatan: str = "", today: date) -> None:
    """Bring the open row in line with the jenjang, TMT and angka kredit awal of the master data.

    A different jenjang from a later TMT is a change (the old jenjang ends the day before); anything
    else corrects the open row. A blank jenjang ends the open row yesterday (removes it when it had not
    started yet). Problems are reported on the master data form's fields (jf_*).
    """
    rows = history(session, employee_id=employee_id)
    current = open_row(rows)
    if not jenjang:
        if current is None:
            return
        before = audit.snapshot(current)
        if current.tmt >= today:
            session.delete(current)
            _record(session, actor_id, "delete", current, before, detail="bukan lagi pejabat fungsional")
        else:
            current.end_date = today - timedelta(days=1)
            session.add(current)
            _record(session, actor_id, "update", current, before, detail="bukan lagi pejabat fungsional")
        return
    assert tmt is not None  # validate_employee requires the TMT with a jenjang
    earlier = [row for row in rows if row is not current]
    last = earlier[-1] if earlier else None
    if current is None or (jenjang != current.jenjang and tmt > current.tmt):
        if current is None and last is not None and tmt <= last.end_date:
            raise ValidationFailed({"jf_tmt": f"TMT jenjang harus sesudah {format_date(last.end_date)}, akhir jenjang "
                                              f"{JENJANG[last.jenjang].label} sebelumnya."})
        open_jenjang(session, actor_id=actor_id, employee_id=employee_id, rows=rows, jabatan=jabatan or (current.jabatan if current else ""),
                     jenjang=jenjang, tmt=tmt, awal=awal, detail="dari data pegawai")
        return
    if (current.jenjang, current.tmt, current.angka_kredit_awal) == (jenjang, tmt, awal):
        return
    if last is not None and tmt <= last.tmt:
        raise ValidationFailed({"jf_tmt": f"TMT jenjang harus sesudah TMT jenjang sebelumnya ({JENJANG[last.jenjang].label}, "
                                          f"{format_date(last.tmt)})."})
    if last is not None and last.end_date != tmt - timedelta(days=1):
        last_before = audit.snapshot(last)
        last.end_date = tmt - timedelta(days=1)
        session.add(last)
        _record(session, actor_id, "update", last, last_before, detail="menyesuaikan TMT jenjang berikutnya")
    before = audit.snapshot(current)
    current.jenjang, current.tmt, current.angka_kredit_awal = jenjang, tmt, awal
    session.add(current)
    _record(session, actor_id, "update", current, before, detail="koreksi dari data pegawai")
