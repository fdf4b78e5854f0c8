"""Dashboard cards for the employee: minutes chart, attendance tally, estimated TPP."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.skp import section
from ekinerja.routes import KEHADIRAN, PROGRES_PEKERJAAN, SASARAN_PEGAWAI, TPP
from ekinerja.state.dashboard_kinerja import DashboardKinerjaState as S


def kinerja_cards() -> rx.Component:
    return rx.grid(
        section(
            "Menit efektif bulan ini",
            rx.text(S.minutes_text, size="2", id="menit-bulan-ini"),
            rx.cond(S.month_note != "", rx.callout(S.month_note, icon="hourglass", size="1", color_scheme="amber", width="100%", id="catatan-bulan-ini")),
            rx.recharts.bar_chart(
                rx.recharts.bar(data_key="menit", fill=rx.color("accent", 9), name="Menit disetujui"),
                rx.recharts.x_axis(data_key="day"),
                rx.recharts.y_axis(width=40),
                rx.recharts.graphing_tooltip(),
                data=S.minutes_by_day,
                height=200,
                width="100%",
            ),
        ),
        section(
            "Perkiraan TPP bulan ini",
            rx.text(S.tpp_estimate, size="6", weight="bold", id="perkiraan-tpp"),
            rx.text(S.tpp_note, size="1", color=rx.color("gray", 11), id="catatan-perkiraan-tpp"),
            rx.link("Lihat rincian perhitungan", href=TPP, size="2", id="tautan-rincian-tpp"),
            rx.heading("Kehadiran", size="3"),
            rx.grid(
                rx.foreach(S.attendance_summary, lambda c: rx.text(c["label"], ": ", rx.text.strong(c["value"]), size="1")),
                columns="3", spacing="1", width="100%",
            ),
            rx.link("Buka Kehadiran", href=KEHADIRAN, size="2"),
        ),
        section(
            "Progres SKP",
            rx.cond(
                S.skp_percent != "",
                rx.vstack(
                    rx.text(rx.text.strong(S.skp_percent, "%"), " tercapai · waktu berjalan ", S.skp_elapsed, "%", size="2", id="progres-skp"),
                    rx.progress(value=S.skp_bar, width="100%"),
                    rx.link("Buka Progres Pekerjaan", href=PROGRES_PEKERJAAN, size="2"),
                    width="100%",
                ),
                rx.vstack(
                    rx.text("Belum ada SKP disetujui untuk periode ini.", size="2", id="progres-skp"),
                    rx.link("Buka Sasaran Pegawai", href=SASARAN_PEGAWAI, size="2"),
                ),
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="3",
        width="100%",
    )
