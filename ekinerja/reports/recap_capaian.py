"""Rekap Capaian: per unit, who has not logged their kegiatan harian and whose entries still wait
for the atasan's validation, with the month's approved minutes against the target."""

from __future__ import annotations

import pandas as pd

from ekinerja.domain.dates import month_label
from ekinerja.reports.data import CapaianLine, CapaianRecap
from ekinerja.reports.excel import Sheet, workbook_bytes
from ekinerja.reports.pdf import Stamp

TITLE = "REKAP CAPAIAN KEGIATAN HARIAN"
PEGAWAI_COLUMNS = (
    "Unit Kerja", "NIP", "Nama", "Jabatan", "Atasan", "Hari Kerja", "Hari Diisi", "Hari Belum Diisi",
    "Kegiatan", "Menunggu Validasi", "Disetujui", "Ditolak", "Menit Disetujui", "Target Menit", "Capaian (%)",
)
SUMMARY_COLUMNS = (
    "Unit Kerja", "Jumlah Pegawai", "Belum Mengisi Sama Sekali", "Ada Hari Belum Diisi",
    "Kegiatan Menunggu Validasi", "Menit Disetujui", "Target Menit", "Capaian (%)",
)
VALIDATOR_COLUMNS = ("Unit Kerja", "NIP Atasan", "Nama Atasan", "Kegiatan Menunggu Validasi", "Tanggal Tertua")
INTEGER_COLUMNS = (
    "Hari Kerja", "Hari Diisi", "Hari Belum Diisi", "Kegiatan", "Menunggu Validasi", "Disetujui", "Ditolak",
    "Menit Disetujui", "Target Menit", "Jumlah Pegawai", "Belum Mengisi Sama Sekali", "Ada Hari Belum Diisi",
    "Kegiatan Menunggu Validasi",
)


def _percent(minutes: int, target: int) -> float:
    return round(minutes * 100 / target, 2) if target > 0 else 0.0


def pegawai_frame(lines: list[CapaianLine]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (l.unit, l.nip, l.name, l.jabatan, l.atasan, l.working_days, l.days_logged, l.missing_days, l.entries,
             l.pending, l.approved, l.rejected, l.approved_minutes, l.target_minutes, _percent(l.approved_minutes, l.target_minutes))
            for l in lines
        ],
        columns=PEGAWAI_COLUMNS,
    )


def summary_frame(lines: list[CapaianLine]) -> pd.DataFrame:
    units: dict[str, list[CapaianLine]] = {}
    for line in lines:
        units.setdefault(line.unit, []).append(line)
    rows = []
    for unit, members in units.items():
        minutes, target = sum(m.approved_minutes for m in members), sum(m.target_minutes for m in members)
        rows.append((
            unit, len(members), sum(1 for m in members if m.entries == 0), sum(1 for m in members if m.missing_days),
            sum(m.pending for m in members), minutes, target, _percent(minutes, target),
        ))
    minutes, target = sum(l.approved_minutes for l in lines), sum(l.target_minutes for l in lines)
    rows.append((
        "JUMLAH", len(lines), sum(1 for l in lines if l.entries == 0), sum(1 for l in lines if l.missing_days),
        sum(l.pending for l in lines), minutes, target, _percent(minutes, target),
    ))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def capaian_xlsx(recap: CapaianRecap, *, stamp: Stamp) -> bytes:
    period = month_label(recap.year, recap.month)
    not_logged = [l for l in recap.lines if l.missing_days]
    validators = pd.DataFrame(
        [(v.unit, v.nip, v.name, v.pending, v.oldest.isoformat()) for v in recap.validators], columns=VALIDATOR_COLUMNS
    )
    common = {"integers": INTEGER_COLUMNS, "decimals": ("Capaian (%)",)}
    return workbook_bytes(
        [
            Sheet("Ringkasan", f"{TITLE} — {recap.scope} — {period}", summary_frame(recap.lines), **common),
            Sheet("Pegawai", f"Capaian per pegawai — {recap.scope} — {period}", pegawai_frame(recap.lines), **common),
            Sheet("Belum Mengisi", f"Pegawai dengan hari kerja belum diisi — {period}", pegawai_frame(not_logged), **common),
            Sheet("Belum Memvalidasi", f"Atasan yang belum memvalidasi kegiatan bawahan — {period}", validators, **common),
        ],
        stamp=stamp,
    )
