"""Pieces of Dialog Kinerja shown on more than one page."""

from __future__ import annotations

import reflex as rx


def meeting_card(m: rx.Var, *, editable: rx.Var | bool = False, on_edit=None) -> rx.Component:
    """One dialog meeting record: shown here and beside the ratings on Penilaian Kinerja."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("Dialog ", m["held"], weight="bold", size="3"),
                rx.spacer(),
                rx.cond(m["due"], rx.badge("Tindak lanjut jatuh tempo", color_scheme="orange")),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.text("Hal yang dibahas", size="1", weight="bold", color=rx.color("gray", 11)),
            rx.text(m["topics"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            rx.text("Kesepakatan", size="1", weight="bold", color=rx.color("gray", 11)),
            rx.text(m["agreements"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            rx.cond(m["follow_up"], rx.text("Tindak lanjut: ", m["follow_up"], size="2")),
            rx.text("Dicatat oleh ", m["recorded_by"], size="1", color=rx.color("gray", 10)),
            *([rx.cond(editable, rx.button("Ubah", size="2", variant="soft", on_click=on_edit(m["id"].to(int))))] if on_edit else []),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="pertemuan-dialog",
    )
