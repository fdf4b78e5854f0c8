"""The signed-in shell: sidebar (a drawer on phones), header with the employee's identity."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.forms import muted
from ekinerja.routes import ADMIN_MENU, DIALOG_KINERJA, MAIN_MENU, MenuItem
from ekinerja.state.app_state import AppState

APP_TITLE = "e-Kinerja"
SIDEBAR_WIDTH = "16rem"
# Radix breakpoints: [phone, small tablet, md and up]; the fixed sidebar starts at md.
PHONE_ONLY = ["flex", "flex", "none"]
DESKTOP_ONLY = ["none", "none", "flex"]


def _unread_badge(class_name: str) -> rx.Component:
    """How many of the user's dialog kinerja threads have a message they have not read (live on every
    page: AppState.watch_unread)."""
    return rx.cond(
        AppState.dialog_unread > 0,
        rx.badge(AppState.dialog_unread, color_scheme="red", variant="solid", radius="full", aria_label="pesan belum dibaca", class_name=class_name),
    )


def _menu_badge(item: MenuItem) -> list[rx.Component]:
    """Dialog Kinerja shows the unread count beside its menu entry."""
    if item.route != DIALOG_KINERJA:
        return []
    return [rx.spacer(), _unread_badge("menu-belum-dibaca")]


def _menu_link(item: MenuItem, prefix: str) -> rx.Component:
    active = AppState.router.route_id == item.route
    link = rx.link(
        rx.hstack(
            rx.icon(item.icon, size=18),
            rx.text(item.label, size="3"),
            *_menu_badge(item),
            align="center",
            spacing="3",
            width="100%",
            padding_x="0.75rem",
            padding_y="0.7rem",  # a thumb-sized target
            border_radius="8px",
            background=rx.cond(active, rx.color("accent", 4), "transparent"),
            color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 12)),
            _hover={"background": rx.color("accent", 3)},
        ),
        href=item.route,
        underline="none",
        width="100%",
        id=f"{prefix}-{item.key}",
    )
    if prefix == "drawer":
        # Any tap closes the drawer, also on the page already open (no navigation happens then).
        link = rx.drawer.close(link)
    if item.audience == "supervisor":
        return rx.cond(AppState.show_supervisor_menu, link)
    if item.audience == "lead":  # unit heads are supervisors; the page itself narrows to the units they head
        return rx.cond(AppState.show_supervisor_menu | AppState.show_admin_menu, link)
    return link


def sidebar_menu(prefix: str) -> rx.Component:
    return rx.vstack(
        *[_menu_link(item, prefix) for item in MAIN_MENU],
        rx.cond(
            AppState.show_admin_menu,
            rx.vstack(
                rx.text("Admin", size="1", weight="bold", color=rx.color("gray", 10), padding_x="0.75rem", padding_top="1rem"),
                *[_menu_link(item, prefix) for item in ADMIN_MENU],
                spacing="1",
                width="100%",
                id=f"{prefix}-admin",
            ),
        ),
        rx.divider(margin_y="0.5rem"),
        rx.button(
            rx.icon("log-out", size=18),
            "Keluar",
            on_click=AppState.logout,
            variant="ghost",
            color_scheme="red",
            width="100%",
            justify="start",
            padding_y="0.7rem",
            id=f"{prefix}-keluar",
        ),
        spacing="1",
        width="100%",
    )


def _brand() -> rx.Component:
    return rx.hstack(
        rx.icon("award", size=24, color=rx.color("accent", 10)),
        rx.heading(APP_TITLE, size="5"),
        align="center",
        spacing="2",
    )


def _desktop_sidebar() -> rx.Component:
    return rx.box(
        rx.vstack(_brand(), sidebar_menu("nav"), spacing="5", width="100%"),
        display=DESKTOP_ONLY,
        width=SIDEBAR_WIDTH,
        min_width=SIDEBAR_WIDTH,
        height="100vh",
        position="sticky",
        top="0",
        padding="1rem",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        overflow_y="auto",
    )


def _mobile_drawer() -> rx.Component:
    return rx.drawer.root(
        rx.drawer.trigger(
            rx.icon_button(rx.icon("menu", size=22), variant="ghost", size="3", aria_label="Buka menu", id="buka-menu"),
        ),
        rx.drawer.overlay(z_index="40"),
        rx.drawer.portal(
            rx.drawer.content(
                rx.vstack(
                    rx.hstack(
                        _brand(),
                        rx.drawer.close(
                            rx.icon_button(rx.icon("x", size=22), variant="ghost", size="3", aria_label="Tutup menu"),
                        ),
                        justify="between",
                        width="100%",
                    ),
                    sidebar_menu("drawer"),
                    spacing="4",
                    width="100%",
                ),
                top="0",
                left="0",
                height="100%",
                width="80%",
                max_width="20rem",
                padding="1rem",
                background=rx.color("gray", 1),
                overflow_y="auto",
                z_index="50",
                id="drawer-menu",
            )
        ),
        direction="left",
    )


def _header() -> rx.Component:
    return rx.hstack(
        # On a phone the menu is folded away: its unread count shows beside the button that opens it.
        rx.hstack(_mobile_drawer(), _unread_badge("header-belum-dibaca"), align="center", spacing="1", display=PHONE_ONLY),
        rx.vstack(
            rx.text(AppState.user_name, weight="bold", size="3", id="header-nama", trim="both"),
            rx.text(
                "NIP ", AppState.user_nip, size="1", color=rx.color("gray", 11), id="header-nip",
            ),
            rx.text(AppState.user_jabatan, size="1", color=rx.color("gray", 11), id="header-jabatan"),
            rx.text(AppState.user_unit, size="1", color=rx.color("gray", 11), id="header-unit"),
            spacing="0",
            min_width="0",
        ),
        align="center",
        spacing="3",
        width="100%",
        padding_x="1rem",
        padding_y="0.6rem",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
    )


def heading_row(title: str | rx.Var, *actions: rx.Component, size: str = "4", **props) -> rx.Component:
    """A section heading with its buttons or link at the right (below it on a narrow phone)."""
    return rx.hstack(rx.heading(title, size=size), rx.spacer(), *actions, width="100%", align="center", wrap="wrap", **props)


def toolbar(*buttons: rx.Component, **props) -> rx.Component:
    """The page's action buttons in a row that wraps on a phone."""
    return rx.hstack(*buttons, wrap="wrap", spacing="2", **props)


def page_shell(title: str, *children: rx.Component, intro: str | tuple = "") -> rx.Component:
    """Sidebar + header + content: the frame of every signed-in page. ``intro``: the line under the
    title that says what the page is for (a tuple of its parts when one of them is a Var)."""
    parts = intro if isinstance(intro, tuple) else (intro,) if intro else ()
    head = [rx.heading(title, size="6", id="judul-halaman"), *([muted(*parts)] if parts else [])]
    return rx.hstack(
        _desktop_sidebar(),
        rx.vstack(
            _header(),
            rx.box(
                rx.cond(
                    AppState.profile_loaded & AppState.page_allowed,
                    rx.vstack(*head, *children, spacing="4", width="100%"),
                    rx.center(rx.spinner(size="3"), width="100%", padding="3rem"),
                ),
                width="100%",
                max_width="72rem",
                padding=["0.75rem", "1rem", "1.5rem"],
            ),
            spacing="0",
            width="100%",
            min_width="0",
        ),
        spacing="0",
        width="100%",
        align="start",
    )
