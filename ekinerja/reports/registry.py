"""Every report the Laporan page offers: what it is, its format, what it is about, who may ask,
and how it is produced from its gathered data: the builder of its file, the file's name, the
period its print stamp names, and the table the page previews.

A report whose data does not exist yet stays listed with ``available=False`` so the page can
say so; making it available is declaring its build here and its gathering in
ekinerja.services.reports (the database side).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ekinerja.domain.dates import month_label
from ekinerja.reports import previews
from ekinerja.reports.activity_report import activity_report_pdf
from ekinerja.reports.evaluation_document import evaluation_pdf
from ekinerja.reports.recap_angka_kredit import angka_kredit_xlsx
from ekinerja.reports.recap_capaian import capaian_xlsx
from ekinerja.reports.recap_kehadiran import kehadiran_xlsx
from ekinerja.reports.recap_tpp import tpp_xlsx
from ekinerja.reports.skp_document import period_text, skp_document_pdf

PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportSpec:
    key: str
    label: str
    description: str
    fmt: str  # pdf | xlsx
    # pegawai (one employee and a month) | skp (one SKP) | evaluasi (one final evaluation) | unit (a unit and a month)
    # | tahun (a unit and a year)
    subject: str
    team_only: bool = False  # atasan and admins only
    admin_only: bool = False  # admins of the instansi only
    available: bool = True
    # How the gathered document (a reports.data dataclass) becomes the file and the preview.
    build: Callable[..., bytes] | None = None  # (document, *, stamp) -> the file's bytes
    filename: Callable[[Any], str] | None = None
    period: Callable[[Any], str] | None = None  # what the print stamp says the document covers
    table: Callable[[Any], previews.Preview] | None = None

    @property
    def mime(self) -> str:
        return PDF_MIME if self.fmt == "pdf" else XLSX_MIME

    @property
    def format_label(self) -> str:
        return "PDF" if self.fmt == "pdf" else "Excel"


KEGIATAN_BULANAN = "kegiatan-bulanan"
DOKUMEN_SKP = "dokumen-skp"
REKAP_CAPAIAN = "rekap-capaian"
EVALUASI_KINERJA = "evaluasi-kinerja"
REKAP_TPP = "rekap-tpp"
REKAP_KEHADIRAN = "rekap-kehadiran"
REKAP_ANGKA_KREDIT = "rekap-angka-kredit"


def _of_month(doc: Any) -> str:
    return month_label(doc.year, doc.month)


def _monthly_recap(key: str) -> Callable[[Any], str]:
    return lambda recap: f"{key}-{recap.year}-{recap.month:02d}.xlsx"


REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec(
        KEGIATAN_BULANAN, "Laporan kegiatan harian bulanan",
        "Semua kegiatan yang disetujui atasan dalam satu bulan, jumlah menit terhadap target, dan kolom tanda tangan.",
        "pdf", "pegawai",
        build=activity_report_pdf, period=_of_month, table=previews.activity_table,
        filename=lambda r: f"laporan-kegiatan-{r.pegawai.nip}-{r.year}-{r.month:02d}.pdf",
    ),
    ReportSpec(
        DOKUMEN_SKP, "Dokumen SKP",
        "Sasaran Kinerja Pegawai sesuai format PermenPAN-RB 6/2022: hasil kerja, perilaku kerja, dan lampiran.",
        "pdf", "skp",
        build=skp_document_pdf, period=period_text, table=previews.skp_table,
        filename=lambda doc: f"skp-{doc.pegawai.nip}-{doc.year}-revisi-{doc.revision}.pdf",
    ),
    ReportSpec(
        REKAP_CAPAIAN, "Rekap capaian per unit",
        "Siapa yang belum mengisi kegiatan harian dan atasan yang belum memvalidasi, per unit kerja.",
        "xlsx", "unit", team_only=True,
        build=capaian_xlsx, period=_of_month, table=previews.capaian_table, filename=_monthly_recap(REKAP_CAPAIAN),
    ),
    ReportSpec(
        EVALUASI_KINERJA, "Dokumen evaluasi kinerja",
        "Realisasi, rating hasil kerja dan perilaku kerja, umpan balik, dan predikat dari penilaian yang sudah final.",
        "pdf", "evaluasi",
        build=evaluation_pdf, period=lambda ev: ev.period, table=previews.evaluation_table,
        filename=lambda ev: f"evaluasi-kinerja-{ev.pegawai.nip}-{ev.period.lower().replace(' ', '-')}.pdf",
    ),
    ReportSpec(
        REKAP_TPP, "Rekap TPP per unit dan instansi",
        "Komponen TPP tiap pegawai (basis, kinerja, disiplin, tambahan Plt) satu lembar per unit, dengan lembar ringkasan instansi.",
        "xlsx", "unit", team_only=True, admin_only=True,
        build=tpp_xlsx, period=_of_month, table=previews.tpp_table, filename=_monthly_recap(REKAP_TPP),
    ),
    ReportSpec(
        REKAP_KEHADIRAN, "Rekap kehadiran",
        "Hadir, terlambat (TL1-TL4), pulang sebelum waktunya (PSW1-PSW4), tanpa keterangan, dan ketidakhadiran per jenis, satu lembar per unit.",
        "xlsx", "unit", team_only=True,
        build=kehadiran_xlsx, period=_of_month, table=previews.kehadiran_table, filename=_monthly_recap(REKAP_KEHADIRAN),
    ),
    ReportSpec(
        REKAP_ANGKA_KREDIT, "Rekap angka kredit jabatan fungsional",
        "Predikat tahunan, angka kredit tahun itu (PermenPAN-RB 1/2023), angka kredit kumulatif, dan kebutuhan untuk "
        "kenaikan pangkat/jenjang tiap pejabat fungsional, untuk dikirim ke BKD.",
        "xlsx", "tahun", team_only=True,
        build=angka_kredit_xlsx, period=lambda ak: f"Tahun {ak.year}", table=previews.angka_kredit_table,
        filename=lambda ak: f"{REKAP_ANGKA_KREDIT}-{ak.year}.xlsx",
    ),
)
BY_KEY = {spec.key: spec for spec in REPORTS}


def offered(*, is_team_viewer: bool, is_admin: bool = False) -> list[ReportSpec]:
    """The available reports an actor may produce: team reports only for atasan and admins, admin reports only for admins."""
    return [
        spec for spec in REPORTS
        if spec.available and (is_team_viewer or not spec.team_only) and (is_admin or not spec.admin_only)
    ]


def coming_soon() -> list[ReportSpec]:
    return [spec for spec in REPORTS if not spec.available]
