"""Demo SKPs and penilaian for every pegawai: so Analisis Organisasi, Penilaian Kinerja, TPP and
Progres Pekerjaan have something to show in every OPD, not only along the demo chain.

Every pegawai holding a jabatan without an SKP for the year (the demo chain has its own, from
skp_seed) gets an approved SKP: RHKs named after the jabatan's activity catalogue (a unit head's
after the unit), each intervening one of the atasan's RHKs, with indikators, targets per triwulan,
monthly realisasi and ekspektasi khusus for the BerAKHLAK values. Every periodic evaluation
period of the year that has ended gets a final evaluation by the atasan, rated per RHK and per
value so the predikat follows the matrix. Most pegawai are Baik, some Sangat Baik, a few Butuh
Perbaikan, rarely Kurang; each OPD leans its own way, and most teams fit the kurva distribusi.

Runs last and leaves the rows of the earlier seeds as they are: the demo chain keeps its own
SKPs and evaluations (the staf's single evaluation, below Baik, with its development plan). Deterministic (fixed random seed) and fast (batched inserts).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from ekinerja.demo.activity_seed import _catalog_entries, _chain
from ekinerja.demo.attendance_seed import _holders
from ekinerja.demo.skp_seed import DemoIndikator, DemoRhk, approved_skp, plan_skps
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.development import period_end
from ekinerja.domain.predikat import Predikat, Rating, predikat_of
from ekinerja.domain.statuses import EvaluationStatus, SkpStatus
from ekinerja.models import (
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
    OrgUnit,
    PerilakuExpectation,
    Position,
    PositionAssignment,
    Rhk,
    Skp,
    UnitPredikat,
)
from ekinerja.services.evaluation import periodic_kind
from ekinerja.services.org import load_snapshot
from ekinerja.services.unit_capaian import head_positions

SEED = 7306
LAMPIRAN = {
    "dukungan_sumber_daya": "Anggaran DPA perangkat daerah tahun berjalan; sarana kerja dan sistem informasi unit; dukungan rekan satu tim.",
    "skema_pertanggungjawaban": "Laporan capaian bulanan kepada atasan langsung dan dialog kinerja setiap triwulan.",
    "konsekuensi": "Capaian di bawah target dibahas dalam dialog kinerja dan menjadi dasar rencana pengembangan kompetensi.",
}
# The RHK an activity of the catalogue (activity_seed) serves: "Tersedianya ..." reads as a result, not a task.
RESULTS = {
    "Memimpin rapat koordinasi unit kerja": "Terlaksananya koordinasi program dan kegiatan",
    "Memberikan disposisi dan arahan atas surat masuk": "Tertindaklanjutinya surat dan naskah dinas yang masuk",
    "Memeriksa dan memaraf konsep naskah dinas": "Tersusunnya naskah dinas yang benar dan tepat waktu",
    "Mengevaluasi capaian kinerja bawahan": "Terpantaunya capaian kinerja pegawai",
    "Menyusun laporan kinerja bulanan unit": "Tersusunnya laporan kinerja",
    "Menghadiri rapat/undangan instansi lain": "Terjalinnya koordinasi dengan instansi terkait",
    "Memvalidasi kegiatan harian bawahan": "Tervalidasinya kegiatan harian pegawai tepat waktu",
    "Mengembangkan modul aplikasi": "Tersedianya modul aplikasi yang sesuai kebutuhan pengguna",
    "Melakukan pengujian fungsional aplikasi": "Teruji fungsionalnya aplikasi sebelum digunakan",
    "Memperbaiki galat (bug) aplikasi": "Tertanganinya galat aplikasi yang dilaporkan pengguna",
    "Memelihara server dan basis data": "Terpeliharanya server dan basis data yang andal",
    "Menyusun dokumentasi teknis sistem": "Tersedianya dokumentasi teknis sistem yang mutakhir",
    "Memberikan pendampingan pengguna aplikasi": "Terlayaninya pendampingan pengguna aplikasi",
    "Mengumpulkan data statistik sektoral": "Terkumpulnya data statistik sektoral yang lengkap",
    "Mengolah dan memvalidasi data statistik": "Tersedianya data statistik yang tervalidasi",
    "Menyusun publikasi/infografis statistik": "Terbitnya publikasi dan infografis statistik",
    "Melakukan pengamanan informasi persandian": "Terlindunginya informasi berklasifikasi",
    "Mengelola sertifikat elektronik": "Terlayaninya penerbitan dan pengelolaan sertifikat elektronik",
    "Melakukan penilaian keamanan sistem elektronik": "Tersedianya hasil penilaian keamanan sistem elektronik",
    "Menyusun naskah rilis berita": "Terpublikasinya rilis berita kegiatan",
    "Mengelola konten media sosial instansi": "Termutakhirkannya konten media sosial instansi",
    "Mendokumentasikan kegiatan pimpinan": "Terdokumentasinya kegiatan pimpinan",
    "Mengagendakan dan mengarsipkan surat": "Tertatanya agenda dan arsip surat",
    "Menginput dan memutakhirkan data": "Termutakhirkannya data",
    "Menyusun konsep naskah dinas": "Tersusunnya konsep naskah dinas",
    "Menyiapkan bahan rapat": "Tersedianya bahan rapat dan koordinasi",
    "Menyusun laporan kegiatan": "Tersusunnya laporan kegiatan",
    "Melayani permintaan informasi/data": "Terlayaninya permintaan informasi dan data",
    "Mengikuti rapat/koordinasi": "Terlaksananya koordinasi pelaksanaan tugas",
}
HEAD_RHKS = (
    ("Meningkatnya capaian program dan kegiatan", "penerima_layanan", "kualitas", "Persentase capaian target kinerja", "90", "%"),
    ("Meningkatnya kualitas layanan", "penerima_layanan", "kualitas", "Indeks kepuasan penerima layanan", "85", "indeks"),
    ("Terwujudnya tata kelola yang akuntabel", "proses_bisnis", "kualitas", "Persentase realisasi anggaran", "95", "%"),
)
EKSPEKTASI = {
    "berorientasi_pelayanan": "Menanggapi permintaan layanan dan data paling lambat satu hari kerja.",
    "akuntabel": "Melaporkan capaian dan penggunaan sumber daya secara jujur dan tepat waktu setiap bulan.",
    "kompeten": "Mengikuti paling sedikit satu pengembangan kompetensi dan berbagi hasilnya kepada tim.",
    "harmonis": "Menjaga suasana kerja yang saling menghargai di lingkungan unit kerja.",
    "loyal": "Menjaga nama baik instansi dan kerahasiaan informasi jabatan.",
    "adaptif": "Terbuka terhadap perubahan cara kerja dan penggunaan aplikasi baru.",
    "kolaboratif": "Aktif membantu rekan dan unit lain dalam kegiatan bersama.",
}
FEEDBACK = {
    Rating.DI_ATAS: ("Capaian melampaui target triwulan.", "Hasil kerja sangat baik dan tepat waktu."),
    Rating.SESUAI: ("Capaian sesuai rencana aksi.", "Target triwulan tercapai.", ""),
    Rating.DI_BAWAH: ("Capaian belum memenuhi target triwulan.", "Perlu percepatan penyelesaian pekerjaan."),
}
# Each OPD leans its own way (by its place in the code order): shares of Sangat Baik and Butuh Perbaikan.
LEANINGS = ((0.22, 0.04), (0.17, 0.06), (0.28, 0.03), (0.14, 0.08), (0.20, 0.05), (0.18, 0.07), (0.25, 0.04), (0.15, 0.06))
KURANG_SHARE = 0.012
KURVA_KEPT = 0.7  # share of teams an atasan fits to the kurva distribusi (Baik at most 70%, some below Baik)


def seed_performance(session: Session, *, accounts: Any, today: date) -> None:
    """``accounts`` is the seed's DemoAccounts."""
    rng = random.Random(SEED)
    instansi = session.exec(select(OrgUnit).where(OrgUnit.level == "instansi")).first()
    if instansi is None:
        return
    snapshot = load_snapshot(session, on=today)
    rhks_of = _existing_rhks(session, today.year)
    planned = _plan_skps(session, snapshot, rng, rhks_of, today)
    _evaluate(session, snapshot, rng, instansi_id=instansi.id, skps=planned, today=today)
    session.flush()


def _existing_rhks(session: Session, year: int) -> dict[int, list[Rhk]]:
    found: dict[int, list[Rhk]] = defaultdict(list)
    rows = session.exec(select(Skp.employee_id, Rhk).join(Rhk, Rhk.skp_id == Skp.id)
                        .where(Skp.year == year, Skp.status == SkpStatus.DISETUJUI).order_by(Rhk.skp_id, Rhk.sort_order))
    for employee_id, rhk in rows:
        found[employee_id].append(rhk)
    return found


def _plan_skps(session: Session, snapshot, rng: random.Random, rhks_of: dict[int, list[Rhk]], today: date) -> list[Skp]:
    """Approved SKPs level by level from the top, so each plan can intervene its atasan's RHKs."""
    people = sorted(e for e in _holders(snapshot) if e not in rhks_of)
    depth = {e: _depth(snapshot, e) for e in people}
    starts = dict(session.exec(select(PositionAssignment.employee_id, PositionAssignment.start_date)
                               .where(PositionAssignment.kind == "definitif", PositionAssignment.end_date.is_(None))).all())
    positions = {p.id: p for p in session.exec(select(Position))}
    units = dict(session.exec(select(OrgUnit.id, OrgUnit.name)).all())
    done: list[Skp] = []
    for level in sorted(set(depth.values())):
        batch = []
        for employee_id in (e for e in people if depth[e] == level):
            skp = approved_skp(snapshot, employee_id=employee_id, today=today, start=starts[employee_id], lampiran=LAMPIRAN)
            boss = snapshot.atasan_of(employee_id)
            parent = rhks_of.get(boss.employee_id, []) if boss else []
            position = positions[skp.position_id]
            plan = _plan_for(rng, position, units.get(position.unit_id, ""), len(parent))
            batch.append((skp, plan, parent))
        session.add_all([skp for skp, _, _ in batch])
        session.flush()
        for skp, _, _ in batch:
            skp.lineage_id = skp.id
        for (skp, _, _), rhks in zip(batch, plan_skps(session, batch, today), strict=True):
            rhks_of[skp.employee_id] = rhks
        done.extend(skp for skp, _, _ in batch)
    session.execute(insert(PerilakuExpectation), [
        {"skp_id": skp.id, "value_code": value.code, "ekspektasi_khusus": EKSPEKTASI[value.code]} for skp in done for value in BERAKHLAK
    ])
    return done


def _depth(snapshot, employee_id: int) -> int:
    depth, seen = 0, {employee_id}
    while (boss := snapshot.atasan_of(employee_id)) is not None and boss.employee_id not in seen:
        employee_id = boss.employee_id
        seen.add(employee_id)
        depth += 1
    return depth


def _plan_for(rng: random.Random, position: Position, unit_name: str, parent_count: int) -> tuple[DemoRhk, ...]:
    """Two or three RHKs: a unit head's about the unit, anyone else's from the jabatan's catalogue."""
    def supports(n: int) -> int | None:
        return n % parent_count if parent_count else None

    if position.kind == "struktural":
        heads = rng.sample(HEAD_RHKS, 2)
        plan = [
            DemoRhk(f"{text} {unit_name}", supports(n), perspektif if not parent_count else None,
                    (DemoIndikator(aspek, description, target, unit, rng.choice((0.9, 0.95, 1.0))),))
            for n, (text, perspektif, aspek, description, target, unit) in enumerate(heads)
        ]
        entries = [e for e in _catalog_entries(position.name) if e[0] in RESULTS][:4]
    else:
        plan = []
        entries = list(_catalog_entries(position.name))
    for name, output, minutes in rng.sample(entries, min(len(entries), 3 - len(plan) if plan else rng.choice((2, 3)))):
        yearly = max(4, round(220 * rng.uniform(40, 110) / minutes / 4) * 4)  # whole numbers per triwulan
        indikators = [DemoIndikator("kuantitas", f"Jumlah {output} dari kegiatan {name[0].lower()}{name[1:]}", str(yearly), output,
                                    rng.choice((0.8, 0.95, 1.0, 1.0, 1.05)))]
        if rng.random() < 0.5:
            indikators.append(DemoIndikator("waktu", f"Penyelesaian {output} tepat waktu setiap bulan", "12", "bulan", 1.0))
        plan.append(DemoRhk(f"{RESULTS[name]} pada {unit_name}", supports(len(plan)), None, tuple(indikators)))
    return tuple(plan)


# -- penilaian -------------------------------------------------------------------------------


def _evaluate(session: Session, snapshot, rng: random.Random, *, instansi_id: int, skps: list[Skp], today: date) -> None:
    kind = periodic_kind(session, instansi_id=instansi_id)
    count = {"bulanan": 12, "triwulanan": 4}[kind]
    periods = [n for n in range(1, count + 1) if period_end(kind, n, today.year) < today]
    leaning = _leanings(session, snapshot)
    level = {skp.employee_id: rng.gauss(0, 1) for skp in skps}  # some pegawai do better all year
    evaluations: list[tuple[Evaluation, Rating, Rating]] = []
    for number in periods:
        end = period_end(kind, number, today.year)
        teams: dict[int, list[tuple[Skp, Predikat]]] = defaultdict(list)
        for skp in skps:
            if skp.atasan_employee_id is None or skp.period_start > end:
                continue
            sangat_baik, butuh = leaning.get(skp.employee_id, LEANINGS[0])
            teams[skp.atasan_employee_id].append((skp, _draw(rng, level[skp.employee_id], sangat_baik, butuh)))
        for boss_id in sorted(teams):
            for skp, predikat in _fit_kurva(rng, teams[boss_id]):
                hasil, perilaku = _ratings(rng, predikat)
                finalised = datetime.combine(min(end + timedelta(days=rng.randint(5, 20)), today - timedelta(days=1)), time(2), tzinfo=UTC)
                evaluation = Evaluation(
                    skp_id=skp.id, employee_id=skp.employee_id, evaluator_id=boss_id, year=today.year, period_kind=kind, period_no=number,
                    status=EvaluationStatus.FINAL, rating_hasil=hasil.value, rating_perilaku=perilaku.value, predikat=predikat.value,
                    finalised_at=finalised, created_at=finalised - timedelta(days=2), updated_at=finalised,
                )
                evaluations.append((evaluation, hasil, perilaku))
    session.add_all([e for e, _, _ in evaluations])
    session.flush()
    _rate_items(session, rng, evaluations)
    _unit_capaian(session, snapshot, [e for e, _, _ in evaluations])


# The capaian a head's Rating Hasil Kerja stands for (domain/predikat.head_rating_hasil, read backwards).
CAPAIAN_OF_RATING = {"diatas": "istimewa", "sesuai": "baik", "dibawah": "butuh_perbaikan"}


def _unit_capaian(session: Session, snapshot, evaluations: list[Evaluation]) -> None:
    """Each unit's capaian for the ended periods, set by its head's evaluator, so that every head's
    Rating Hasil Kerja is the one their unit's capaian gives (SE MenPAN-RB 3/2023)."""
    heads = {position: unit for unit, position in head_positions(session, snapshot=snapshot, unit_ids=set(snapshot.parent_of_unit)).items()}
    capaian: dict[tuple, UnitPredikat] = {}
    for e in evaluations:
        holding = snapshot.definitive_position(e.employee_id)
        unit_id = heads.get(holding.position_id) if holding else None
        if unit_id is not None:
            capaian[(unit_id, e.year, e.period_kind, e.period_no)] = UnitPredikat(
                unit_id=unit_id, year=e.year, period_kind=e.period_kind, period_no=e.period_no,
                predikat=CAPAIAN_OF_RATING[e.rating_hasil], set_by_id=e.evaluator_id, updated_at=e.finalised_at,
            )
    session.add_all(capaian.values())
    session.flush()


def _leanings(session: Session, snapshot) -> dict[int, tuple[float, float]]:
    """Each pegawai's OPD leaning, by the OPD above their unit."""
    opds = {u.id: LEANINGS[i % len(LEANINGS)] for i, u in enumerate(session.exec(select(OrgUnit).where(OrgUnit.level == "opd").order_by(OrgUnit.code)))}
    found = {}
    for employee_id in _holders(snapshot):
        holding = snapshot.definitive_position(employee_id)
        chain = _chain(snapshot.unit_of_position[holding.position_id], snapshot.parent_of_unit)
        found[employee_id] = next((opds[u] for u in chain if u in opds), LEANINGS[0])
    return found


def _draw(rng: random.Random, level: float, sangat_baik: float, butuh: float) -> Predikat:
    if rng.random() < KURANG_SHARE:
        return Predikat.KURANG
    roll = rng.random() - 0.12 * level  # a steady pegawai lands near last triwulan's predikat
    if roll < sangat_baik:
        return Predikat.SANGAT_BAIK
    if roll > 1 - butuh:
        return Predikat.BUTUH_PERBAIKAN
    return Predikat.BAIK


def _fit_kurva(rng: random.Random, team: list[tuple[Skp, Predikat]]) -> list[tuple[Skp, Predikat]]:
    """Most atasan keep their team within the kurva for an organisation predikat Baik: some below Baik, Baik at most 70%."""
    team = list(team)
    if len(team) < 3 or rng.random() > KURVA_KEPT:
        return team
    baik = [i for i, (_, p) in enumerate(team) if p is Predikat.BAIK]
    rng.shuffle(baik)
    if baik and not any(p in (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG) for _, p in team):
        i = baik.pop()
        team[i] = (team[i][0], Predikat.BUTUH_PERBAIKAN)
    while baik and len(baik) > 0.7 * len(team):
        i = baik.pop()
        team[i] = (team[i][0], Predikat.SANGAT_BAIK)
    return team


def _ratings(rng: random.Random, predikat: Predikat) -> tuple[Rating, Rating]:
    """The two overall ratings that give the predikat by the matrix."""
    a, s, b = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH
    options = {
        Predikat.SANGAT_BAIK: ((a, a),),
        Predikat.BAIK: ((s, s), (s, s), (s, s), (a, s), (s, a)),
        Predikat.BUTUH_PERBAIKAN: ((b, s), (b, s), (b, a)),
        Predikat.KURANG: ((s, b),),
    }[predikat]
    hasil, perilaku = rng.choice(options)
    assert predikat_of(hasil, perilaku) is predikat
    return hasil, perilaku


def _rate_items(session: Session, rng: random.Random, evaluations: list[tuple[Evaluation, Rating, Rating]]) -> None:
    """Per RHK and per BerAKHLAK value: mostly the overall rating, a few a step off, the overall one always the majority."""
    rhks: dict[int, list[int]] = defaultdict(list)
    for skp_id, rhk_id in session.exec(select(Rhk.skp_id, Rhk.id).where(Rhk.skp_id.in_({e.skp_id for e, _, _ in evaluations})).order_by(Rhk.id)):
        rhks[skp_id].append(rhk_id)
    rhk_rows, perilaku_rows = [], []
    for evaluation, hasil, perilaku in evaluations:
        for rhk_id, rating in zip(rhks[evaluation.skp_id], _spread(rng, hasil, len(rhks[evaluation.skp_id])), strict=True):
            rhk_rows.append({"evaluation_id": evaluation.id, "rhk_id": rhk_id, "rating": rating.value, "feedback": rng.choice(FEEDBACK[rating])})
        for value, rating in zip(BERAKHLAK, _spread(rng, perilaku, len(BERAKHLAK)), strict=True):
            perilaku_rows.append({"evaluation_id": evaluation.id, "value_code": value.code, "rating": rating.value, "feedback": ""})
    if rhk_rows:
        session.execute(insert(EvaluationRhkRating), rhk_rows)
    if perilaku_rows:
        session.execute(insert(EvaluationPerilakuRating), perilaku_rows)


def _spread(rng: random.Random, overall: Rating, count: int) -> list[Rating]:
    ratings = [overall] * count
    off = (count - 1) // 2  # fewer than half may differ
    step = {Rating.DI_ATAS: Rating.SESUAI, Rating.SESUAI: Rating.DI_ATAS, Rating.DI_BAWAH: Rating.SESUAI}[overall]
    for i in rng.sample(range(count), rng.randint(0, off)):
        ratings[i] = step
    return ratings
