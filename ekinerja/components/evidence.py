"""The bukti dukung drop zone: one file, the types the server accepts, the chosen file's name."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.domain.evidence_rules import ACCEPTED_TEXT
from ekinerja.state.app_state import AppState

# What the file picker offers; the server still checks the content (ekinerja.domain.evidence_rules).
ACCEPT = {"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]}


def evidence_upload(upload_id: str, on_drop: Callable, chosen: rx.Var, *, prompt: str = "Lampirkan bukti") -> rx.Component:
    """``on_drop`` is the guarded handler taking the files; ``chosen`` the name it keeps."""
    return rx.vstack(
        rx.upload(
            rx.vstack(rx.icon("paperclip"), rx.text(f"{prompt} ({ACCEPTED_TEXT})", size="2"), align="center"),
            id=upload_id,
            accept=ACCEPT,
            max_files=1,
            # The upload carries the tab's session token: it comes over HTTP, not the connection.
            on_drop=on_drop(rx.upload_files(upload_id=upload_id), AppState.session_token),
            border=f"1px dashed {rx.color('gray', 8)}",
            padding="1rem",
            width="100%",
        ),
        rx.cond(chosen != "", rx.text("Berkas: ", chosen, size="1", id=f"{upload_id}-terpilih")),
        spacing="1",
        width="100%",
    )
