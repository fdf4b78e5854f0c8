"""Storing and serving bukti dukung files through authorised handlers only.

Files live under ``<data_dir>/evidence`` named by their SHA-256, outside Reflex's
public upload directory, so no URL reaches them without a permission check.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.domain.evidence_rules import safe_display_name, sniff
from ekinerja.models import EvidenceFile
from ekinerja.services import audit
from ekinerja.services.org import org_snapshot

NOT_FOUND = "Berkas bukti dukung tidak ditemukan atau Anda tidak berwenang membukanya."


def _path_for(stored_name: str) -> Path:
    return get_settings().evidence_dir / stored_name[:2] / stored_name


def store_evidence(session: Session, *, actor: Actor, data: bytes, filename: str) -> EvidenceFile:
    """Check the content, write it once (same content, same file), record who uploaded it."""
    content_type, extension = sniff(data, max_bytes=get_settings().evidence_max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    stored_name = f"{digest}.{extension}"
    path = _path_for(stored_name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a crash never leaves a half-written file under the final name.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp.name, path)
    row = EvidenceFile(
        owner_employee_id=actor.employee_id,
        stored_name=stored_name,
        original_name=safe_display_name(filename),
        content_type=content_type,
        size_bytes=len(data),
        sha256=digest,
    )
    audit.write(session, actor=actor, action="upload", entity="evidence_file", row=row, store=True)
    return row


@dataclass(frozen=True)
class EvidenceDownload:
    data: bytes
    filename: str
    content_type: str


def read_evidence(session: Session, *, actor: Actor, evidence_id: int) -> EvidenceDownload:
    """The file for its owner, anyone above the owner in the tree, or the owner's instansi admins."""
    row = session.get(EvidenceFile, evidence_id)
    require(row is not None, NOT_FOUND)
    snapshot = org_snapshot(session, on=local_today())
    owner_unit = snapshot.unit_of_employee(row.owner_employee_id)
    owner_instansi = snapshot.instansi_of_unit(owner_unit) if owner_unit else None
    require(can_view_employee(actor, row.owner_employee_id, snapshot, employee_instansi_id=owner_instansi), NOT_FOUND)
    return evidence_content(session, evidence_id=evidence_id)


def evidence_content(session: Session, *, evidence_id: int) -> EvidenceDownload:
    """The stored file, checked against its checksum (no access check: callers check)."""
    row = session.get(EvidenceFile, evidence_id)
    require(row is not None, NOT_FOUND)
    data = _path_for(row.stored_name).read_bytes()
    require(hashlib.sha256(data).hexdigest() == row.sha256, "Berkas rusak: checksum tidak cocok. Hubungi admin.")
    return EvidenceDownload(data=data, filename=row.original_name, content_type=row.content_type)
