"""The background spellings of the shared layer: ``running`` (one run at a time per tab) and
``EditorMixin._write_in_background`` (the write shape in a background event), against a stand-in for
Reflex's state proxy (``async with state`` takes the lock)."""

from __future__ import annotations

import contextlib

from ekinerja.domain.validation import ValidationFailed
from ekinerja.state import editor
from ekinerja.state.background import running
from ekinerja.state.editor import EditorMixin
from tests import aio


class Proxy:
    """What a background event's ``self`` offers: vars, and ``async with`` around every change."""

    def __init__(self) -> None:
        self.busy, self.note, self.locked = False, "", 0

    async def __aenter__(self):
        self.locked += 1
        return self

    async def __aexit__(self, *exc) -> bool:
        self.locked -= 1
        return False


def test_running_admits_one_run_and_drops_the_flag_however_it_ends():
    state = Proxy()

    async def scenario():
        async with running(state, "busy", note="mulai") as first, running(state, "busy", note="lagi") as second:
            inside = (first, second, state.busy, state.note)
        try:
            async with running(state, "busy") as third:
                assert third
                raise RuntimeError("gagal")
        except RuntimeError:
            pass
        return inside

    assert aio.run(scenario()) == (True, False, True, "mulai")
    assert state.busy is False and state.locked == 0


def test_write_in_background_shows_the_result_or_says_the_refusal(monkeypatch):
    monkeypatch.setattr(editor, "session_scope", lambda: contextlib.nullcontext("session"))
    state, shown, refused = Proxy(), [], []

    done = aio.run(EditorMixin._write_in_background(state, lambda session: (session, 3), done=lambda r: f"{r[1]} baris", show=shown.append))
    assert shown == [("session", 3)]
    assert "3 baris" in str(done) and "success" in str(done)

    def refuse(session):
        raise ValidationFailed({"bulan": "Bulan ini sudah dikunci."})

    error = aio.run(EditorMixin._write_in_background(state, refuse, done="tidak", show=shown.append, refused=refused.append))
    assert refused == ["Bulan ini sudah dikunci."] and len(shown) == 1
    assert "Bulan ini sudah dikunci." in str(error) and "error" in str(error)
    assert state.locked == 0
