"""An activity as a card: the same look in Kegiatan Harian and Input Pimpinan."""

from __future__ import annotations

import reflex as rx

from ekinerja.domain.statuses import ActivityStatus

STATUS_COLORS = {ActivityStatus.DIAJUKAN: "amber", ActivityStatus.DISETUJUI: "green", ActivityStatus.DITOLAK: "red"}


def status_badge(status: rx.Var) -> rx.Component:
    return rx.match(
        status,
        *[(name, rx.badge(name, color_scheme=color, size="2", class_name="status-kegiatan")) for name, color in STATUS_COLORS.items()],
        rx.badge(status, size="2"),
    )


def activity_card(row: rx.Var, *, show_person: bool, leading: rx.Component | None = None, actions: rx.Component | None = None, **props) -> rx.Component:
    header = [
        rx.text(row["time"], weight="bold", size="2"),
        rx.cond(show_person, rx.text(row["date"], size="2", color=rx.color("gray", 11)), rx.fragment()),
        rx.spacer(),
        rx.cond(row["new"] == "ya", rx.badge("baru", color_scheme="blue", variant="solid", size="2", class_name="tanda-baru")),
        rx.cond(row["overdue"] == "ya", rx.badge("terlambat", color_scheme="red", variant="solid", size="2")),
        status_badge(row["status"]),
    ]
    return rx.card(
        rx.hstack(
            *([leading] if leading is not None else []),
            rx.vstack(
                rx.hstack(*header, align="center", width="100%", spacing="2", wrap="wrap"),
                rx.cond(show_person, rx.text(row["employee"], size="2", weight="medium"), rx.fragment()),
                rx.text(row["task"], size="3"),
                rx.text(row["output"], " · ", row["minutes"], " menit", size="2", color=rx.color("gray", 11)),
                rx.cond(row["description"] != "", rx.text(row["description"], size="2", white_space="pre-wrap")),
                rx.cond(row["rhk"] != "", rx.text("RHK: ", row["rhk"], size="1", color=rx.color("gray", 10))),
                rx.cond(
                    row["reason"] != "",
                    rx.callout(row["reason"], icon="message-square-warning", size="1", color_scheme=rx.cond(row["status"] == ActivityStatus.DITOLAK, "red", "blue"), width="100%"),
                ),
                *([actions] if actions is not None else []),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        width="100%",
        **props,
    )
