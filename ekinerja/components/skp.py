"""Pieces shared by Sasaran Pegawai and Progres Pekerjaan: status badges, progress bars, sections."""

from __future__ import annotations

import reflex as rx

from ekinerja.domain.statuses import SkpStatus

STATUS_COLORS = {SkpStatus.DRAFT: "gray", SkpStatus.DIAJUKAN: "amber", SkpStatus.DISETUJUI: "green", SkpStatus.DIGANTI: "gray", "belum": "red"}


def status_badge(status: rx.Var, label: rx.Var, **props) -> rx.Component:
    return rx.match(
        status,
        *[(key, rx.badge(label, color_scheme=color, size="2", **props)) for key, color in STATUS_COLORS.items()],
        rx.badge(label, size="2", **props),
    )


def section(title: str, *children: rx.Component, **props) -> rx.Component:
    """A card with a heading: the SKP form's parts stack as cards on a phone."""
    return rx.card(rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%"), width="100%", **props)


def hint(text: str | rx.Var) -> rx.Component:
    """The small grey line under a section's heading that says what the section is for."""
    return rx.text(text, size="1", color=rx.color("gray", 10))


def labelled(label: str, value: rx.Var | str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=rx.color("gray", 10)),
        rx.text(value, size="2", weight="medium", **props),
        spacing="0",
        width="100%",
    )


def progress_bar(percent: rx.Var, value: rx.Var, lagging: rx.Var, **props) -> rx.Component:
    """``percent``: the label (may exceed 100); ``value``: the capped 0-100 number (as text) for the bar."""
    return rx.hstack(
        # A plain bar: its width is the capped percent as text, so no number conversion happens in the browser.
        rx.box(
            rx.box(width=value.to(str) + "%", height="100%", border_radius="999px",
                   background=rx.cond(lagging, rx.color("orange", 9), rx.color("green", 9))),
            width="100%", height="0.6rem", border_radius="999px", background=rx.color("gray", 4),
            role="progressbar", aria_valuenow=value, aria_valuemin="0", aria_valuemax="100",
        ),
        rx.text(percent, "%", size="2", weight="bold", white_space="nowrap", **props),
        rx.cond(lagging, rx.badge("tertinggal", color_scheme="orange", class_name="tertinggal")),
        align="center",
        spacing="2",
        width="100%",
    )
