"""Tanda integritas as cards: what the pattern is, whose, and the evidence to check, folded away."""

from __future__ import annotations

import reflex as rx

SIGNAL_NOTE = (
    "Tanda ini adalah sinyal untuk diperiksa, bukan putusan: bisa saja ada penjelasan yang wajar. "
    "Periksa buktinya dan bicarakan dengan pegawai. Tanda tidak mengubah TPP dan tidak disimpan."
)


def flag_card(flag: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(flag["label"], color_scheme="orange", variant="soft"),
                rx.text(flag["name"], size="2", weight="medium"),
                rx.text(flag["nip"], size="1", color=rx.color("gray", 10)),
                wrap="wrap",
                align="center",
                spacing="2",
            ),
            rx.text(flag["summary"], size="2"),
            rx.el.details(
                rx.el.summary("Lihat bukti (", flag["count"], ")", cursor="pointer", font_size="0.875rem", padding_y="0.3rem"),
                rx.text(flag["evidence"], size="1", white_space="pre-line", class_name="bukti-tanda"),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="tanda-integritas",
    )


def flag_list(flags: rx.Var, *, empty: str, list_id: str) -> rx.Component:
    return rx.cond(
        flags.length() > 0,
        rx.vstack(rx.foreach(flags, flag_card), spacing="2", width="100%", id=list_id),
        rx.text(empty, size="2", color=rx.color("gray", 10), id=f"{list_id}-kosong"),
    )
