"""Admin: the activity catalogue (uraian tugas from Anjab/ABK) of each jabatan.

Each item names its output unit and the standard minutes one unit of output takes;
the daily activity form offers a jabatan's active items. Items are kept one by one
or imported from a spreadsheet, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd
from sqlalchemy import func, or_
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.domain.catalog import CatalogData, CatalogForm, validate_catalog_item
from ekinerja.domain.validation import ValidationFailed, position_problem, to_int
from ekinerja.models import ActivityCatalogItem, OrgUnit, Position
from ekinerja.services import audit, spreadsheet
from ekinerja.services.conflicts import IMPORTED_MEANWHILE, one_outcome
from ekinerja.services.employees import positions_of_instansi
from ekinerja.services.org_admin import require_admin, unit_scope
from ekinerja.services.paging import paginate
from ekinerja.services.spreadsheet import (
    ImportReport,
    RowError,
    SheetRow,
    duplicate_of,
    row_errors,
    validated_row,
    xlsx_bytes,
)

ITEM_NOT_FOUND = "Uraian tugas tidak ditemukan di instansi Anda."
# Column in the file -> CatalogForm field.
COLUMNS = {
    "jabatan_id": "position_id",
    "uraian_tugas": "name",
    "satuan_hasil": "output_unit",
    "menit_per_satuan": "standard_minutes",
}
EXPORT_EXTRA = ("jabatan", "unit_kerja", "aktif")


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _taken_names(session: Session, position_ids: Iterable[int], *, exclude_id: int | None = None) -> set[tuple[int, str]]:
    """(position id, folded name) of the items the positions already have, active or not."""
    ids = sorted(set(position_ids))
    if not ids:
        return set()
    statement = select(ActivityCatalogItem.id, ActivityCatalogItem.position_id, ActivityCatalogItem.name).where(
        ActivityCatalogItem.position_id.in_(ids)
    )
    return {(pid, _name_key(name)) for item_id, pid, name in session.exec(statement) if item_id != exclude_id}


def _duplicate_message(name: str) -> str:
    return f"Uraian tugas '{name}' sudah ada di katalog jabatan ini."


# Listing


@dataclass(frozen=True)
class CatalogRow:
    id: int
    position_id: int
    position_name: str
    unit_name: str
    name: str
    output_unit: str
    standard_minutes: int
    active: bool


def _rows_statement(session: Session, *, instansi_id: int):
    return (
        select(ActivityCatalogItem, Position.name, OrgUnit.name)
        .join(Position, Position.id == ActivityCatalogItem.position_id)
        .join(OrgUnit, OrgUnit.id == Position.unit_id)
        .where(Position.unit_id.in_(unit_scope(session, instansi_id=instansi_id)))
        .order_by(Position.name, Position.id, ActivityCatalogItem.name)
    )


def _row(item: ActivityCatalogItem, position_name: str, unit_name: str) -> CatalogRow:
    return CatalogRow(
        id=item.id, position_id=item.position_id, position_name=position_name, unit_name=unit_name, name=item.name,
        output_unit=item.output_unit, standard_minutes=item.standard_minutes, active=item.active,
    )


def list_catalog(
    session: Session,
    *,
    actor: Actor,
    position_id: int | None = None,
    search: str = "",
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[CatalogRow], int]:
    """The instansi's catalogue, or one jabatan's, by jabatan then uraian tugas."""
    statement = _rows_statement(session, instansi_id=require_admin(actor))
    if position_id is not None:
        statement = statement.where(ActivityCatalogItem.position_id == position_id)
    term = " ".join(search.split())
    if term:
        statement = statement.where(
            or_(
                ActivityCatalogItem.name.icontains(term, autoescape=True),
                ActivityCatalogItem.output_unit.icontains(term, autoescape=True),
                Position.name.icontains(term, autoescape=True),
            )
        )
    rows, total = paginate(session, statement=statement, page=page, page_size=page_size)
    return [_row(*row) for row in rows], total


def catalog_counts(session: Session, *, actor: Actor) -> dict[int, int]:
    """Active items per jabatan of the instansi (for the jabatan picker)."""
    instansi_id = require_admin(actor)
    rows = session.exec(
        select(ActivityCatalogItem.position_id, func.count())
        .join(Position, Position.id == ActivityCatalogItem.position_id)
        .where(Position.unit_id.in_(unit_scope(session, instansi_id=instansi_id)), ActivityCatalogItem.active)
        .group_by(ActivityCatalogItem.position_id)
    ).all()
    return dict(rows)


# One item at a time


def _item_for_admin(session: Session, actor: Actor, item_id: int) -> ActivityCatalogItem:
    instansi_id = require_admin(actor)
    item = session.get(ActivityCatalogItem, item_id)
    require(item is not None and bool(positions_of_instansi(session, position_ids=[item.position_id], instansi_id=instansi_id)), ITEM_NOT_FOUND)
    return item


def _validated(session: Session, actor: Actor, form: CatalogForm, *, exclude_id: int | None = None) -> CatalogData:
    instansi_id = require_admin(actor)
    data, errors = validate_catalog_item(form)
    position_id = to_int(form.position_id)
    if position_id is not None and "position_id" not in errors:
        positions = positions_of_instansi(session, position_ids=[position_id], instansi_id=instansi_id)
        current = session.get(ActivityCatalogItem, exclude_id) if exclude_id else None
        # An item may stay on a jabatan that has since been deactivated.
        problem = position_problem(position_id, positions)
        if problem and not (current and current.position_id == position_id and position_id in positions):
            errors["position_id"] = problem
    if not errors and (data.position_id, _name_key(data.name)) in _taken_names(session, [data.position_id], exclude_id=exclude_id):
        errors["name"] = _duplicate_message(data.name)
    if errors:
        raise ValidationFailed(errors)
    return data


def create_catalog_item(session: Session, *, actor: Actor, form: CatalogForm) -> ActivityCatalogItem:
    data = _validated(session, actor, form)
    item = ActivityCatalogItem(
        position_id=data.position_id, name=data.name, output_unit=data.output_unit,
        standard_minutes=data.standard_minutes, active=data.active,
    )
    with one_outcome(session, field="name", message=_duplicate_message(data.name)):
        session.add(item)
    audit.write(session, actor=actor, action="create", entity="activity_catalog_item", row=item)
    return item


def update_catalog_item(session: Session, *, actor: Actor, item_id: int, form: CatalogForm) -> ActivityCatalogItem:
    """Changes apply to new entries; saved activities keep the minutes computed when they were saved."""
    item = _item_for_admin(session, actor, item_id)
    data = _validated(session, actor, form, exclude_id=item.id)
    before = audit.snapshot(item)
    item.position_id, item.name, item.output_unit = data.position_id, data.name, data.output_unit
    item.standard_minutes, item.active = data.standard_minutes, data.active
    audit.write(
        session, actor=actor, action="update", entity="activity_catalog_item", row=item, before=before, store=True,
    )
    return item


def set_catalog_item_active(session: Session, *, actor: Actor, item_id: int, active: bool) -> ActivityCatalogItem:
    """A deactivated item leaves the activity form; entries that used it keep it."""
    item = _item_for_admin(session, actor, item_id)
    if item.active != active:
        before = audit.snapshot(item)
        item.active = active
        audit.write(
            session, actor=actor, action="update", entity="activity_catalog_item", row=item, before=before, store=True,
        )
    return item


# Import and export


def _read_rows(data: bytes, filename: str) -> list[SheetRow]:
    return spreadsheet.read_rows(
        data, filename, columns=list(COLUMNS), no_rows_message="File tidak berisi baris uraian tugas."
    )


def _check_rows(session: Session, rows: list[SheetRow], *, instansi_id: int) -> tuple[list[CatalogData], list[RowError]]:
    """Cleaned items and every problem, one message per cell, in sheet order."""
    position_ids = [to_int(row.cells["jabatan_id"]) for row in rows]
    known = [pid for pid in position_ids if pid is not None]
    positions = positions_of_instansi(session, position_ids=known, instansi_id=instansi_id)
    taken = _taken_names(session, positions)
    first_row_of: dict[object, int] = {}
    cleaned: list[CatalogData] = []
    errors: list[RowError] = []
    for row, position_id in zip(rows, position_ids, strict=True):
        data, found = validated_row(row, COLUMNS, lambda fields: validate_catalog_item(CatalogForm(**fields)))
        if position_id is not None and (problem := position_problem(position_id, positions)):
            found.setdefault("jabatan_id", problem)
        if position_id is not None and "uraian_tugas" not in found and "jabatan_id" not in found:
            key = (position_id, _name_key(row.cells["uraian_tugas"]))
            if earlier := duplicate_of(first_row_of, key, row.number):
                found["uraian_tugas"] = f"Uraian tugas yang sama untuk jabatan ini sudah ada di baris {earlier}."
            elif key in taken:
                found["uraian_tugas"] = _duplicate_message(data.name if data else row.cells["uraian_tugas"])
        errors.extend(row_errors(row.number, found, list(COLUMNS)))
        if not found:
            cleaned.append(data)
    return cleaned, errors


def import_catalog(session: Session, *, actor: Actor, data: bytes, filename: str) -> ImportReport:
    """Create every item in the file, or none when any row has a problem.

    Problems with the file itself raise ValidationFailed on the field "file"; problems
    in rows come back in the report, and then nothing has been written.
    """
    instansi_id = require_admin(actor)
    rows = _read_rows(data, filename)
    cleaned, errors = _check_rows(session, rows, instansi_id=instansi_id)
    if errors:
        return ImportReport(total_rows=len(rows), errors=errors, created=0)
    with one_outcome(session, field="file", message=IMPORTED_MEANWHILE):
        session.add_all(
            ActivityCatalogItem(
                position_id=item.position_id, name=item.name, output_unit=item.output_unit,
                standard_minutes=item.standard_minutes,
            )
            for item in cleaned
        )
    audit.write(
        session, actor=actor, action="import", entity="activity_catalog_item",
        detail=f"{PurePath(filename).name}: {len(cleaned)} uraian tugas dibuat",
    )
    return ImportReport(total_rows=len(rows), errors=[], created=len(cleaned))


def export_catalog_xlsx(session: Session, *, actor: Actor) -> bytes:
    """The instansi's whole catalogue; its first four columns are the import's."""
    rows = [_row(*row) for row in session.exec(_rows_statement(session, instansi_id=require_admin(actor)))]
    frame = pd.DataFrame(
        [
            (str(r.position_id), r.name, r.output_unit, str(r.standard_minutes), r.position_name, r.unit_name,
             "Ya" if r.active else "Tidak")
            for r in rows
        ],
        columns=[*COLUMNS, *EXPORT_EXTRA],
    )
    audit.write(
        session, actor=actor, action="export", entity="activity_catalog_item", detail=f"{len(rows)} uraian tugas",
    )
    return xlsx_bytes(frame, sheet="Katalog Kegiatan")


def import_template_xlsx() -> bytes:
    """The import's header row and one example row."""
    example = {
        "jabatan_id": "1",
        "uraian_tugas": "Menyusun konsep surat dinas",
        "satuan_hasil": "dokumen",
        "menit_per_satuan": "30",
    }
    return xlsx_bytes(pd.DataFrame([example], columns=list(COLUMNS)), sheet="Katalog Kegiatan")
