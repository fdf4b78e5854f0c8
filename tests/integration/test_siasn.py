"""SIASN exchange through the services: the employee export read against the instansi (changes shown,
then all or nothing), and the annual predikat export in the mapped layout."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pandas as pd
import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.siasn_layout import mapping_problems
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry, JenjangFungsional, Skp
from ekinerja.models.evaluation import Evaluation
from ekinerja.services import employees, jenjang_fungsional, siasn
from tests.integration.factories import actor_for, make_employee, make_org, nip_for

TODAY = date(2026, 3, 11)
HEADER = ["PNS ID", "NIP BARU", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "STATUS CPNS PNS", "GOL AKHIR NAMA",
          "JENIS JABATAN NAMA", "JABATAN NAMA", "TMT JABATAN", "UNOR NAMA"]


def sheet(rows: list[list[str]]) -> bytes:
    buffer = BytesIO()
    pd.DataFrame(rows, columns=HEADER).to_excel(buffer, index=False)
    return buffer.getvalue()


@pytest.fixture
def org_people(db, pin_today):
    pin_today(TODAY)
    org = make_org(db)
    head = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    rina = make_employee(db, position=org.staff, nip=nip_for(3), name="Rina")
    rina.pangkat_golongan = "Penata Muda (III/a)"
    db.add(rina)
    other = make_org(db, code="LAIN", birth="19900101")
    db.commit()
    return org, head, rina, other


def _rows(org, head, rina) -> list[list[str]]:
    return [
        ["A1", rina.nip, "Rina Marlina", "", "S.Kom.", "P", "III/b", "Fungsional Tertentu", "Pranata Komputer Ahli Pertama", "01-04-2025", "BKD"],
        ["A2", head.nip, "Kepala Badan", "", "", "P", "", "Struktural", "Kepala Badan", "02-01-2020", "BKD"],
        ["A3", nip_for(99, birth="19700101"), "Orang Luar", "", "", "P", "IV/a", "Struktural", "Kepala Dinas", "02-01-2020", "Dinas"],
    ]


def test_preview_shows_what_would_change_and_writes_nothing(db, org_people):
    org, head, rina, _ = org_people
    audits = len(db.exec(select(AuditEntry)).all())
    preview = siasn.preview_import(db, actor=org.actor, data=sheet(_rows(org, head, rina)), filename="siasn.xlsx")
    assert preview.errors == [] and preview.total_rows == 3 and preview.changed_employees == 1 and preview.unchanged == 1
    assert {(c.field, c.before, c.after) for c in preview.changes} == {
        ("Nama", "Rina", "Rina Marlina"), ("Gelar belakang", "-", "S.Kom."), ("Pangkat/golongan", "Penata Muda (III/a)", "Penata Muda Tingkat I (III/b)"),
        ("Jenjang jabatan fungsional", "-", "Ahli Pertama"), ("TMT jenjang", "-", "01-04-2025"),
    }
    assert [(nip, name) for _, nip, name in preview.not_registered] == [(nip_for(99, birth="19700101"), "Orang Luar")]
    db.refresh(rina)
    assert rina.name == "Rina" and len(db.exec(select(AuditEntry)).all()) == audits


def test_apply_writes_every_change_with_an_audit_entry(db, org_people):
    org, head, rina, _ = org_people
    siasn.apply_import(db, actor=org.actor, data=sheet(_rows(org, head, rina)), filename="siasn.xlsx")
    db.commit()
    db.refresh(rina)
    assert (rina.name, rina.gelar_belakang, rina.pangkat_golongan) == ("Rina Marlina", "S.Kom.", "Penata Muda Tingkat I (III/b)")
    assert employees.current_jf(db, employee_id=rina.id) == {"jf_jenjang": "ahli_pertama", "jf_tmt": date(2025, 4, 1), "jf_angka_kredit_awal": 0}
    entries = db.exec(select(AuditEntry).where(AuditEntry.entity == "employee", AuditEntry.entity_id == str(rina.id))).all()
    assert entries and entries[-1].action == "update"
    # The same file again changes nothing.
    again = siasn.preview_import(db, actor=org.actor, data=sheet(_rows(org, head, rina)), filename="siasn.xlsx")
    assert again.changed_employees == 0 and again.unchanged == 2


def test_one_bad_row_stops_everything(db, org_people):
    org, head, rina, _ = org_people
    rows = _rows(org, head, rina)
    rows[1][2] = ""  # a blank name
    rows.append(list(rows[0]))  # the same NIP twice
    preview = siasn.preview_import(db, actor=org.actor, data=sheet(rows), filename="siasn.xlsx")
    assert [(e.row, e.column) for e in preview.errors] == [(3, "nama"), (5, "nip_baru")]
    with pytest.raises(ValidationFailed):
        siasn.apply_import(db, actor=org.actor, data=sheet(rows), filename="siasn.xlsx")
    db.rollback()
    db.refresh(rina)
    assert rina.name == "Rina"
    with pytest.raises(ValidationFailed, match="Kolom wajib tidak ada"):
        siasn.preview_import(db, actor=org.actor, data=pd.DataFrame([["x"]], columns=["NAMA"]).to_csv(index=False).encode(), filename="a.csv")


def test_only_an_admin_of_the_instansi_reaches_its_employees(db, org_people):
    org, head, rina, other = org_people
    with pytest.raises(AccessDenied):
        siasn.preview_import(db, actor=actor_for(db, rina), data=sheet(_rows(org, head, rina)), filename="siasn.xlsx")
    # Another instansi's admin finds none of these NIPs: nothing of them is shown or changed.
    preview = siasn.preview_import(db, actor=other.actor, data=sheet(_rows(org, head, rina)), filename="siasn.xlsx")
    assert preview.changes == [] and len(preview.not_registered) == 3


def test_predikat_export_in_the_mapped_layout(db, org_people):
    org, head, rina, other = org_people
    db.add(JenjangFungsional(employee_id=rina.id, jenjang="ahli_pertama", tmt=date(2025, 1, 1), angka_kredit_awal=10))
    skp = Skp(employee_id=rina.id, position_id=org.staff.id, atasan_employee_id=head.id, year=2025,
              period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), status="disetujui")
    db.add_all([rina, skp])
    db.flush()
    db.add(Evaluation(skp_id=skp.id, employee_id=rina.id, evaluator_id=head.id, year=2025, period_kind="tahunan", period_no=1,
                      status="final", rating_hasil="diatas", rating_perilaku="diatas", predikat="sangat_baik",
                      finalised_at=datetime(2026, 1, 5, tzinfo=UTC)))
    db.commit()
    data, count = siasn.export_predikat_xlsx(db, actor=org.actor, year=2025)
    frame = pd.read_excel(BytesIO(data), dtype=str, keep_default_na=False)
    assert count == 1
    assert list(frame.columns) == [c["header"] for c in siasn.mapping()["export"]["columns"]]
    row = frame.iloc[0]
    assert (row["NIP"], row["PREDIKAT KINERJA"], row["RATING HASIL KERJA"], row["NIP PEJABAT PENILAI"]) == (
        rina.nip, "Sangat Baik", "Di Atas Ekspektasi", head.nip)
    assert (row["ANGKA KREDIT"], row["ANGKA KREDIT KUMULATIF"]) == ("18.750", "28.750")
    assert siasn.export_predikat_xlsx(db, actor=other.actor, year=2025)[1] == 0
    with pytest.raises(AccessDenied):
        siasn.export_predikat_xlsx(db, actor=actor_for(db, head), year=2025)


def test_the_shipped_layouts_are_valid_and_an_edit_is_checked():
    assert mapping_problems(siasn.mapping()) == []
    broken = {**siasn.mapping(), "export": {"sheet": "x", "columns": [{"header": "NIP", "value": "nomor"}]}}
    assert mapping_problems(broken) == ["export.columns memakai value yang tidak dikenal: nomor."]


def test_a_new_jenjang_from_siasn_is_a_change_in_the_history(db, org_people):
    org, head, rina, _ = org_people
    db.add(JenjangFungsional(employee_id=rina.id, jabatan="Pranata Komputer Ahli Pertama", jenjang="ahli_pertama",
                             tmt=date(2023, 1, 1), angka_kredit_awal=40))
    db.commit()
    rows = _rows(org, head, rina)
    rows[0][8], rows[0][9] = "Pranata Komputer Ahli Muda", "01-02-2026"
    siasn.apply_import(db, actor=org.actor, data=sheet(rows), filename="siasn.xlsx")
    db.commit()
    assert [(r.jabatan, r.jenjang, r.tmt, r.end_date, r.angka_kredit_awal) for r in jenjang_fungsional.history(db, employee_id=rina.id)] == [
        ("Pranata Komputer Ahli Pertama", "ahli_pertama", date(2023, 1, 1), date(2026, 1, 31), 40),
        ("Pranata Komputer Ahli Muda", "ahli_muda", date(2026, 2, 1), None, 0),
    ]
    entries = db.exec(select(AuditEntry).where(AuditEntry.entity == "jenjang_fungsional")).all()
    assert [e.action for e in entries] == ["update", "create"]
