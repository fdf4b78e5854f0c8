"""Every route of the app and the menus that lead to them."""

from __future__ import annotations

from dataclasses import dataclass

LOGIN = "/login"
CHANGE_PASSWORD = "/ganti-kata-sandi"
DASHBOARD = "/"
INPUT_PIMPINAN = "/input-pimpinan"
PROGRES_PEKERJAAN = "/progres-pekerjaan"
SASARAN_PEGAWAI = "/sasaran-pegawai"
KEGIATAN_HARIAN = "/kegiatan-harian"
LAPORAN = "/laporan"
UNDUH_PANDUAN = "/unduh-panduan"
ADMIN_UNITS = "/admin/unit-kerja"
ADMIN_POSITIONS = "/admin/jabatan"
ADMIN_EMPLOYEES = "/admin/pegawai"
ADMIN_ANNOUNCEMENTS = "/admin/pengumuman"
ADMIN_AUDIT = "/admin/jejak-audit"
ADMIN_CATALOG = "/admin/katalog-kegiatan"
ADMIN_WORK_CALENDAR = "/admin/kalender-kerja"
KEHADIRAN = "/kehadiran"
TPP = "/tpp"
PENILAIAN = "/penilaian"
ADMIN_TPP = "/admin/tpp"
ANALISIS_ORGANISASI = "/analisis-organisasi"
ADMIN_INTEGRITY = "/admin/tanda-integritas"
MATRIKS_PERAN_HASIL = "/matriks-peran-hasil"
KEBERATAN = "/keberatan"
ANGKA_KREDIT = "/angka-kredit"
ADMIN_SIASN = "/admin/siasn"
DIALOG_KINERJA = "/dialog-kinerja"


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    route: str
    icon: str
    audience: str = "all"  # all | supervisor | lead (supervisors and admins) | admin


MAIN_MENU = (
    MenuItem("dashboard", "Dashboard", DASHBOARD, "layout-dashboard"),
    MenuItem("input-pimpinan", "Input Pimpinan", INPUT_PIMPINAN, "clipboard-check", "supervisor"),
    MenuItem("progres-pekerjaan", "Progres Pekerjaan", PROGRES_PEKERJAAN, "trending-up"),
    MenuItem("sasaran-pegawai", "Sasaran Pegawai", SASARAN_PEGAWAI, "target"),
    MenuItem("kegiatan-harian", "Kegiatan Harian", KEGIATAN_HARIAN, "calendar-check"),
    MenuItem("laporan", "Laporan", LAPORAN, "file-text"),
    MenuItem("unduh-panduan", "Unduh Panduan", UNDUH_PANDUAN, "book-open"),
    # After the seven seed menus, which stay first and in order.
    MenuItem("kehadiran", "Kehadiran", KEHADIRAN, "clock"),
    MenuItem("tpp", "TPP", TPP, "wallet"),
    MenuItem("penilaian", "Penilaian Kinerja", PENILAIAN, "award"),
    MenuItem("analisis-organisasi", "Analisis Organisasi", ANALISIS_ORGANISASI, "chart-column", "lead"),
    MenuItem("matriks-peran-hasil", "Matriks Peran Hasil", MATRIKS_PERAN_HASIL, "grid-3x3", "supervisor"),
    MenuItem("keberatan", "Keberatan Penilaian", KEBERATAN, "scale"),
    MenuItem("angka-kredit", "Angka Kredit", ANGKA_KREDIT, "medal"),
    MenuItem("dialog-kinerja", "Dialog Kinerja", DIALOG_KINERJA, "messages-square"),
)

AUDIENCE_LABELS = {
    "supervisor": "atasan (pejabat yang membawahi pegawai)",
    "admin": "admin kepegawaian",
}


def restricted_page(path: str) -> MenuItem | None:
    """The menu entry of a page only some roles may open, None for the rest (``/admin/pegawai/``
    as served in production included). Analisis Organisasi is in the leads' menu but shows every
    employee their own unit's place, so it is open to all."""
    route = "/" + path.strip("/")
    item = next((item for item in (*MAIN_MENU, *ADMIN_MENU) if item.route == route), None)
    return item if item is not None and item.audience in AUDIENCE_LABELS else None


ADMIN_MENU = (
    MenuItem("admin-pegawai", "Pegawai", ADMIN_EMPLOYEES, "users", "admin"),
    MenuItem("admin-jabatan", "Jabatan", ADMIN_POSITIONS, "briefcase", "admin"),
    MenuItem("admin-unit-kerja", "Unit Kerja", ADMIN_UNITS, "network", "admin"),
    MenuItem("admin-katalog-kegiatan", "Katalog Kegiatan", ADMIN_CATALOG, "list-checks", "admin"),
    MenuItem("admin-kalender-kerja", "Kalender Kerja", ADMIN_WORK_CALENDAR, "calendar-cog", "admin"),
    MenuItem("admin-tpp", "Aturan & Rekap TPP", ADMIN_TPP, "calculator", "admin"),
    MenuItem("admin-tanda-integritas", "Tanda Integritas", ADMIN_INTEGRITY, "shield-alert", "admin"),
    MenuItem("admin-pengumuman", "Pengumuman", ADMIN_ANNOUNCEMENTS, "megaphone", "admin"),
    MenuItem("admin-jejak-audit", "Jejak Audit", ADMIN_AUDIT, "history", "admin"),
    MenuItem("admin-siasn", "Pertukaran SIASN", ADMIN_SIASN, "arrow-left-right", "admin"),
)
