"""Angka kredit through the services: the jabatan fungsional on the employee (form and import), each
year's angka kredit from the final annual predikat, the cumulative view, the BKD recap, and who sees what."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pandas as pd
import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.validation import EmployeeForm, JenjangChangeForm, ValidationFailed
from ekinerja.models import AuditEntry, Employee, JenjangFungsional, Skp
from ekinerja.models.evaluation import Evaluation
from ekinerja.reports import registry
from ekinerja.reports.excel import HEADER_ROW
from ekinerja.services import (
    angka_kredit,
    employee_import,
    employees,
    jenjang_fungsional,
    report_documents,
    report_scope,
    reports,
    siasn,
)
from tests.integration.factories import actor_for, make_employee, make_org, make_position, nip_for

TODAY = date(2026, 3, 11)


@pytest.fixture
def team(db, pin_today):
    pin_today(TODAY)
    org = make_org(db)
    head = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    analis = make_position(db, unit=org.opd, name="Analis SDM Aparatur Ahli Pertama", kind="fungsional", kelas=8, reports_to=org.head)
    jf = make_employee(db, position=analis, nip=nip_for(3), name="Rina Fungsional")
    jf.pangkat_golongan = "Penata Muda (III/a)"
    db.add(JenjangFungsional(employee_id=jf.id, jabatan=analis.name, jenjang="ahli_pertama", tmt=date(2024, 4, 1), angka_kredit_awal=Decimal("5.5")))
    other = make_employee(db, position=org.staff, nip=nip_for(4), name="Pelaksana Lain")
    db.add(jf)
    for year, predikat, finalised in ((2024, "baik", 1), (2025, "sangat_baik", 1)):
        skp = Skp(employee_id=jf.id, position_id=analis.id, atasan_employee_id=head.id, year=year,
                  period_start=date(year, 1, 1), period_end=date(year, 12, 31), status="disetujui")
        db.add(skp)
        db.flush()
        db.add(Evaluation(skp_id=skp.id, employee_id=jf.id, evaluator_id=head.id, year=year, period_kind="tahunan", period_no=1,
                          status="final", rating_hasil="sesuai", rating_perilaku="sesuai", predikat=predikat,
                          finalised_at=datetime(year + 1, 1, 10 + finalised, tzinfo=UTC)))
    # A draft annual evaluation counts for nothing.
    skp = Skp(employee_id=jf.id, position_id=analis.id, atasan_employee_id=head.id, year=2026,
              period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), status="disetujui")
    db.add(skp)
    db.flush()
    db.add(Evaluation(skp_id=skp.id, employee_id=jf.id, evaluator_id=head.id, year=2026, period_kind="tahunan", period_no=1))
    db.commit()
    return org, head, jf, other


def test_statement_from_the_annual_predikat(db, team):
    _, _, jf, _ = team
    st = angka_kredit.statement(db, actor=actor_for(db, jf), employee_id=jf.id)
    # 2024: 9 months (TMT 1 April) Baik = 9/12 x 12.5 = 9.375; 2025: 12 months Sangat Baik = 18.75; 2026: none yet.
    assert [(y.year, y.months, y.angka_kredit) for y in st.years] == [(2024, 9, Decimal("9.375")), (2025, 12, Decimal("18.750")), (2026, 12, Decimal("0.000"))]
    assert st.years[-1].predikat is None
    assert st.cumulative == Decimal("33.625")  # 5.5 from the PAK + 9.375 + 18.75
    assert st.golongan == "III/a"
    assert (st.kebutuhan.pangkat.label, st.kebutuhan.pangkat.short) == ("Pangkat III/b", Decimal("16.375"))
    assert (st.kebutuhan.jenjang.label, st.kebutuhan.jenjang.short) == ("Jenjang Ahli Muda", Decimal("66.375"))


def test_who_sees_a_statement(db, team):
    org, head, jf, other = team
    assert angka_kredit.statement(db, actor=actor_for(db, head), employee_id=jf.id).name == "Rina Fungsional"
    assert angka_kredit.statement(db, actor=org.actor, employee_id=jf.id).nip == jf.nip
    with pytest.raises(AccessDenied, match="tidak berwenang"):
        angka_kredit.statement(db, actor=actor_for(db, other), employee_id=jf.id)
    with pytest.raises(AccessDenied, match="tidak tercatat sebagai pejabat fungsional"):
        angka_kredit.statement(db, actor=actor_for(db, other), employee_id=other.id)
    assert [i for i, _ in report_scope.angka_kredit_people(db, actor=actor_for(db, head))] == [jf.id]
    assert report_scope.angka_kredit_people(db, actor=actor_for(db, other)) == []


def test_bkd_recap_in_excel_and_preview(db, team):
    org, head, jf, other = team
    params = reports.ReportParams(key=registry.REKAP_ANGKA_KREDIT, year=2025, month=0)
    generated = reports.generate(db, actor=org.actor, params=params)
    assert generated.filename == "rekap-angka-kredit-2025.xlsx"
    frame = pd.read_excel(BytesIO(generated.data), header=HEADER_ROW, dtype={"NIP": str})
    assert frame["NIP"].tolist() == [jf.nip]
    row = frame.iloc[0]
    assert (row["Predikat Tahunan"], row["Persentase (%)"], row["Bulan dalam Jenjang"]) == ("Sangat Baik", 150, 12)
    assert (row["AK Tahun Ini"], row["AK Kumulatif"], row["Kebutuhan AK Pangkat"]) == (18.75, 33.625, 50)
    shown = reports.preview(db, actor=actor_for(db, head), params=params, page=1, page_size=20)
    assert shown.rows == [["Rina Fungsional", "Ahli Pertama", "Sangat Baik", "18,750", "33,625", "Pangkat III/b: kurang 16,375"]]
    assert "1 pejabat fungsional" in shown.summary
    # 2024 through 2024 only: the 2025 predikat is not yet in the cumulative figure.
    earlier = reports.preview(db, actor=org.actor, params=reports.ReportParams(key=registry.REKAP_ANGKA_KREDIT, year=2024, month=0), page=1, page_size=20)
    assert earlier.rows[0][3:5] == ["9,375", "14,875"]
    with pytest.raises(AccessDenied):
        reports.generate(db, actor=actor_for(db, other), params=params)
    with pytest.raises(ValidationFailed):
        reports.generate(db, actor=org.actor, params=reports.ReportParams(key=registry.REKAP_ANGKA_KREDIT, year=1990, month=0))
    assert registry.REKAP_ANGKA_KREDIT not in {s.key for s in registry.offered(is_team_viewer=False)}


def _form(**changes) -> EmployeeForm:
    base = {"nip": nip_for(20), "name": "Budi Baru", "status": "PNS", "pangkat_golongan": "Penata (III/c)", "position_id": "", "start_date": "2025-01-02"}
    return EmployeeForm(**{**base, **changes})


def test_admin_form_records_the_jabatan_fungsional(db, team):
    org, _, _, _ = team
    created = employees.create_employee(
        db, actor=org.actor, form=_form(position_id=str(org.staff.id), jf_jenjang="ahli_muda", jf_tmt="2025-01-01", jf_angka_kredit_awal="12,5"),
    )
    db.commit()
    assert employees.current_jf(db, employee_id=created.id) == {"jf_jenjang": "ahli_muda", "jf_tmt": date(2025, 1, 1), "jf_angka_kredit_awal": Decimal("12.5")}
    detail = employees.get_employee_detail(db, actor=org.actor, employee_id=created.id)
    assert detail.jf_jenjang == "ahli_muda"
    # Back to no jabatan fungsional: a blank jenjang ends the open row yesterday, kept in the history.
    employees.update_employee(db, actor=org.actor, employee_id=created.id, form=_form(nip=created.nip))
    db.commit()
    assert employees.current_jf(db, employee_id=created.id) == {"jf_jenjang": "", "jf_tmt": None, "jf_angka_kredit_awal": None}
    assert [(r.jenjang, r.end_date) for r in jenjang_fungsional.history(db, employee_id=created.id)] == [("ahli_muda", date(2026, 3, 10))]
    for changes, field in (
        ({"jf_tmt": "2025-01-01"}, "jf_jenjang"),
        ({"jf_jenjang": "ahli_muda"}, "jf_tmt"),
        ({"jf_jenjang": "ahli_muda", "jf_tmt": "2025-01-01", "jf_angka_kredit_awal": "1,2345"}, "jf_angka_kredit_awal"),
        ({"jf_jenjang": "kepala", "jf_tmt": "2025-01-01"}, "jf_jenjang"),
    ):
        with pytest.raises(ValidationFailed) as failed:
            employees.update_employee(db, actor=org.actor, employee_id=created.id, form=_form(nip=created.nip, **changes))
        assert field in failed.value.errors, changes


def _sheet(rows: list[dict]) -> bytes:
    buffer = BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False)
    return buffer.getvalue()


def test_import_reads_the_jabatan_fungsional_columns(db, team):
    org, _, _, _ = team
    row = {"nip": nip_for(30), "nama": "Sari Impor", "status": "PNS", "pangkat_golongan": "Pengatur (II/c)", "jabatan_id": str(org.staff.id),
           "tmt_jabatan": "2025-02-03", "jenjang_jf": "Terampil", "tmt_jenjang_jf": "2025-02-01", "angka_kredit_awal": "20"}
    bad = {**row, "nip": nip_for(31), "jenjang_jf": "Ahli Super"}
    report = employee_import.import_employees(db, actor=org.actor, data=_sheet([row, bad]), filename="pegawai.xlsx")
    assert report.created == 0 and [(e.row, e.column) for e in report.errors] == [(3, "jenjang_jf")]
    report = employee_import.import_employees(db, actor=org.actor, data=_sheet([row]), filename="pegawai.xlsx")
    db.commit()
    assert report.created == 1
    imported = db.exec(Employee.__table__.select().where(Employee.nip == nip_for(30))).one()
    assert employees.current_jf(db, employee_id=imported.id) == {"jf_jenjang": "terampil", "jf_tmt": date(2025, 2, 1), "jf_angka_kredit_awal": Decimal(20)}


# -- the jenjang history: a kenaikan jenjang recorded by the admin --------------------------------------


def _change(**changes) -> JenjangChangeForm:
    base = {"jabatan": "Analis SDM Aparatur Ahli Muda", "jenjang": "ahli_muda", "tmt": "2026-03-01", "sk_nomor": "800/45/BKPSDM/2026",
            "sk_tanggal": "2026-02-20", "angka_kredit_awal": "7,5"}
    return JenjangChangeForm(**{**base, **changes})


def _final_2026(db, jf, head, predikat="baik"):
    evaluation = db.exec(select(Evaluation).where(Evaluation.employee_id == jf.id, Evaluation.year == 2026)).one()
    evaluation.status, evaluation.predikat, evaluation.finalised_at = "final", predikat, datetime(2026, 3, 10, tzinfo=UTC)
    db.add(evaluation)
    db.commit()


def test_admin_records_a_kenaikan_jenjang_and_the_year_is_pro_rated(db, team):
    org, head, jf, _ = team
    audits = len(db.exec(select(AuditEntry).where(AuditEntry.entity == "jenjang_fungsional")).all())
    angka_kredit.record_jenjang_change(db, actor=org.actor, employee_id=jf.id, form=_change())
    db.commit()
    rows = jenjang_fungsional.history(db, employee_id=jf.id)
    assert [(r.jenjang, r.tmt, r.end_date, r.sk_nomor) for r in rows] == [
        ("ahli_pertama", date(2024, 4, 1), date(2026, 2, 28), ""), ("ahli_muda", date(2026, 3, 1), None, "800/45/BKPSDM/2026"),
    ]
    entries = db.exec(select(AuditEntry).where(AuditEntry.entity == "jenjang_fungsional")).all()[audits:]
    assert [(e.action, e.actor_id) for e in entries] == [("update", org.actor.employee_id), ("create", org.actor.employee_id)]
    assert entries[1].after["jenjang"] == "ahli_muda" and entries[0].after["end_date"] == "2026-02-28"

    _final_2026(db, jf, head)
    st = angka_kredit.statement(db, actor=actor_for(db, jf), employee_id=jf.id)
    assert (st.jenjang, st.tmt, st.awal, st.jabatan) == ("ahli_muda", date(2026, 3, 1), Decimal("7.5"), "Analis SDM Aparatur Ahli Muda")
    # 2026: January-February as Ahli Pertama (2/12 x 12.5 = 2.083), March-December as Ahli Muda (10/12 x 25 = 20.833).
    assert [(y.year, [(p.jenjang, p.months, p.angka_kredit) for p in y.parts]) for y in st.years] == [
        (2026, [("ahli_pertama", 2, Decimal("2.083")), ("ahli_muda", 10, Decimal("20.833"))]),
    ]
    assert (st.years[0].year_total, st.cumulative) == (Decimal("22.916"), Decimal("28.333"))  # 7.5 from the new PAK + 20.833
    assert [line.jenjang for line in st.history] == ["ahli_muda", "ahli_pertama"]
    assert (st.kebutuhan.jenjang.label, st.kebutuhan.jenjang.needed) == ("Jenjang Ahli Madya", Decimal(200))
    # The atasan sees the same history.
    assert angka_kredit.statement(db, actor=actor_for(db, head), employee_id=jf.id).history == st.history


def test_the_bkd_recap_and_siasn_export_use_the_jenjang_of_each_year(db, team):
    org, head, jf, _ = team
    angka_kredit.record_jenjang_change(db, actor=org.actor, employee_id=jf.id, form=_change())
    db.commit()
    _final_2026(db, jf, head)
    recap_2025 = report_documents.angka_kredit_recap(db, actor=org.actor, unit_id=None, year=2025)
    assert [(l.jenjang, l.angka_kredit, l.cumulative, l.parts) for l in recap_2025.lines] == [
        ("Ahli Pertama", Decimal("18.750"), Decimal("33.625"), ""),
    ]
    recap_2026 = report_documents.angka_kredit_recap(db, actor=org.actor, unit_id=None, year=2026)
    assert [(l.jenjang, l.tmt, l.months, l.angka_kredit, l.cumulative, l.parts) for l in recap_2026.lines] == [
        ("Ahli Muda", date(2026, 3, 1), 10, Decimal("22.916"), Decimal("28.333"), "2 bln Ahli Pertama 2,083 + 10 bln Ahli Muda 20,833"),
    ]
    rows = {row["tahun"]: row for year in (2025, 2026) for row in siasn.export_rows(db, actor=org.actor, year=year)}
    assert (rows[2025]["jenjang"], rows[2025]["angka_kredit"], rows[2025]["angka_kredit_kumulatif"]) == ("Ahli Pertama", "18.750", "33.625")
    assert (rows[2026]["jenjang"], rows[2026]["angka_kredit"], rows[2026]["angka_kredit_kumulatif"]) == ("Ahli Muda", "22.916", "28.333")


def test_a_jenjang_change_is_checked_and_only_the_instansi_admin_records_it(db, team):
    org, head, jf, other = team
    for changes, field in (
        ({"tmt": "2024-04-01"}, "tmt"),  # not after the current TMT
        ({"jenjang": "ahli_pertama", "jabatan": "Analis SDM Aparatur Ahli Pertama"}, "jenjang"),  # nothing changes
        ({"jenjang": "kepala"}, "jenjang"),
        ({"sk_nomor": ""}, "sk_nomor"),
        ({"sk_tanggal": "2026-04-01"}, "sk_tanggal"),
    ):
        with pytest.raises(ValidationFailed) as failed:
            angka_kredit.record_jenjang_change(db, actor=org.actor, employee_id=jf.id, form=_change(**changes))
        assert field in failed.value.errors, changes
    for actor in (actor_for(db, head), actor_for(db, jf), actor_for(db, other)):
        with pytest.raises(AccessDenied):
            angka_kredit.record_jenjang_change(db, actor=actor, employee_id=jf.id, form=_change())
    other_instansi = make_org(db, code="LAIN", birth="19900101")
    with pytest.raises(AccessDenied):
        angka_kredit.record_jenjang_change(db, actor=other_instansi.actor, employee_id=jf.id, form=_change())
    db.rollback()
    assert len(jenjang_fungsional.history(db, employee_id=jf.id)) == 1


def test_the_employee_form_corrects_the_open_jenjang_and_a_later_different_one_is_a_change(db, team):
    org, _, jf, _ = team
    form = _form(nip=jf.nip, name=jf.name, pangkat_golongan="Penata Muda (III/a)", jf_jenjang="ahli_pertama", jf_tmt="2024-03-01",
                 jf_angka_kredit_awal="5,5")
    employees.update_employee(db, actor=org.actor, employee_id=jf.id, form=form)
    db.commit()
    assert [(r.jenjang, r.tmt, r.end_date) for r in jenjang_fungsional.history(db, employee_id=jf.id)] == [("ahli_pertama", date(2024, 3, 1), None)]
    employees.update_employee(db, actor=org.actor, employee_id=jf.id, form=replace(form, jf_jenjang="ahli_muda", jf_tmt="2026-01-01"))
    db.commit()
    assert [(r.jenjang, r.tmt, r.end_date) for r in jenjang_fungsional.history(db, employee_id=jf.id)] == [
        ("ahli_pertama", date(2024, 3, 1), date(2025, 12, 31)), ("ahli_muda", date(2026, 1, 1), None),
    ]
    # A TMT before the earlier jenjang's is refused on the form's TMT field.
    with pytest.raises(ValidationFailed) as failed:
        employees.update_employee(db, actor=org.actor, employee_id=jf.id, form=replace(form, jf_jenjang="ahli_muda", jf_tmt="2024-01-01"))
    assert "jf_tmt" in failed.value.errors
