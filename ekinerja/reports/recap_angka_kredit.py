"""Rekap angka kredit jabatan fungsional for the BKD: one row per pejabat fungsional with the jenjang
held at the end of the year, the year's predikat, its angka kredit pro-rated over every jenjang held
in the year (PermenPAN-RB 1/2023, Perban BKN 3/2023 Pasal 13), the cumulative figure in the jenjang
and what the next pangkat and jenjang still need."""

from __future__ import annotations

import pandas as pd

from ekinerja.domain.dates import format_date
from ekinerja.reports.data import AngkaKreditRecap
from ekinerja.reports.excel import Sheet, workbook_bytes
from ekinerja.reports.pdf import Stamp

TITLE = "REKAP ANGKA KREDIT JABATAN FUNGSIONAL"
COLUMNS = (
    "Unit Kerja", "NIP", "Nama", "Pangkat/Golongan", "Jenjang", "TMT Jenjang", "Predikat Tahunan", "Persentase (%)",
    "Bulan dalam Jenjang", "Koefisien", "AK Tahun Ini", "Rincian per Jenjang", "AK Awal (PAK)", "AK Kumulatif", "Kenaikan Pangkat Berikutnya",
    "Kebutuhan AK Pangkat", "Kekurangan AK Pangkat", "Kenaikan Jenjang Berikutnya", "Kebutuhan AK Jenjang", "Kekurangan AK Jenjang",
)
CREDITS = ("Koefisien", "AK Tahun Ini", "AK Awal (PAK)", "AK Kumulatif", "Kebutuhan AK Pangkat", "Kekurangan AK Pangkat",
           "Kebutuhan AK Jenjang", "Kekurangan AK Jenjang")


def _number(value) -> float | str:
    return "" if value is None else float(value)


def angka_kredit_frame(recap: AngkaKreditRecap) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                l.unit, l.nip, l.name, l.pangkat, l.jenjang, format_date(l.tmt), l.predikat or "Belum ada",
                _number(l.percent), l.months, _number(l.koefisien), _number(l.angka_kredit), l.parts or "-", _number(l.awal), _number(l.cumulative),
                l.pangkat_target or "-", _number(l.pangkat_needed), _number(l.pangkat_short),
                l.jenjang_target or "-", _number(l.jenjang_needed), _number(l.jenjang_short),
            )
            for l in recap.lines
        ],
        columns=list(COLUMNS),
    )


def angka_kredit_xlsx(recap: AngkaKreditRecap, *, stamp: Stamp) -> bytes:
    sheet = Sheet("Angka Kredit", f"{TITLE} — {recap.scope} — TAHUN {recap.year}", angka_kredit_frame(recap),
                  integers=("Bulan dalam Jenjang", "Persentase (%)"), credits=CREDITS)
    return workbook_bytes([sheet], stamp=stamp)
