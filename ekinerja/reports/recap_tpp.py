"""Rekap TPP: one sheet per unit (OPD) with each employee's components, and a summary sheet of
the units' totals and the instansi's, money in the rupiah number format."""

from __future__ import annotations

import pandas as pd

from ekinerja.domain.dates import month_label
from ekinerja.reports.data import TppRecapDocument, TppRecapLine
from ekinerja.reports.excel import unit_sheets, workbook_bytes
from ekinerja.reports.pdf import Stamp

TITLE = "REKAP TAMBAHAN PENGHASILAN PEGAWAI"
COLUMNS = ("NIP", "Nama", "Basis TPP", "Kinerja", "Disiplin", "Tambahan Plt", "Total TPP")
MONEY = ("Basis TPP", "Kinerja", "Disiplin", "Tambahan Plt", "Total TPP")


def _money(value) -> float:
    return round(float(value), 2)


def unit_frames(lines: list[TppRecapLine]) -> dict[str, pd.DataFrame]:
    by_unit: dict[str, list[TppRecapLine]] = {}
    for line in lines:
        by_unit.setdefault(line.unit, []).append(line)
    return {
        unit: pd.DataFrame(
            [(l.nip, l.name, _money(l.base), _money(l.kinerja), _money(l.disiplin), _money(l.tambahan), _money(l.total)) for l in members],
            columns=COLUMNS,
        )
        for unit, members in by_unit.items()
    }


def tpp_xlsx(doc: TppRecapDocument, *, stamp: Stamp) -> bytes:
    title = f"{TITLE}{' (TERKUNCI)' if doc.locked else ''} — {doc.scope}"
    sheets = unit_sheets(
        unit_frames(doc.lines), title=title, period=month_label(doc.year, doc.month), label_column="Nama", summed=MONEY, money=MONEY,
    )
    return workbook_bytes(sheets, stamp=stamp)
