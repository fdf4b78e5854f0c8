"""Demo SKPs: approved plans cascading from the Kepala Dinas Kominfo down to the demo staf,
with some monthly realisation, so Sasaran Pegawai and Progres Pekerjaan are not empty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert
from sqlmodel import Session, select

from ekinerja.clock import utcnow
from ekinerja.demo.accounts import DemoAccounts
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.statuses import SkpStatus
from ekinerja.models import (
    Indikator,
    PositionAssignment,
    Realisasi,
    RencanaAksi,
    Rhk,
    Skp,
)
from ekinerja.services.org import load_snapshot


@dataclass(frozen=True)
class DemoIndikator:
    aspek: str
    description: str
    target: str
    unit: str
    pace: float  # share of the monthly target realised each month (< 1: lags behind)


@dataclass(frozen=True)
class DemoRhk:
    description: str
    supports: int | None  # index of the atasan's RHK it intervenes
    perspektif: str | None
    indikators: tuple[DemoIndikator, ...]


PLANS: dict[str, tuple[DemoRhk, ...]] = {
    "kepala_opd": (
        DemoRhk("Meningkatnya kualitas penyelenggaraan Sistem Pemerintahan Berbasis Elektronik (SPBE) Pemerintah Provinsi",
                None, "penerima_layanan", (
                    DemoIndikator("kualitas", "Indeks SPBE Pemerintah Provinsi", "3.5", "indeks", 0.95),
                    DemoIndikator("kuantitas", "Jumlah layanan publik yang tersedia secara daring", "36", "layanan", 1.0),
                )),
        DemoRhk("Meningkatnya keterbukaan informasi publik Pemerintah Provinsi", None, "proses_bisnis", (
            DemoIndikator("kuantitas", "Jumlah informasi publik yang dipublikasikan melalui kanal resmi", "240", "informasi", 1.0),
        )),
        DemoRhk("Terwujudnya pengelolaan anggaran dinas yang akuntabel", None, "anggaran", (
            DemoIndikator("kualitas", "Persentase realisasi anggaran dinas", "95", "%", 0.9),
        )),
    ),
    "kepala_bidang": (
        DemoRhk("Tersedianya aplikasi layanan publik dan administrasi pemerintahan yang terintegrasi", 0, None, (
            DemoIndikator("kuantitas", "Jumlah aplikasi yang dikembangkan dan terintegrasi", "6", "aplikasi", 1.0),
        )),
        DemoRhk("Meningkatnya tata kelola e-government perangkat daerah", 0, None, (
            DemoIndikator("kuantitas", "Jumlah perangkat daerah yang didampingi penerapan SPBE", "24", "perangkat daerah", 0.8),
        )),
    ),
    "kepala_seksi": (
        DemoRhk("Terlaksananya pengembangan aplikasi layanan publik sesuai kebutuhan perangkat daerah", 0, None, (
            DemoIndikator("kuantitas", "Jumlah modul aplikasi yang selesai dikembangkan", "24", "modul", 1.0),
        )),
        DemoRhk("Tersusunnya dokumen standar pengembangan dan integrasi aplikasi", 0, None, (
            DemoIndikator("kuantitas", "Jumlah dokumen standar/SOP pengembangan aplikasi yang disahkan", "4", "dokumen", 0.5),
        )),
    ),
    "staf": (
        DemoRhk("Tersedianya modul aplikasi yang teruji dan terdokumentasi", 0, None, (
            DemoIndikator("kuantitas", "Jumlah modul aplikasi yang diuji dan didokumentasikan", "24", "modul", 1.0),
            DemoIndikator("waktu", "Penyelesaian pengujian setiap bulan tepat waktu", "12", "bulan", 1.0),
        )),
        DemoRhk("Tersusunnya bahan dokumen standar pengembangan aplikasi", 1, None, (
            DemoIndikator("kuantitas", "Jumlah draf dokumen standar pengembangan aplikasi", "4", "dokumen", 0.3),
        )),
    ),
}
CHAIN = ("kepala_opd", "kepala_bidang", "kepala_seksi", "staf")
LAMPIRAN = {
    "dukungan_sumber_daya": "Anggaran DPA Dinas Kominfo-SP tahun berjalan; server dan jaringan pusat data provinsi; tim pengembang aplikasi.",
    "skema_pertanggungjawaban": "Laporan capaian bulanan kepada atasan langsung dan laporan triwulanan kepada Kepala Dinas.",
    "konsekuensi": "Capaian di bawah target dibahas dalam dialog kinerja dan menjadi dasar rencana pengembangan kompetensi.",
}
EVIDENCE_LINK = "https://dokumen.example.id/ekinerja/bukti"


def seed_skp(session: Session, *, accounts: DemoAccounts, today: date) -> None:
    """Approved SKPs for this year down the demo chain (flushed, not committed)."""
    snapshot = load_snapshot(session, on=today)
    parent_rhks: list[Rhk] = []
    for role in CHAIN:
        employee_id = getattr(accounts, role).employee_id
        skp = approved_skp(snapshot, employee_id=employee_id, today=today, start=_position_start(session, snapshot, employee_id))
        session.add(skp)
        session.flush()
        skp.lineage_id = skp.id
        (parent_rhks,) = plan_skps(session, [(skp, PLANS[role], parent_rhks)], today)
    session.flush()


def _position_start(session: Session, snapshot, employee_id: int) -> date:
    holding = snapshot.definitive_position(employee_id)
    return session.exec(
        select(PositionAssignment.start_date).where(
            PositionAssignment.employee_id == employee_id, PositionAssignment.position_id == holding.position_id
        )
    ).first()


def approved_skp(snapshot, *, employee_id: int, today: date, start: date, lampiran: dict[str, str] = LAMPIRAN) -> Skp:
    """An approved SKP (not yet added) for the jabatan held today, from ``start`` (its TMT) to the end of the year."""
    holding = snapshot.definitive_position(employee_id)
    boss = snapshot.atasan_of(employee_id)
    period_start, period_end = rules.default_period(today.year, start)
    return Skp(
        employee_id=employee_id, position_id=holding.position_id, year=today.year,
        period_start=period_start, period_end=period_end, status=SkpStatus.DISETUJUI,
        atasan_employee_id=boss.employee_id if boss else None, atasan_position_id=boss.position_id if boss else None,
        approved_by_id=boss.employee_id if boss else None, submitted_at=utcnow(), approved_at=utcnow(), **lampiran,
    )


def plan_skps(session: Session, plans: list[tuple[Skp, tuple[DemoRhk, ...], list[Rhk]]], today: date) -> list[list[Rhk]]:
    """RHKs, indikators, rencana aksi and realisasi for flushed SKPs, each with its plan and its atasan's RHKs
    (which ``supports`` indexes); a few flushes for the whole batch. Returns each SKP's RHKs."""
    rhks: list[list[Rhk]] = []
    for skp, plan, parent_rhks in plans:
        rhks.append([
            Rhk(skp_id=skp.id, kind="utama", description=item.description, perspektif=item.perspektif, sort_order=order,
                atasan_rhk_id=parent_rhks[item.supports].id if item.supports is not None and parent_rhks else None)
            for order, item in enumerate(plan, start=1)
        ])
    session.add_all([rhk for group in rhks for rhk in group])
    session.flush()
    indikators = [
        (skp, Indikator(rhk_id=rhk.id, aspek=ind.aspek, description=ind.description, target_value=Decimal(ind.target),
                        target_unit=ind.unit, sort_order=n), ind)
        for (skp, plan, _), group in zip(plans, rhks, strict=True)
        for item, rhk in zip(plan, group, strict=True)
        for n, ind in enumerate(item.indikators, start=1)
    ]
    session.add_all([row for _, row, _ in indikators])
    session.flush()
    rencana: list[dict] = []
    realisasi: list[dict] = []
    for skp, row, ind in indikators:
        _targets_and_realisasi(skp, row, ind, today, rencana, realisasi)
    if rencana:
        session.execute(insert(RencanaAksi), rencana)
    if realisasi:
        session.execute(insert(Realisasi), realisasi)
    return rhks


def _targets_and_realisasi(skp: Skp, row: Indikator, ind: DemoIndikator, today: date, rencana: list[dict], realisasi: list[dict]) -> None:
    quarters = rules.split_slots(skp.period_start, skp.period_end, "triwulan")
    for no, value in zip(quarters, rules.split_equal(row.target_value, len(quarters)), strict=True):
        rencana.append({"indikator_id": row.id, "period_kind": "triwulan", "period_no": no, "target_value": value, "description": ""})
    months = [m for m in rules.period_months(skp.period_start, skp.period_end) if m < today.month]
    per_month = row.target_value / 12
    for month in months:
        # Kualitas is a level (averaged), the others add up month by month.
        value = row.target_value * Decimal(str(ind.pace)) if ind.aspek == "kualitas" else per_month * Decimal(str(ind.pace))
        realisasi.append({
            "indikator_id": row.id, "month": month, "value": value.quantize(rules.CENT), "updated_by_id": skp.employee_id, "note": "", "evidence_file_id": None,
            "evidence_link": f"{EVIDENCE_LINK}/{skp.year}-{month:02d}-{row.id}.pdf" if month % 3 == 0 else "",
            "updated_at": utcnow(),
        })
