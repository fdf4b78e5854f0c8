"""Formatted .xlsx recaps: a title block (what, which period, who produced it and when) above
each sheet's table, bold filled headers, sensible widths, frozen header, rupiah and number formats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ekinerja.reports.pdf import Stamp

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH_FORMAT = '"Rp" #,##0'
INTEGER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00"
CREDIT_FORMAT = "#,##0.000"  # angka kredit, three decimals as in a PAK
# The table's header is on this (0-based) row: pd.read_excel(..., header=HEADER_ROW) reads it back.
HEADER_ROW = 4
_HEAD_FILL = PatternFill("solid", fgColor="E3EEF0")


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, no []:*?/\
    title: str
    frame: pd.DataFrame
    money: Sequence[str] = field(default_factory=tuple)
    integers: Sequence[str] = field(default_factory=tuple)
    decimals: Sequence[str] = field(default_factory=tuple)
    credits: Sequence[str] = field(default_factory=tuple)


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """Excel refuses some characters and names over 31 characters; names must be unique."""
    cleaned = "".join(" " if c in '[]:*?/\\' else c for c in name).strip()[:31].strip() or "Sheet"
    candidate, n = cleaned, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Sequence[Sheet], *, stamp: Stamp) -> bytes:
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet in sheets:
            sheet.frame.to_excel(writer, sheet_name=sheet.name, index=False, startrow=HEADER_ROW)
            ws = writer.sheets[sheet.name]
            for address, value in (("A1", sheet.title), ("A2", f"Periode: {stamp.period}"), ("A3", stamp.text)):
                ws[address] = value
                ws[address].data_type = "s"  # a title is never a formula, whatever it starts with
            ws["A1"].font = Font(bold=True, size=13)
            ws["A3"].font = Font(italic=True, size=9, color="52606D")
            header = HEADER_ROW + 1  # openpyxl rows are 1-based
            for index, column in enumerate(sheet.frame.columns, start=1):
                letter = get_column_letter(index)
                cell = ws.cell(row=header, column=index)
                cell.font = Font(bold=True)
                cell.fill = _HEAD_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                number_format = (
                    RUPIAH_FORMAT if column in sheet.money
                    else INTEGER_FORMAT if column in sheet.integers
                    else PERCENT_FORMAT if column in sheet.decimals
                    else CREDIT_FORMAT if column in sheet.credits
                    else None
                )
                values = [str(v) for v in sheet.frame[column].tolist()[:500]]
                ws.column_dimensions[letter].width = min(50, max([len(str(column)) * 0.9, *(len(v) for v in values), 6]) + 2)
                for row in range(header + 1, header + 1 + len(sheet.frame)):
                    target = ws.cell(row=row, column=index)
                    if number_format:
                        target.number_format = number_format
                    elif isinstance(target.value, str):
                        target.data_type = "s"  # never a formula, never a number (NIP)
            ws.freeze_panes = ws.cell(row=header + 1, column=1)
    return buffer.getvalue()


SUMMARY_SHEET = "Ringkasan"
TOTAL_LABEL = "JUMLAH"
INSTANSI_TOTAL_LABEL = "JUMLAH SELURUHNYA"


def with_total_row(frame: pd.DataFrame, *, label_column: str, summed: Sequence[str], label: str = TOTAL_LABEL) -> pd.DataFrame:
    """The frame with a last row holding the sums of ``summed`` and ``label`` in ``label_column``."""
    total = {column: "" for column in frame.columns}
    total.update({column: frame[column].sum() if len(frame) else 0 for column in summed})
    total[label_column] = label
    return pd.concat([frame, pd.DataFrame([total], columns=frame.columns)], ignore_index=True)


def unit_sheets(
    units: dict[str, pd.DataFrame], *, title: str, period: str, label_column: str, summed: Sequence[str], **formats
) -> list[Sheet]:
    """A summary sheet (one row per unit: employees and the sums of ``summed``, then the grand total)
    followed by one sheet per unit (its employees, then its total row). The grand total is the sum of
    the unit sheets' total rows by construction."""
    summary = pd.DataFrame(
        [[unit, len(frame), *(frame[c].sum() for c in summed)] for unit, frame in units.items()],
        columns=["Unit Kerja", "Jumlah Pegawai", *summed],
    )
    summary = with_total_row(summary, label_column="Unit Kerja", summed=["Jumlah Pegawai", *summed], label=INSTANSI_TOTAL_LABEL)
    integers = (*formats.pop("integers", ()), "Jumlah Pegawai")
    taken = {SUMMARY_SHEET.lower()}
    sheets = [Sheet(SUMMARY_SHEET, f"{title} — {period}", summary, integers=integers, **formats)]
    for unit, frame in units.items():
        sheets.append(Sheet(
            safe_sheet_name(unit, taken), f"{title} — {unit} — {period}",
            with_total_row(frame, label_column=label_column, summed=summed), integers=integers, **formats,
        ))
    return sheets
