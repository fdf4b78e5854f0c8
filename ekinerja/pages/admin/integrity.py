"""Admin: Tanda Integritas of the instansi, by unit and month."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import unit_filter
from ekinerja.components.integrity import SIGNAL_NOTE, flag_list
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import month_select
from ekinerja.components.tables import pager
from ekinerja.state.integrity import AdminIntegrityState as S


def integrity_page() -> rx.Component:
    return page_shell(
        "Tanda Integritas",
        rx.callout(SIGNAL_NOTE, icon="info", size="1", width="100%"),
        rx.grid(
            month_select(S, "pilih-bulan-tanda"),
            unit_filter(S.unit_options, S.filter_unit, select_id="saring-unit-tanda"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="2",
            width="100%",
        ),
        rx.text(S.total, " tanda pada bulan dan unit ini.", size="2", color=rx.color("gray", 10)),
        flag_list(S.rows, empty="Tidak ada tanda integritas pada bulan dan unit ini.", list_id="daftar-tanda"),
        pager(S.page, S.page_count, S.total, S.go_to_page),
    )
