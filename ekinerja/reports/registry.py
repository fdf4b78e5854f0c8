"""Every report the Laporan page offers: what it is, its format, what it is about and who may ask.

A report whose data does not exist yet stays listed with ``available=False`` so the page can
say so; making it available is adding its gather/build pair in ekinerja.services.reports.
"""

from __future__ import annotations

from dataclasses import dataclass

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

REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec(
        KEGIATAN_BULANAN, "Laporan kegiatan harian bulanan",
        "Semua kegiatan yang disetujui atasan dalam satu bulan, jumlah menit terhadap target, dan kolom tanda tangan.",
        "pdf", "pegawai",
    ),
    ReportSpec(
        DOKUMEN_SKP, "Dokumen SKP",
        "Sasaran Kinerja Pegawai sesuai format PermenPAN-RB 6/2022: hasil kerja, perilaku kerja, dan lampiran.",
        "pdf", "skp",
    ),
    ReportSpec(
        REKAP_CAPAIAN, "Rekap capaian per unit",
        "Siapa yang belum mengisi kegiatan harian dan atasan yang belum memvalidasi, per unit kerja.",
        "xlsx", "unit", team_only=True,
    ),
    ReportSpec(
        EVALUASI_KINERJA, "Dokumen evaluasi kinerja",
        "Realisasi, rating hasil kerja dan perilaku kerja, umpan balik, dan predikat dari penilaian yang sudah final.",
        "pdf", "evaluasi",
    ),
    ReportSpec(
        REKAP_TPP, "Rekap TPP per unit dan instansi",
        "Komponen TPP tiap pegawai (basis, kinerja, disiplin, tambahan Plt) satu lembar per unit, dengan lembar ringkasan instansi.",
        "xlsx", "unit", team_only=True, admin_only=True,
    ),
    ReportSpec(
        REKAP_KEHADIRAN, "Rekap kehadiran",
        "Hadir, terlambat (TL1-TL4), pulang sebelum waktunya (PSW1-PSW4), tanpa keterangan, dan ketidakhadiran per jenis, satu lembar per unit.",
        "xlsx", "unit", team_only=True,
    ),
    ReportSpec(
        REKAP_ANGKA_KREDIT, "Rekap angka kredit jabatan fungsional",
        "Predikat tahunan, angka kredit tahun itu (PermenPAN-RB 1/2023), angka kredit kumulatif, dan kebutuhan untuk "
        "kenaikan pangkat/jenjang tiap pejabat fungsional, untuk dikirim ke BKD.",
        "xlsx", "tahun", team_only=True,
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
