"""Laporan Kegiatan Harian Bulanan: every approved activity of one employee's month, the
month's total against the target, and signature blocks for the employee and the atasan."""

from __future__ import annotations

from reportlab.lib.units import mm

from ekinerja.domain.dates import (
    format_date,
    format_minutes,
    format_number,
    month_label,
)
from ekinerja.domain.money import format_percent
from ekinerja.reports.data import ActivityReport
from ekinerja.reports.pdf import (
    Signer,
    Stamp,
    Styles,
    build_pdf,
    content_width,
    grid,
    identity_table,
    para,
    signature_block,
)

TITLE = "LAPORAN KEGIATAN HARIAN BULANAN"
HEADERS = ("No", "Tanggal", "Waktu", "Kegiatan / uraian", "Hasil", "RHK terkait", "Menit disetujui")


def total_line(report: ActivityReport) -> str:
    """The sentence the document and the page both show; tests look for it in the PDF."""
    return (
        f"Jumlah menit disetujui: {format_number(report.approved_minutes)} menit dari target "
        f"{format_number(report.target_minutes)} menit ({format_percent(report.percent)})"
    )


def activity_report_pdf(report: ActivityReport, *, stamp: Stamp, place: str = "") -> bytes:
    width = content_width(wide=True)
    story = [
        para(TITLE, Styles.title),
        para(f"Bulan {month_label(report.year, report.month)} — {report.instansi}", Styles.subtitle),
        identity_table(
            [
                ("Nama", report.pegawai.name),
                ("NIP", report.pegawai.nip),
                ("Pangkat/golongan", report.pegawai.pangkat or "-"),
                ("Jabatan", report.pegawai.jabatan),
                ("Unit kerja", report.pegawai.unit),
                ("Atasan langsung", f"{report.atasan.name} (NIP {report.atasan.nip})" if report.atasan else "-"),
            ],
            width,
        ),
        para("Kegiatan yang disetujui atasan", Styles.heading),
    ]
    rows: list[list[object]] = [list(HEADERS)]
    for number, line in enumerate(report.lines, start=1):
        task = f"{line.task}\n{line.description}" if line.description else line.task
        rows.append([
            str(number), format_date(line.day), f"{line.start}–{line.end}", task,
            f"{line.quantity} {line.output_unit}", line.rhk or "-", format_number(line.minutes),
        ])
    if not report.lines:
        rows.append(["", "", "", "Belum ada kegiatan yang disetujui pada bulan ini.", "", "", "0"])
    rows.append(["Jumlah", "", "", "", "", "", format_number(report.approved_minutes)])
    widths = [9 * mm, 28 * mm, 22 * mm, width - 164 * mm, 28 * mm, 57 * mm, 20 * mm]
    last = len(rows) - 1
    story.append(grid(rows, widths, spans=[((0, last), (5, last))], shaded=[last]))
    story += [
        para(total_line(report), Styles.heading),
        para(f"Target bulanan: {format_minutes(report.target_minutes)}. Disetujui: {format_minutes(report.approved_minutes)}.", Styles.body),
        para(
            f"Belum divalidasi: {report.pending_count} kegiatan ({format_number(report.pending_minutes)} menit, tidak dihitung). "
            f"Ditolak: {report.rejected_count} kegiatan.",
            Styles.small,
        ),
        signature_block(
            Signer("Atasan langsung", report.atasan.name, report.atasan.nip) if report.atasan else None,
            Signer("Pegawai yang bersangkutan", report.pegawai.name, report.pegawai.nip),
            place=place,
            day=stamp.produced_at.date(),
            width=width,
        ),
    ]
    return build_pdf(story, title=f"{TITLE} — {report.pegawai.name}", stamp=stamp, wide=True)
