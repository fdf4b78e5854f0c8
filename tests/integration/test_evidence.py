"""Evidence files: checked by content and size, stored by checksum, served only to who may see them."""

from __future__ import annotations

import pytest

from ekinerja.access import AccessDenied
from ekinerja.config import get_settings
from ekinerja.domain.evidence_rules import RejectedFile
from ekinerja.services.evidence import read_evidence, store_evidence
from tests.integration import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def org(db):
    org = factories.make_org(db)
    boss = factories.make_employee(db, position=org.head, nip=factories.nip_for(2), name="Kepala")
    clerk = factories.make_employee(db, position=org.staff, nip=factories.nip_for(3), name="Staf")
    peer = factories.make_employee(db, position=org.staff, nip=factories.nip_for(4), name="Rekan")
    db.commit()
    return org, *(factories.actor_for(db, e) for e in (boss, clerk, peer))


def test_store_and_read_back(db, org):
    _, boss, clerk, peer = org
    row = store_evidence(db, actor=clerk, data=PDF, filename="C:\\Users\\x\\laporan\u0000.pdf")
    db.commit()
    assert row.original_name == "laporan.pdf"
    assert (get_settings().evidence_dir / row.stored_name[:2] / row.stored_name).read_bytes() == PDF
    for reader in (clerk, boss, org[0].actor):
        assert read_evidence(db, actor=reader, evidence_id=row.id).data == PDF
    with pytest.raises(AccessDenied):
        read_evidence(db, actor=peer, evidence_id=row.id)
    with pytest.raises(AccessDenied):
        read_evidence(db, actor=clerk, evidence_id=row.id + 100)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [(b"", "kosong"), (b"MZ\x90\x00 executable", "Jenis berkas"), (b"<html><script>", "Jenis berkas")],
)
def test_rejects_by_content(db, org, data, fragment):
    with pytest.raises(RejectedFile, match=fragment):
        store_evidence(db, actor=org[2], data=data, filename="bukti.pdf")


def test_rejects_oversized(db, org, monkeypatch):
    monkeypatch.setenv("EKINERJA_EVIDENCE_MAX_KB", "1")
    get_settings.cache_clear()
    with pytest.raises(RejectedFile, match="terlalu besar"):
        store_evidence(db, actor=org[2], data=PDF + b"0" * 2048, filename="bukti.pdf")


def test_tampered_file_is_refused(db, org):
    row = store_evidence(db, actor=org[2], data=PDF, filename="a.pdf")
    db.commit()
    (get_settings().evidence_dir / row.stored_name[:2] / row.stored_name).write_bytes(PDF + b"x")
    with pytest.raises(AccessDenied, match="checksum"):
        read_evidence(db, actor=org[2], evidence_id=row.id)
