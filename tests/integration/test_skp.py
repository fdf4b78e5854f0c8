"""SKP planning and Progres Pekerjaan against a real database: workflow, access, mutasi, progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from ekinerja.access import AccessDenied, Actor
from ekinerja.clock import local_today
from ekinerja.db import get_engine
from ekinerja.domain.skp_rules import (
    NO_ATASAN_SKP,
    IndikatorForm,
    LampiranForm,
    RealisasiForm,
    RhkForm,
)
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    AuditEntry,
    DailyActivity,
    Employee,
    PositionAssignment,
    Realisasi,
    Skp,
)
from ekinerja.services import progress, skp_drafts, skp_workflow
from ekinerja.services import skp as svc
from ekinerja.services.org import bump_org_revision
from tests.integration import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Chain:
    kadis: Actor
    kabid: Actor
    kasi: Actor
    staf: Actor
    peer: Actor
    other: Actor  # staf of another bidang
    admin: Actor
    positions: dict


@pytest.fixture
def chain(db) -> Chain:
    org = factories.make_org(db)
    kabid_pos = factories.make_position(db, unit=org.opd, name="Kepala Bidang Aplikasi", kind="struktural", kelas=12, eselon="III.a", reports_to=org.head)
    kasi_pos = factories.make_position(db, unit=org.opd, name="Kepala Seksi Pengembangan", kind="struktural", kelas=9, eselon="IV.a", reports_to=kabid_pos)
    staf_pos = factories.make_position(db, unit=org.opd, name="Pranata Komputer", reports_to=kasi_pos)
    other_kasi = factories.make_position(db, unit=org.opd, name="Kepala Seksi Lain", kind="struktural", kelas=9, eselon="IV.a", reports_to=kabid_pos)
    other_pos = factories.make_position(db, unit=org.opd, name="Pengelola Data", reports_to=other_kasi)
    people = {}
    for n, (key, pos) in enumerate(
        [("kadis", org.head), ("kabid", kabid_pos), ("kasi", kasi_pos), ("staf", staf_pos), ("peer", staf_pos), ("other", other_pos)], start=10
    ):
        people[key] = factories.make_employee(db, position=pos, nip=factories.nip_for(n), name=key.title())
    db.commit()
    actors = {k: factories.actor_for(db, e) for k, e in people.items()}
    return Chain(**actors, admin=org.actor, positions={"kadis": org.head, "kabid": kabid_pos, "kasi": kasi_pos, "staf": staf_pos, "other_kasi": other_kasi, "unit": org.opd})


YEAR = local_today().year


def plan(db, actor: Actor, *, links: list[int | None], target: str = "12", perspektif: str = "") -> Skp:
    """A draft with one RHK per link, each with one kuantitas indikator."""
    skp = skp_drafts.create_draft(db, actor=actor, year=YEAR)
    for n, link in enumerate(links, start=1):
        rhk = skp_drafts.save_rhk(db, actor=actor, skp_id=skp.id, rhk_id=None, form=RhkForm(
            kind="utama", description=f"Rencana hasil kerja nomor {n} {actor.display_name}",
            atasan_rhk_id=str(link or ""), perspektif=perspektif,
        ))
        skp_drafts.save_indikator(db, actor=actor, rhk_id=rhk.id, indikator_id=None, form=IndikatorForm(
            aspek="kuantitas", description=f"Jumlah dokumen hasil {n}", target_value=target, target_unit="dokumen",
        ))
    db.commit()
    return skp


def approved(db, owner: Actor, atasan: Actor | None, links: list[int | None]) -> Skp:
    skp = plan(db, owner, links=links)
    skp_workflow.submit(db, actor=owner, skp_id=skp.id)
    if atasan is not None:
        skp_workflow.approve(db, actor=atasan, skp_id=skp.id)
    db.commit()
    return skp


def rhk_ids(db, skp: Skp) -> list[int]:
    return [r.id for r in svc.rhks_of(db, skp_id=skp.id)]


def top_chain(db, chain: Chain) -> Skp:
    """Approved SKPs from the Kadis down to the Kasi."""
    kadis = plan(db, chain.kadis, links=[None], perspektif="penerima_layanan")
    # The top of the tree has no atasan here: mark it approved directly, as an agency would via its own process.
    kadis.status = "disetujui"
    db.add(kadis)
    db.commit()
    kabid = approved(db, chain.kabid, chain.kadis, rhk_ids(db, kadis))
    return approved(db, chain.kasi, chain.kabid, rhk_ids(db, kabid))


def test_full_workflow_return_resubmit_approve_lock(db, chain):
    kasi_skp = top_chain(db, chain)
    boss_rhks = rhk_ids(db, kasi_skp)
    detail = svc.get_detail(db, actor=chain.staf, skp_id=plan(db, chain.staf, links=[boss_rhks[0], boss_rhks[0]]).id)
    skp_id = detail.skp.id
    assert detail.can_edit and detail.has_atasan
    assert [o[0] for o in detail.atasan_options] == boss_rhks
    assert detail.penilai.name == chain.kasi.display_name

    skp_workflow.submit(db, actor=chain.staf, skp_id=skp_id)
    db.commit()
    # Submitted means locked for the owner too.
    with pytest.raises(AccessDenied):
        skp_drafts.save_lampiran(db, actor=chain.staf, skp_id=skp_id, form=LampiranForm())
    # A note is required to return.
    with pytest.raises(ValidationFailed) as failed:
        skp_workflow.return_to_draft(db, actor=chain.kasi, skp_id=skp_id, note="")
    assert "return_note" in failed.value.errors
    skp_workflow.return_to_draft(db, actor=chain.kasi, skp_id=skp_id, note="Target RHK 2 terlalu rendah.")
    db.commit()
    detail = svc.get_detail(db, actor=chain.staf, skp_id=skp_id)
    assert detail.skp.status == "draft" and detail.skp.return_note == "Target RHK 2 terlalu rendah."

    skp_drafts.save_indikator(db, actor=chain.staf, rhk_id=detail.rhks[1].id, indikator_id=detail.rhks[1].indikators[0].id,
                       form=IndikatorForm(aspek="kuantitas", description="Jumlah dokumen hasil 2", target_value="24", target_unit="dokumen"))
    skp_workflow.submit(db, actor=chain.staf, skp_id=skp_id)
    skp_workflow.approve(db, actor=chain.kasi, skp_id=skp_id)
    db.commit()
    detail = svc.get_detail(db, actor=chain.staf, skp_id=skp_id)
    assert detail.skp.status == "disetujui" and not detail.can_edit
    assert detail.skp.approved_by_id == chain.kasi.employee_id and detail.skp.return_note == ""
    with pytest.raises(AccessDenied):
        skp_drafts.save_rhk(db, actor=chain.staf, skp_id=skp_id, rhk_id=None, form=RhkForm(description="Tambahan baru sekali"))
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.entity == "skp", AuditEntry.entity_id == str(skp_id))).all()
    assert actions.count("ajukan") == 2 and "kembalikan" in actions and "setujui" in actions


def test_cascading_needs_the_atasans_approved_rhks(db, chain):
    skp = skp_drafts.create_draft(db, actor=chain.staf, year=YEAR)
    detail = svc.get_detail(db, actor=chain.staf, skp_id=skp.id)
    assert detail.has_atasan and detail.atasan_options == []
    with pytest.raises(ValidationFailed) as failed:
        skp_drafts.save_rhk(db, actor=chain.staf, skp_id=skp.id, rhk_id=None, form=RhkForm(description="Aplikasi layanan publik"))
    assert failed.value.errors["atasan_rhk_id"] == NO_ATASAN_SKP
    # An RHK of an SKP that is not the atasan's approved one is refused.
    kasi_draft = plan(db, chain.kasi, links=[])
    with pytest.raises(ValidationFailed):
        skp_drafts.save_rhk(db, actor=chain.staf, skp_id=skp.id, rhk_id=None,
                     form=RhkForm(description="Aplikasi layanan publik", atasan_rhk_id=str(kasi_draft.id)))


def test_jpt_needs_perspektif(db, chain):
    skp = skp_drafts.create_draft(db, actor=chain.kadis, year=YEAR)
    with pytest.raises(ValidationFailed) as failed:
        skp_drafts.save_rhk(db, actor=chain.kadis, skp_id=skp.id, rhk_id=None, form=RhkForm(description="Meningkatnya indeks SPBE"))
    assert "perspektif" in failed.value.errors
    rhk = skp_drafts.save_rhk(db, actor=chain.kadis, skp_id=skp.id, rhk_id=None,
                       form=RhkForm(description="Meningkatnya indeks SPBE", perspektif="penerima_layanan"))
    assert rhk.perspektif == "penerima_layanan" and rhk.atasan_rhk_id is None


def test_access_peer_other_unit_and_admin(db, chain):
    kasi_skp = top_chain(db, chain)
    skp = plan(db, chain.staf, links=[rhk_ids(db, kasi_skp)[0]])
    for stranger in (chain.peer, chain.other):
        with pytest.raises(AccessDenied):
            svc.get_detail(db, actor=stranger, skp_id=skp.id)
        with pytest.raises(AccessDenied):
            skp_drafts.save_lampiran(db, actor=stranger, skp_id=skp.id, form=LampiranForm())
    skp_workflow.submit(db, actor=chain.staf, skp_id=skp.id)
    db.commit()
    # Above in the tree may read, but only the atasan of record decides.
    assert svc.get_detail(db, actor=chain.kabid, skp_id=skp.id).is_atasan is False
    assert svc.get_detail(db, actor=chain.admin, skp_id=skp.id).skp.id == skp.id
    for not_atasan in (chain.kabid, chain.peer, chain.other, chain.admin, chain.staf):
        with pytest.raises(AccessDenied):
            skp_workflow.approve(db, actor=not_atasan, skp_id=skp.id)
    with pytest.raises(AccessDenied):
        skp_drafts.save_expectations(db, actor=chain.staf, skp_id=skp.id, values={"akuntabel": "Tepat waktu"})
    skp_drafts.save_expectations(db, actor=chain.kasi, skp_id=skp.id, values={"akuntabel": "Laporan tepat waktu setiap bulan"})
    db.commit()
    assert svc.get_detail(db, actor=chain.staf, skp_id=skp.id).expectations == {"akuntabel": "Laporan tepat waktu setiap bulan"}


def other_becomes_plt_of_kasi(db, chain: Chain) -> Actor:
    """The Kasi leaves; the employee of the other seksi is appointed Plt of the Kasi post today."""
    today = local_today()
    row = db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == chain.kasi.employee_id)).one()
    row.end_date = today - timedelta(days=1)
    db.add(row)
    db.add(PositionAssignment(employee_id=chain.other.employee_id, position_id=chain.positions["kasi"].id, kind="plt", start_date=today))
    bump_org_revision(db)
    db.commit()
    return factories.actor_for(db, db.get(Employee, chain.other.employee_id))


def test_acting_plt_approves_when_the_kasi_post_is_vacant(db, chain):
    kasi_skp = top_chain(db, chain)
    skp = plan(db, chain.staf, links=[rhk_ids(db, kasi_skp)[0]])
    skp_workflow.submit(db, actor=chain.staf, skp_id=skp.id)
    plt = other_becomes_plt_of_kasi(db, chain)
    with pytest.raises(AccessDenied):
        skp_workflow.approve(db, actor=chain.kasi, skp_id=skp.id)
    skp_workflow.approve(db, actor=plt, skp_id=skp.id)
    db.commit()
    assert db.get(Skp, skp.id).approved_by_id == chain.other.employee_id


def test_concurrent_double_approval_has_one_outcome(db, chain):
    kasi_skp = top_chain(db, chain)
    skp = plan(db, chain.staf, links=[rhk_ids(db, kasi_skp)[0]])
    skp_workflow.submit(db, actor=chain.staf, skp_id=skp.id)
    db.commit()
    with Session(get_engine(), expire_on_commit=False) as late:
        stale = late.get(Skp, skp.id)  # the second approver read the SKP while it was still "diajukan"
        assert stale.status == "diajukan"
        with Session(get_engine(), expire_on_commit=False) as first:
            skp_workflow.approve(first, actor=chain.kasi, skp_id=skp.id)
            first.commit()
        with pytest.raises(ValidationFailed) as failed:
            skp_workflow.approve(late, actor=chain.kasi, skp_id=skp.id)
        late.rollback()
    assert "baru saja diproses" in failed.value.errors["status"]
    decisions = db.exec(select(AuditEntry).where(AuditEntry.action == "setujui", AuditEntry.entity_id == str(skp.id))).all()
    assert len(decisions) == 1


def test_revision_history_and_carried_realisasi(db, chain):
    kasi_skp = top_chain(db, chain)
    first = approved(db, chain.staf, chain.kasi, [rhk_ids(db, kasi_skp)[0]])
    ind = svc.get_detail(db, actor=chain.staf, skp_id=first.id).rhks[0].indikators[0]
    progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="1", value="3"), today=date(YEAR, 12, 31))
    revision = skp_drafts.create_revision(db, actor=chain.staf, skp_id=first.id)
    db.commit()
    assert (revision.lineage_id, revision.revision, revision.status) == (first.lineage_id, 2, "draft")
    with pytest.raises(ValidationFailed):
        skp_drafts.create_revision(db, actor=chain.staf, skp_id=first.id)
    skp_workflow.submit(db, actor=chain.staf, skp_id=revision.id)
    skp_workflow.approve(db, actor=chain.kasi, skp_id=revision.id)
    db.commit()
    db.expire_all()
    assert db.get(Skp, first.id).status == "diganti"
    history = svc.history(db, actor=chain.staf, skp_id=revision.id)
    assert [(s.revision, s.status) for s in history] == [(2, "disetujui"), (1, "diganti")]
    assert [r.id for r in svc.list_own(db, actor=chain.staf)] == [revision.id]
    new_ind = svc.get_detail(db, actor=chain.staf, skp_id=revision.id).rhks[0].indikators[0]
    assert db.exec(select(Realisasi.value).where(Realisasi.indikator_id == new_ind.id)).all() == [Decimal("3.00")]


def test_copy_last_year(db, chain):
    last = skp_drafts.create_draft(db, actor=chain.kadis, year=YEAR - 1)
    skp_drafts.save_rhk(db, actor=chain.kadis, skp_id=last.id, rhk_id=None, form=RhkForm(description="Meningkatnya indeks SPBE", perspektif="proses_bisnis"))
    skp_drafts.save_lampiran(db, actor=chain.kadis, skp_id=last.id, form=LampiranForm(dukungan_sumber_daya="Anggaran APBD"))
    with pytest.raises(ValidationFailed):
        skp_drafts.copy_last_year(db, actor=chain.kadis, year=YEAR)  # not approved yet
    last.status = "disetujui"
    db.add(last)
    copy = skp_drafts.copy_last_year(db, actor=chain.kadis, year=YEAR)
    db.commit()
    detail = svc.get_detail(db, actor=chain.kadis, skp_id=copy.id)
    assert detail.skp.status == "draft" and detail.skp.year == YEAR
    assert [r.description for r in detail.rhks] == ["Meningkatnya indeks SPBE"]
    assert detail.skp.dukungan_sumber_daya == "Anggaran APBD"


def test_mutasi_splits_the_year_into_two_skps(db, chain):
    move = date(YEAR, 7, 1)
    first = skp_drafts.create_draft(db, actor=chain.peer, year=YEAR)
    assert (first.period_start, first.period_end) == (date(YEAR, 1, 1), date(YEAR, 12, 31))
    row = db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == chain.peer.employee_id)).one()
    row.end_date = move - timedelta(days=1)
    db.add(row)
    new_pos = factories.make_position(db, unit=chain.positions["unit"], name="Analis Data", reports_to=chain.positions["other_kasi"])
    db.add(PositionAssignment(employee_id=chain.peer.employee_id, position_id=new_pos.id, start_date=move))
    bump_org_revision(db)
    db.commit()
    opened = svc.open_periods(db, actor=chain.peer, year=YEAR)
    assert [(p.position_id, p.start, p.end) for p in opened] == [(new_pos.id, move, date(YEAR, 12, 31))]
    second = skp_drafts.create_draft(db, actor=chain.peer, year=YEAR)
    db.commit()
    db.refresh(first)
    assert (first.period_start, first.period_end) == (date(YEAR, 1, 1), move - timedelta(days=1))
    assert (second.position_id, second.period_start, second.period_end) == (new_pos.id, move, date(YEAR, 12, 31))
    assert {s.id for s in svc.list_own(db, actor=chain.peer)} == {first.id, second.id}
    with pytest.raises(ValidationFailed):
        skp_drafts.create_draft(db, actor=chain.peer, year=YEAR)


def test_realisasi_activity_sums_and_team_progress(db, chain):
    kasi_skp = top_chain(db, chain)
    skp = approved(db, chain.staf, chain.kasi, [rhk_ids(db, kasi_skp)[0]])
    rhk = svc.rhks_of(db, skp_id=skp.id)[0]
    ind = svc.indikators_of(db, rhk_ids=[rhk.id])[0]
    today = date(YEAR, 6, 30)
    # Owner only, approved SKPs only, links must be web links, files go through the evidence checks.
    with pytest.raises(AccessDenied):
        progress.save_realisasi(db, actor=chain.kasi, indikator_id=ind.id, form=RealisasiForm(month="1", value="1"), today=today)
    with pytest.raises(ValidationFailed) as failed:
        progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="1", value="-1", evidence_link="javascript:alert(1)"), today=today)
    assert {"value", "evidence_link"} <= set(failed.value.errors)
    with pytest.raises(ValidationFailed) as failed:
        progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="9", value="1"), today=today)
    assert "month" in failed.value.errors
    with pytest.raises(ValidationFailed) as failed:
        progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="2", value="1"), today=today, file_data=b"MZ-not-a-pdf", filename="x.exe")
    assert "evidence_file" in failed.value.errors
    progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="1", value="2", evidence_link="https://drive.example.id/a"), today=today)
    saved = progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="2", value="1"), today=today, file_data=PDF, filename="bukti.pdf")
    assert saved.evidence_file_id is not None
    # Approved activities linked to the RHK count for a month with nothing entered; others do not.
    for day, status, qty in [(date(YEAR, 3, 3), "disetujui", "2"), (date(YEAR, 3, 4), "disetujui", "1"), (date(YEAR, 3, 5), "diajukan", "5")]:
        db.add(DailyActivity(employee_id=chain.staf.employee_id, activity_date=day, start_time=time(8), end_time=time(9),
                             task_text="Kerja", quantity=Decimal(qty), rhk_id=rhk.id, effective_minutes=60, status=status))
    db.commit()
    result = progress.skp_progress(db, actor=chain.kasi, skp_id=skp.id, today=today)
    cells = {c.month: c for c in result.rhks[0].indikators[0].months}
    assert cells[3].from_activities == Decimal(3) and cells[3].counted == Decimal(3)
    assert result.rhks[0].indikators[0].realised == Decimal(6)
    assert result.rhks[0].percent == Decimal("50.0") and not result.rhks[0].lagging  # half the target, half the year
    assert result.rhks[0].indikators[0].quarters == {1: Decimal(6), 2: Decimal(0), 3: Decimal(0), 4: Decimal(0)}
    with pytest.raises(AccessDenied):
        progress.skp_progress(db, actor=chain.peer, skp_id=skp.id, today=today)

    stamp = progress.team_stamps(db, employee_ids=progress.team_members(db, actor=chain.kasi))
    team = progress.team_progress(db, actor=chain.kasi, today=local_today())
    row = next(r for r in team if r.employee_id == chain.staf.employee_id)
    assert row.status == "disetujui" and row.percent is not None and row.last_update is not None
    assert next(r for r in team if r.employee_id == chain.peer.employee_id).status == "belum"
    progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, form=RealisasiForm(month="1", value="4"), today=today)
    db.commit()
    moved = progress.team_stamps(db, employee_ids=progress.team_members(db, actor=chain.kasi))
    assert moved.get(chain.staf.employee_id) != stamp.get(chain.staf.employee_id)
    assert moved.get(chain.peer.employee_id) == stamp.get(chain.peer.employee_id)


def test_rencana_aksi_must_add_up(db, chain):
    skp = skp_drafts.create_draft(db, actor=chain.kadis, year=YEAR)
    rhk = skp_drafts.save_rhk(db, actor=chain.kadis, skp_id=skp.id, rhk_id=None, form=RhkForm(description="Meningkatnya indeks SPBE", perspektif="anggaran"))
    ind = skp_drafts.save_indikator(db, actor=chain.kadis, rhk_id=rhk.id, indikator_id=None, form=IndikatorForm(description="Nilai indeks SPBE", target_value="10", target_unit="dokumen"))
    split = skp_drafts.equal_split(db, actor=chain.kadis, indikator_id=ind.id, kind="triwulan")
    assert split == {1: Decimal("2.50"), 2: Decimal("2.50"), 3: Decimal("2.50"), 4: Decimal("2.50")}
    with pytest.raises(ValidationFailed) as failed:
        skp_drafts.save_rencana_aksi(db, actor=chain.kadis, indikator_id=ind.id, kind="triwulan", values={1: "1", 2: "1", 3: "1", 4: "1"})
    assert "rencana" in failed.value.errors
    rows = skp_drafts.save_rencana_aksi(db, actor=chain.kadis, indikator_id=ind.id, kind="triwulan", values={k: str(v) for k, v in split.items()})
    assert len(rows) == 4
    with pytest.raises(AccessDenied):
        skp_drafts.save_rencana_aksi(db, actor=chain.kabid, indikator_id=ind.id, kind="triwulan", values={})
