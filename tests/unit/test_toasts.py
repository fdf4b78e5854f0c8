"""A toast is built once per worker and message, and is the toast Reflex would have built."""

from __future__ import annotations

import reflex as rx

from ekinerja import toasts


def _script(spec) -> str:
    """The JavaScript the toast event runs in the browser."""
    return str(spec.args)


def test_each_level_shows_the_message_as_reflexs_own_toast_would():
    for level, ours, reflexs in (
        ("success", toasts.success, rx.toast.success), ("error", toasts.error, rx.toast.error),
        ("warning", toasts.warning, rx.toast.warning), ("info", toasts.info, rx.toast.info),
    ):
        message = f"Pesan {level}: isian Anda belum disimpan."
        assert _script(ours(message)) == _script(reflexs(message))
        assert f'["{level}"]' in _script(ours(message))


def test_the_same_message_reuses_one_event_and_another_message_gets_its_own():
    assert toasts.warning("Server sedang sibuk.") is toasts.warning("Server sedang sibuk.")
    assert toasts.warning("Server sedang sibuk.") is not toasts.error("Server sedang sibuk.")
    assert "Kegiatan dihapus." in _script(toasts.success("Kegiatan dihapus."))
    assert "Kegiatan dihapus." not in _script(toasts.success("Kegiatan disimpan."))
