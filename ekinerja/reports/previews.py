"""What the Laporan page shows of each document before it is downloaded: its table, every row
(the page pages them), and a one-line summary. Like the builders, these read only the document's
plain data (reports/data.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ekinerja.domain.activity_rules import month_status_note
from ekinerja.domain.angka_kredit import format_ak
from ekinerja.domain.dates import format_date, format_number, month_label
from ekinerja.domain.money import format_rupiah
from ekinerja.domain.tpp import ABSENCE_LABELS
from ekinerja.reports.activity_report import total_line
from ekinerja.reports.data import (
    ActivityReport,
    AngkaKreditRecap,
    CapaianRecap,
    EvaluationDocument,
    EvaluationIndikatorLine,
    KehadiranRecap,
    SkpDocument,
    SkpIndikatorLine,
    TppRecapDocument,
)
from ekinerja.reports.skp_document import period_text


@dataclass(frozen=True)
class Preview:
    columns: list[str]
    rows: list[list[str]]  # every row here; the page's one page of them in services.reports.preview
    total: int
    summary: str


def _table(columns: list[str], rows: list[list[str]], summary: str) -> Preview:
    return Preview(columns, rows, len(rows), summary)


def activity_table(report: ActivityReport) -> Preview:
    rows = [
        [format_date(l.day), f"{l.start}–{l.end}", l.task, f"{l.quantity} {l.output_unit}", format_number(l.minutes)]
        for l in report.lines
    ]
    note = month_status_note(
        approved=len(report.lines), pending=report.pending_count, pending_minutes=report.pending_minutes,
        atasan=report.atasan_now,
    ) if report.pending_count or not report.lines else ""
    return _table(["Tanggal", "Waktu", "Kegiatan", "Hasil", "Menit"], rows,
                 f"{report.pegawai.name} — {month_label(report.year, report.month)}. {total_line(report)}. {note}".strip())


def skp_table(doc: SkpDocument) -> Preview:
    rows = [
        [r.kind.capitalize(), r.description, i.aspek.capitalize(), i.description, i.target]
        for r in doc.rhks for i in (r.indikators or [SkpIndikatorLine("-", "-", "-")])
    ]
    return _table(["Jenis", "Rencana hasil kerja", "Aspek", "Indikator", "Target"], rows,
                 f"SKP {doc.pegawai.name}, periode {period_text(doc)}: {len(doc.rhks)} RHK, {len(rows)} indikator.")


def evaluation_table(ev: EvaluationDocument) -> Preview:
    rows = [
        ["Hasil kerja", r.description, f"{i.description}: {i.realisasi} dari {i.target}", r.rating, r.feedback or "-"]
        for r in ev.rhks for i in (r.indikators or [EvaluationIndikatorLine("-", "-", "-", "-")])
    ] + [["Perilaku kerja", p.name, "-", p.rating, p.feedback or "-"] for p in ev.perilaku]
    return _table(["Bagian", "Uraian", "Realisasi / target", "Rating", "Umpan balik"], rows,
                 f"Evaluasi {ev.pegawai.name}, {ev.period}: rating hasil kerja {ev.rating_hasil}, "
                 f"rating perilaku kerja {ev.rating_perilaku}, predikat {ev.predikat}.")


def angka_kredit_table(ak: AngkaKreditRecap) -> Preview:
    rows = [
        [l.name, l.jenjang, l.predikat or "Belum ada", format_ak(l.angka_kredit), format_ak(l.cumulative),
         f"{l.pangkat_target}: kurang {format_ak(l.pangkat_short)}" if l.pangkat_target else "-"]
        for l in ak.lines
    ]
    missing = sum(1 for l in ak.lines if not l.predikat)
    return _table(
        ["Pegawai", "Jenjang", "Predikat tahunan", "AK tahun ini", "AK kumulatif", "Kenaikan pangkat berikutnya"], rows,
        f"{ak.scope}, tahun {ak.year}: {len(ak.lines)} pejabat fungsional, {missing} belum memiliki predikat tahunan final.",
    )


def tpp_table(recap: TppRecapDocument) -> Preview:
    rows = [
        [l.unit, l.name, *(format_rupiah(v) for v in (l.base, l.kinerja, l.disiplin, l.tambahan, l.total))] for l in recap.lines
    ]
    total = sum((l.total for l in recap.lines), Decimal(0))
    return _table(
        ["Unit", "Pegawai", "Basis", "Kinerja", "Disiplin", "Tambahan Plt", "Total"], rows,
        f"{recap.scope}, {month_label(recap.year, recap.month)}{' (terkunci)' if recap.locked else ''}: "
        f"{len(recap.lines)} pegawai di {len({l.unit for l in recap.lines})} unit, total TPP {format_rupiah(total)}.",
    )


def _tiers(counts: tuple[int, ...], prefix: str) -> str:
    return ", ".join(f"{prefix}{i}: {n}" for i, n in enumerate(counts, start=1) if n) or "-"


def kehadiran_table(recap: KehadiranRecap) -> Preview:
    rows = [
        [l.sub_unit, l.name, f"{l.present}/{l.working_days}", _tiers(l.tl, "TL"), _tiers(l.psw, "PSW"), str(l.absent_without_reason),
         ", ".join(f"{ABSENCE_LABELS.get(k, k)}: {n}" for k, n in l.absences.items() if n) or "-"]
        for l in recap.lines
    ]
    return _table(
        ["Unit", "Pegawai", "Hadir", "Terlambat", "Pulang cepat", "Tanpa keterangan", "Izin/cuti/dinas"], rows,
        f"{recap.scope}, {month_label(recap.year, recap.month)}: {len(recap.lines)} pegawai, "
        f"{sum(l.present for l in recap.lines)} hari hadir, {sum(l.absent_without_reason for l in recap.lines)} hari tanpa keterangan.",
    )


def capaian_table(recap: CapaianRecap) -> Preview:
    rows = [
        [l.unit, l.name, str(l.days_logged), str(l.missing_days), str(l.pending), format_number(l.approved_minutes)]
        for l in recap.lines
    ]
    not_logged = sum(1 for l in recap.lines if l.entries == 0)
    pending = sum(l.pending for l in recap.lines)
    return _table(
        ["Unit", "Pegawai", "Hari diisi", "Hari belum diisi", "Menunggu validasi", "Menit disetujui"], rows,
        f"{recap.scope}, {month_label(recap.year, recap.month)}: {len(recap.lines)} pegawai, {not_logged} belum mengisi "
        f"sama sekali, {pending} kegiatan menunggu validasi oleh {len(recap.validators)} atasan.",
    )
