"""Viewing an uploaded bukti dukung: one handler for every page that lists them."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.validation import to_int
from ekinerja.services import evidence
from ekinerja.services.evidence import EvidenceDownload
from ekinerja.state.guard import guarded


class EvidenceDownloadMixin(rx.State, mixin=True):
    def _evidence_download(self, session: Any, actor: Actor, evidence_id: int) -> EvidenceDownload:
        """The file behind the id the page sent; the service checks the caller may read it. A page whose
        bukti belongs to a record (a keberatan) sends that record's id and reads through it instead."""
        return evidence.read_evidence(session, actor=actor, evidence_id=evidence_id)

    @guarded(Rule.SIGNED_IN)
    def download_evidence(self, actor: Actor, evidence_id: str):
        wanted = to_int(str(evidence_id))
        if wanted is None:
            return None
        with session_scope() as session:
            found = self._evidence_download(session, actor, wanted)
        return send_file(found)


def send_file(found: EvidenceDownload) -> Any:
    """A stored file to the browser, under its own name and type."""
    return rx.download(data=found.data, filename=found.filename, mime_type=found.content_type)
