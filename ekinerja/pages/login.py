"""Login (NIP + kata sandi) and the password change page."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.forms import card_form, error_callout, field, muted, problems_callout
from ekinerja.components.layout import APP_TITLE, page_shell
from ekinerja.domain.password_policy import POLICY_TEXT
from ekinerja.state.login import ChangePasswordState, LoginState


def _password_input(name: str, autocomplete: str, **props) -> rx.Component:
    return rx.input(name=name, type="password", required=True, size="3", width="100%", auto_complete=autocomplete, id=name, **props)


def login_page() -> rx.Component:
    return rx.center(
        card_form(
            rx.hstack(rx.icon("award", size=32, color=rx.color("accent", 10)), rx.heading(APP_TITLE, size="7"), align="center"),
            muted("Sistem Informasi Kinerja Pegawai ASN"),
            rx.cond(LoginState.notice != "", rx.callout(LoginState.notice, icon="info", width="100%", id="pesan-sesi")),
            error_callout(LoginState.error, id="pesan-galat"),
            field(
                "NIP",
                rx.input(
                    name="nip", placeholder="18 digit NIP", input_mode="numeric", auto_complete="username",
                    required=True, size="3", width="100%", max_length=30, id="nip",
                ),
            ),
            field("Kata sandi", _password_input("password", "current-password")),
            # Enabled once the page's load has run: a submit sent before it would have its answer
            # wiped by the load that follows it on the server.
            rx.button("Masuk", type="submit", size="3", width="100%", id="tombol-masuk", disabled=~rx.State.is_hydrated),
            rx.text("Akun baru: kata sandi awal adalah 8 digit pertama NIP. Lupa kata sandi? Hubungi admin BKD.", size="1", color=rx.color("gray", 10)),
            on_submit=LoginState.submit,
            max_width="26rem",
            size="3",
        ),
        min_height="100vh",
        padding="1rem",
        background=rx.color("gray", 2),
    )


def change_password_page() -> rx.Component:
    return page_shell(
        "Ganti Kata Sandi",
        card_form(
            rx.callout(POLICY_TEXT, icon="shield-check", width="100%"),
            problems_callout(ChangePasswordState.problems, id="pesan-galat"),
            field("Kata sandi lama", _password_input("current_password", "current-password")),
            field("Kata sandi baru", _password_input("new_password", "new-password")),
            field("Ulangi kata sandi baru", _password_input("confirmation", "new-password")),
            rx.button("Simpan kata sandi", type="submit", size="3", width="100%", id="tombol-simpan-sandi"),
            on_submit=ChangePasswordState.submit,
            max_width="32rem",
        ),
    )
