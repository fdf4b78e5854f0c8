"""Evidence chosen in a form waits on disk, not in the (Redis-stored) state, until the form is saved."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import reflex as rx

from ekinerja.clock import local_today
from ekinerja.services import auth
from ekinerja.state import staged_upload
from tests import aio
from tests.integration.test_small_state import _state_of

PDF = b"%PDF-1.4\n" + b"x" * 2048


def test_a_staged_file_is_read_back_and_discarded(db):
    name = aio.run(staged_upload.stage(rx.UploadFile(file=io.BytesIO(PDF), path=Path("surat.pdf"))))
    assert staged_upload.staged_bytes(name) == PDF
    staged_upload.discard(name)
    assert staged_upload.staged_bytes(name) == b""


def test_only_staging_names_reach_the_disk(db):
    outside = staged_upload.staging_dir().parent / "rahasia"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes(b"jangan")
    assert staged_upload.staged_bytes("../rahasia") == b""
    staged_upload.discard("../rahasia")
    assert outside.exists()


def test_forgotten_files_are_swept_at_the_next_upload(db):
    old = aio.run(staged_upload.stage(rx.UploadFile(file=io.BytesIO(PDF), path=Path("lama.pdf"))))
    past = time.time() - staged_upload.STAGING_TTL - 60
    os.utime(staged_upload.staging_dir() / old, (past, past))
    aio.run(staged_upload.stage(rx.UploadFile(file=io.BytesIO(PDF), path=Path("baru.pdf"))))
    assert staged_upload.staged_bytes(old) == b""


def test_the_absence_form_keeps_a_name_in_state_not_the_file(db):
    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.demo.seed import seed_demo
    from ekinerja.state.kehadiran import KehadiranState

    accounts = seed_demo(db, today=local_today())
    token = auth.login(db, nip=accounts.staf.nip, password=accounts.staf.password).token
    db.commit()
    state = _state_of(KehadiranState, token)
    handlers = KehadiranState.event_handlers
    aio.run(handlers["open_absence"].fn(state))
    aio.run(handlers["attach_staged"].fn(state, [rx.UploadFile(file=io.BytesIO(PDF), path=Path("surat.pdf"))]))

    staged = state._staged
    assert isinstance(staged, str) and len(staged) == 32
    assert state.staged_name == "surat.pdf"
    assert staged_upload.staged_bytes(staged) == PDF
    aio.run(handlers["open_absence"].fn(state))  # a new form drops the earlier choice
    assert state._staged == "" and staged_upload.staged_bytes(staged) == b""
