"""The Reflex app: every page and what loads it."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja import routes
from ekinerja.pages.admin.audit import audit_page
from ekinerja.pages.admin.employees import employees_page
from ekinerja.pages.dashboard import dashboard_page
from ekinerja.pages.login import change_password_page, login_page
from ekinerja.pages.not_yet import not_yet_page
from ekinerja.state.admin_audit import AdminAuditState
from ekinerja.state.admin_employees import AdminEmployeesState
from ekinerja.state.app_state import AppState
from ekinerja.state.dashboard import DashboardState
from ekinerja.state.login import ChangePasswordState, LoginState

app = rx.App(
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
)


def add_signed_in_page(route: str, title: str, build: Callable[[], rx.Component], *loaders) -> None:
    """Every signed-in page loads the session first: it redirects anonymous visitors to login."""
    app.add_page(build, route=route, title=f"{title} | e-Kinerja", on_load=[AppState.load_session, *loaders])


app.add_page(login_page, route=routes.LOGIN, title="Masuk | e-Kinerja", on_load=LoginState.load)
add_signed_in_page(routes.CHANGE_PASSWORD, "Ganti Kata Sandi", change_password_page, ChangePasswordState.load)
add_signed_in_page(routes.DASHBOARD, "Dashboard", dashboard_page, DashboardState.load)
add_signed_in_page(routes.ADMIN_EMPLOYEES, "Data Pegawai", employees_page, AdminEmployeesState.load)
add_signed_in_page(routes.ADMIN_AUDIT, "Jejak Audit", audit_page, AdminAuditState.load)

_NOT_YET = {
    routes.INPUT_PIMPINAN: ("Input Pimpinan", "Validasi kegiatan harian bawahan akan tersedia di sini."),
    routes.PROGRES_PEKERJAAN: ("Progres Pekerjaan", "Realisasi SKP per indikator akan tersedia di sini."),
    routes.SASARAN_PEGAWAI: ("Sasaran Pegawai", "Penyusunan SKP (PermenPAN-RB 6/2022) akan tersedia di sini."),
    routes.KEGIATAN_HARIAN: ("Kegiatan Harian", "Pencatatan kegiatan harian akan tersedia di sini."),
    routes.LAPORAN: ("Laporan", "Laporan bulanan, dokumen SKP dan rekap TPP akan tersedia di sini."),
    routes.UNDUH_PANDUAN: ("Unduh Panduan", "Panduan pengguna per peran akan tersedia di sini."),
}
for _route, (_title, _what) in _NOT_YET.items():
    add_signed_in_page(_route, _title, lambda t=_title, w=_what: not_yet_page(t, w))
