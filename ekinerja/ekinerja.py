"""The Reflex app: every page and what loads it."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja import collector, log_redaction, routes
from ekinerja.errors import server_error_toast
from ekinerja.event_limits import App
from ekinerja.pages.admin.announcements import announcements_page
from ekinerja.pages.admin.audit import audit_page
from ekinerja.pages.admin.catalog import catalog_page
from ekinerja.pages.admin.employees import employees_page
from ekinerja.pages.admin.integrity import integrity_page
from ekinerja.pages.admin.positions import positions_page
from ekinerja.pages.admin.siasn import siasn_page
from ekinerja.pages.admin.units import units_page
from ekinerja.pages.admin.work_calendar import work_calendar_page
from ekinerja.pages.analisis import analisis_page
from ekinerja.pages.angka_kredit import angka_kredit_page
from ekinerja.pages.dashboard import dashboard_page
from ekinerja.pages.dialog import dialog_page
from ekinerja.pages.input_pimpinan import input_pimpinan_page
from ekinerja.pages.keberatan import keberatan_page
from ekinerja.pages.kegiatan_harian import kegiatan_harian_page
from ekinerja.pages.kehadiran import kehadiran_page
from ekinerja.pages.laporan import laporan_page
from ekinerja.pages.login import change_password_page, login_page
from ekinerja.pages.panduan import panduan_page
from ekinerja.pages.penilaian import penilaian_page
from ekinerja.pages.peran_hasil import peran_hasil_page
from ekinerja.pages.progress import progress_page
from ekinerja.pages.skp import skp_page
from ekinerja.pages.tpp import admin_tpp_page, tpp_page
from ekinerja.state.admin_announcements import AdminAnnouncementsState
from ekinerja.state.admin_audit import AdminAuditState
from ekinerja.state.admin_catalog import AdminCatalogState
from ekinerja.state.admin_employees import AdminEmployeesState
from ekinerja.state.admin_positions import AdminPositionsState
from ekinerja.state.admin_siasn import AdminSiasnState
from ekinerja.state.admin_units import AdminUnitsState
from ekinerja.state.admin_work_calendar import AdminWorkCalendarState
from ekinerja.state.analisis import AnalisisState, UnitPlaceState
from ekinerja.state.angka_kredit import AngkaKreditState
from ekinerja.state.app_state import AppState
from ekinerja.state.dashboard import DashboardState
from ekinerja.state.dashboard_admin import DashboardAdminState
from ekinerja.state.dashboard_kinerja import DashboardKinerjaState
from ekinerja.state.dashboard_team import DashboardTeamState
from ekinerja.state.dialog import DialogState
from ekinerja.state.input_pimpinan import InputPimpinanState
from ekinerja.state.integrity import AdminIntegrityState, TeamIntegrityState
from ekinerja.state.keberatan import KeberatanState
from ekinerja.state.kegiatan_harian import KegiatanHarianState
from ekinerja.state.kehadiran import KehadiranState
from ekinerja.state.laporan import LaporanState
from ekinerja.state.login import ChangePasswordState, LoginState
from ekinerja.state.panduan import PanduanState
from ekinerja.state.penilaian.peer_input import PeerInputState
from ekinerja.state.penilaian.rating import PenilaianState
from ekinerja.state.peran_hasil import PeranHasilState
from ekinerja.state.progress import ProgressState
from ekinerja.state.skp import SkpState
from ekinerja.state.socket_middleware import SocketBinding
from ekinerja.state.tpp import AdminTppState, TppState

# Before anything logs: no token, socket id or password reaches a log line (ekinerja/log_redaction.py).
log_redaction.install()

# rx.App with a bound on each connection's queued events (ekinerja/event_limits.py); foreground
# events queue for a slot before Reflex takes their tab's state lock (ekinerja/event_gate.py).
app = App(
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
    stylesheets=["/ekinerja.css"],
    # Failed events show a plain Indonesian message (and a distinct one when PostgreSQL or Redis is down).
    backend_exception_handler=server_error_toast,
)
# The session token counts only on the connection that presented it (ekinerja/state/socket_binding.py, socket_middleware.py).
app.add_middleware(SocketBinding())
# Once loaded, each worker freezes what start-up built and collects cycles less eagerly (ekinerja/collector.py).
app.register_lifespan_task(collector.settle)


def add_signed_in_page(route: str, title: str, build: Callable[[], rx.Component], *loaders) -> None:
    """Every signed-in page loads the session first: it redirects anonymous visitors to login."""
    app.add_page(build, route=route, title=f"{title} | e-Kinerja", on_load=[AppState.load_session, *loaders])


app.add_page(login_page, route=routes.LOGIN, title="Masuk | e-Kinerja", on_load=LoginState.load)
add_signed_in_page(routes.CHANGE_PASSWORD, "Ganti Kata Sandi", change_password_page, ChangePasswordState.load)
add_signed_in_page(
    routes.DASHBOARD, "Dashboard", dashboard_page,
    DashboardState.load, DashboardKinerjaState.load, DashboardTeamState.load, DashboardAdminState.load, UnitPlaceState.load,
)
add_signed_in_page(routes.KEGIATAN_HARIAN, "Kegiatan Harian", kegiatan_harian_page, KegiatanHarianState.load)
add_signed_in_page(routes.INPUT_PIMPINAN, "Input Pimpinan", input_pimpinan_page, InputPimpinanState.load, TeamIntegrityState.load)
add_signed_in_page(routes.SASARAN_PEGAWAI, "Sasaran Pegawai", skp_page, SkpState.load)
add_signed_in_page(routes.PROGRES_PEKERJAAN, "Progres Pekerjaan", progress_page, ProgressState.load)
add_signed_in_page(routes.ADMIN_EMPLOYEES, "Data Pegawai", employees_page, AdminEmployeesState.load)
add_signed_in_page(routes.ADMIN_POSITIONS, "Jabatan", positions_page, AdminPositionsState.load)
add_signed_in_page(routes.ADMIN_UNITS, "Unit Kerja", units_page, AdminUnitsState.load)
add_signed_in_page(routes.ADMIN_ANNOUNCEMENTS, "Pengumuman", announcements_page, AdminAnnouncementsState.load)
add_signed_in_page(routes.ADMIN_AUDIT, "Jejak Audit", audit_page, AdminAuditState.load)
add_signed_in_page(routes.ADMIN_CATALOG, "Katalog Kegiatan", catalog_page, AdminCatalogState.load)
add_signed_in_page(routes.ADMIN_WORK_CALENDAR, "Kalender Kerja", work_calendar_page, AdminWorkCalendarState.load)

add_signed_in_page(routes.LAPORAN, "Laporan", laporan_page, LaporanState.load)
add_signed_in_page(routes.UNDUH_PANDUAN, "Unduh Panduan", panduan_page, PanduanState.load)
add_signed_in_page(routes.KEHADIRAN, "Kehadiran", kehadiran_page, KehadiranState.load)
add_signed_in_page(routes.TPP, "TPP", tpp_page, TppState.load)
add_signed_in_page(routes.PENILAIAN, "Penilaian Kinerja", penilaian_page, PenilaianState.load, PeerInputState.load)
add_signed_in_page(routes.ADMIN_TPP, "Aturan TPP", admin_tpp_page, AdminTppState.load)
add_signed_in_page(routes.ANALISIS_ORGANISASI, "Analisis Organisasi", analisis_page, AnalisisState.load)
add_signed_in_page(routes.ADMIN_INTEGRITY, "Tanda Integritas", integrity_page, AdminIntegrityState.load)
add_signed_in_page(routes.MATRIKS_PERAN_HASIL, "Matriks Peran Hasil", peran_hasil_page, PeranHasilState.load)

add_signed_in_page(routes.KEBERATAN, "Keberatan Penilaian", keberatan_page, KeberatanState.load)
add_signed_in_page(routes.ANGKA_KREDIT, "Angka Kredit", angka_kredit_page, AngkaKreditState.load)
add_signed_in_page(routes.ADMIN_SIASN, "Pertukaran SIASN", siasn_page, AdminSiasnState.load)
add_signed_in_page(routes.DIALOG_KINERJA, "Dialog Kinerja", dialog_page, DialogState.load)
