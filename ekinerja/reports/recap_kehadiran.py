"""Rekap kehadiran: one sheet per unit (OPD) with each employee's month (hadir, TL1-TL4, PSW1-PSW4,
tanpa keterangan, absences by kind) and a summary sheet of the units' totals."""

from __future__ import annotations

import pandas as pd

from ekinerja.domain.dates import month_label
from ekinerja.domain.tpp import ABSENCE_LABELS
from ekinerja.reports.data import KehadiranLine, KehadiranRecap
from ekinerja.reports.excel import unit_sheets, workbook_bytes
from ekinerja.reports.pdf import Stamp

TITLE = "REKAP KEHADIRAN PEGAWAI"
TIER_COLUMNS = (*(f"TL{i}" for i in range(1, 5)), *(f"PSW{i}" for i in range(1, 5)))
COUNTED = ("Hari Kerja", "Hadir", *TIER_COLUMNS, "Tanpa Keterangan")


def absence_columns(lines: list[KehadiranLine]) -> list[tuple[str, str]]:
    """(kind, column title) of every absence kind that occurs, in the regulation's order."""
    seen = {kind for line in lines for kind, days in line.absences.items() if days}
    return [(kind, label) for kind, label in ABSENCE_LABELS.items() if kind in seen]


def unit_frames(lines: list[KehadiranLine]) -> dict[str, pd.DataFrame]:
    kinds = absence_columns(lines)
    columns = ["Unit Kerja", "NIP", "Nama", *COUNTED, *(label for _, label in kinds)]
    by_unit: dict[str, list[KehadiranLine]] = {}
    for line in lines:
        by_unit.setdefault(line.unit, []).append(line)
    return {
        unit: pd.DataFrame(
            [
                [l.sub_unit, l.nip, l.name, l.working_days, l.present, *l.tl, *l.psw, l.absent_without_reason,
                 *(l.absences.get(kind, 0) for kind, _ in kinds)]
                for l in members
            ],
            columns=columns,
        )
        for unit, members in by_unit.items()
    }


def kehadiran_xlsx(recap: KehadiranRecap, *, stamp: Stamp) -> bytes:
    summed = [*COUNTED, *(label for _, label in absence_columns(recap.lines))]
    sheets = unit_sheets(
        unit_frames(recap.lines), title=f"{TITLE} — {recap.scope}", period=month_label(recap.year, recap.month),
        label_column="Nama", summed=summed, integers=summed,
    )
    return workbook_bytes(sheets, stamp=stamp)
