"""Form building blocks shared by every page."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx


def field(label: str, control: rx.Component, *, error: rx.Var | None = None, hint: str = "") -> rx.Component:
    """A labelled control with its hint and, when there is one, its error below."""
    parts: list[rx.Component] = [rx.text(label, as_="label", size="2", weight="medium"), control]
    if hint:
        parts.append(rx.text(hint, size="1", color=rx.color("gray", 10)))
    if error is not None:
        parts.append(error_text(error))
    return rx.vstack(*parts, spacing="1", width="100%")


def error_text(error: rx.Var) -> rx.Component:
    """A field's error in red under it, or nothing. Truthiness, not != "": a field without an
    error reads as undefined in the browser."""
    return rx.cond(error, rx.text(error, size="1", color=rx.color("red", 11), role="alert"))


def field_error(state: type[rx.State], name: str) -> rx.Var:
    """The error an editor state holds for one form field: "" (not undefined) when none, so no empty alert renders."""
    return state.form_errors.get(name, "").to(str)


def field_grid(*fields: rx.Component, columns=None, **props) -> rx.Component:
    """Short fields side by side: one column on a phone, two (or ``columns``) from the sm breakpoint."""
    return rx.grid(*fields, columns=columns or rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%", **props)


def stacked_form(*children: rx.Component, on_submit: Callable, spacing: str = "2", **form_props) -> rx.Component:
    """A form of stacked parts that keeps what was typed when the server says no (the errors show beside it)."""
    return rx.form(rx.vstack(*children, spacing=spacing, width="100%"), on_submit=on_submit, reset_on_submit=False, **form_props)


def card_form(*children: rx.Component, on_submit: Callable, max_width: str, **card_props) -> rx.Component:
    """A page's single form in a card: its fields stacked, kept as typed when the server says no."""
    return rx.card(
        stacked_form(*children, on_submit=on_submit, width="100%", spacing="4"),
        width="100%",
        max_width=max_width,
        **card_props,
    )


def error_callout(message: rx.Var, **props) -> rx.Component:
    return rx.cond(
        message,
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%", **props),
    )


def problems_callout(problems: rx.Var, **props) -> rx.Component:
    return rx.cond(
        problems.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(rx.foreach(problems, lambda p: rx.callout.text(p)), spacing="1"),
            color_scheme="red",
            role="alert",
            width="100%",
            **props,
        ),
    )


def muted(*content, size: str = "2", **props) -> rx.Component:
    """Explanatory text under a heading or a value: smaller and grey."""
    return rx.text(*content, size=size, color=rx.color("gray", 11), **props)


def text_input(name: str, values: rx.Var, **props) -> rx.Component:
    """An uncontrolled input prefilled from the form's values (kept as typed after an error)."""
    props.setdefault("id", f"isian-{name}")
    return rx.input(name=name, default_value=values[name], size="3", width="100%", **props)


def textarea_input(name: str, values: rx.Var, *, size: str = "3", **props) -> rx.Component:
    """The multi-line sibling of ``forms.text_input``."""
    props.setdefault("id", f"isian-{name}")
    return rx.text_area(name=name, default_value=values[name], size=size, width="100%", **props)


def checkbox_input(name: str, label: str, values: rx.Var, *, error: rx.Var | None = None) -> rx.Component:
    """A checkbox submitted as "on" when ticked, prefilled from the form's values, with its error below."""
    box = rx.checkbox(label, name=name, default_checked=values[name] == "on", size="3", id=f"isian-{name}")
    if error is None:
        return box
    return rx.vstack(box, error_text(error), spacing="1", width="100%")


def shrinkable(control: rx.Component, **props) -> rx.Component:
    """Lets a select whose chosen label is long shrink instead of widening its dialog past a
    phone's screen: a grid track may shrink to zero."""
    return rx.box(control, display="grid", grid_template_columns="minmax(0, 1fr)", width="100%", **props)


def wrapping_item(option: rx.Var) -> rx.Component:
    # Radix items have a fixed height: a label that wraps on a phone would overlap the next one.
    return rx.select.item(option["label"], value=option["id"], height="auto", min_height="var(--select-item-height)", padding_y="0.3rem")


def select_input(
    name: str,
    options: rx.Var | list[dict[str, str]],
    values: rx.Var,
    *,
    placeholder: str = "Pilih...",
    on_change=None,
    **props,
) -> rx.Component:
    """A select over ``[{"id", "label"}]`` options, submitted with its form, that fits a phone: long
    labels wrap, in the list and in the closed field, instead of widening the dialog; items are keyed
    through ``rx.foreach``."""
    options = options if isinstance(options, rx.Var) else rx.Var.create(options)
    handlers = {"on_change": on_change} if on_change is not None else {}
    return shrinkable(
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, width="100%", id=f"isian-{name}", class_name="pilihan-panjang"),
            rx.select.content(rx.foreach(options, wrapping_item), max_width="calc(100vw - 1rem)"),
            name=name,
            default_value=values[name],
            size="3",
            **handlers,
        ),
        **props,
    )
