"""Evidence chosen in a form is kept on disk until the form is saved, never in the state.

With Redis as the state manager, a tab's state is pickled into Redis whenever an event changes
it; a file of several megabytes kept in a backend var would travel with every such event and
stay in Redis for the session. The file waits under ``<evidence dir>/staging`` with a random
name (shared by every worker, as the evidence directory is); the state keeps only that name.
Files of forms never saved are removed after ``STAGING_TTL``.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from pathlib import Path

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.config import get_settings
from ekinerja.state.guard import guarded

STAGING_TTL = 24 * 60 * 60.0  # seconds
_NAME = re.compile(r"^[0-9a-f]{32}$")


def staging_dir() -> Path:
    return get_settings().evidence_dir / "staging"


def _path(name: str) -> Path | None:
    return staging_dir() / name if _NAME.match(name or "") else None


def _sweep(directory: Path) -> None:
    cutoff = time.time() - STAGING_TTL
    for old in directory.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _write(data: bytes) -> str:
    directory = staging_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _sweep(directory)
    name = secrets.token_hex(16)
    (directory / name).write_bytes(data)
    return name


async def stage(upload: rx.UploadFile, *, limit: int | None = None) -> str:
    """Keep the upload (one byte past ``limit``, the evidence limit by default, so the check can refuse it)."""
    data = await upload.read((limit or get_settings().evidence_max_bytes) + 1)
    return await asyncio.to_thread(_write, data)


def staged_bytes(name: str) -> bytes:
    """The staged file, or nothing when none was chosen (or it was swept)."""
    path = _path(name)
    return path.read_bytes() if path is not None and path.is_file() else b""


def discard(name: str) -> None:
    path = _path(name)
    if path is not None:
        path.unlink(missing_ok=True)


async def restage(previous: str, files: list[rx.UploadFile], *, limit: int | None = None) -> tuple[str, str] | None:
    """The first chosen file kept in place of ``previous``: (its staged name, its file name as the form
    shows it); None when nothing was chosen."""
    if not files:
        return None
    upload = files[0]
    discard(previous)
    return await stage(upload, limit=limit), (upload.filename or upload.name or "berkas")[:100]


class StagedUploadMixin(rx.State, mixin=True):
    """A form's one chosen file (a bukti), kept on disk until the form is saved: the state holds only
    its staged name and the file name the form shows."""

    staged_name: str = ""
    _staged: str = ""

    def _drop_staged(self) -> None:
        discard(self._staged)
        self._staged, self.staged_name = "", ""

    def _staged_file(self) -> tuple[bytes, str]:
        """The chosen file's bytes (none when nothing was chosen) and its name."""
        return staged_bytes(self._staged), self.staged_name

    @guarded(Rule.SIGNED_IN)
    async def attach_staged(self, actor: Actor, files: list[rx.UploadFile], session_token: str = ""):
        # session_token: the tab's, checked before this runs (socket_binding: uploads come without a connection).
        """Keeps the chosen file server-side until the form is saved; the service checks its content then."""
        if staged := await restage(self._staged, files):
            self._staged, self.staged_name = staged
