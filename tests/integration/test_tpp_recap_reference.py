"""The instansi recap of a demo month equals a reference computed here, independently, with pandas."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import text

from ekinerja.clock import local_today
from ekinerja.domain.dates import previous_month
from ekinerja.models import Employee
from ekinerja.services import tpp
from tests.integration.factories import actor_for

DEDUCT = {1: Decimal("0.5"), 2: Decimal(1), 3: Decimal("1.25"), 4: Decimal("1.5")}


def _tier(minutes) -> int:
    if minutes is None or pd.isna(minutes):
        return 4
    return 0 if minutes <= 0 else 1 if minutes <= 30 else 2 if minutes <= 60 else 3 if minutes <= 90 else 4


def _base(kelas: int) -> Decimal:  # the published defaults
    if kelas <= 5:
        return Decimal(2_000_000 + (kelas - 1) * 250_000)
    if kelas <= 15:
        return Decimal(3_000_000 + (kelas - 5) * 1_500_000)
    return Decimal(18_000_000 + (kelas - 15) * 4_000_000)


def _minutes(a, b) -> int:
    return (pd.Timestamp.combine(date(2000, 1, 1), b) - pd.Timestamp.combine(date(2000, 1, 1), a)).total_seconds() // 60


RANK = {"I": 5, "II": 4, "III": 3, "IV": 2, "V": 1}  # eselon; none ranks 0
EXCUSING = {"cuti_tahunan", "cuti_besar", "cuti_sakit", "cuti_melahirkan", "cuti_alasan_penting", "cuti_luar_tanggungan", "sakit", "izin", "tugas_belajar"}


def _rank(eselon) -> int:
    return 0 if eselon is None or pd.isna(eselon) else RANK.get(str(eselon).split(".")[0], 0)


def reference(db, year: int, month: int, today: date) -> dict[int, Decimal]:
    """The "pemda" preset recomputed here: target pro-rated to expected working days, deductions of
    the whole TPP (never below zero), Plt/Plh by level with a 20-working-day minimum."""
    con = db.connection()
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    dim = last.day
    q = lambda sql: pd.read_sql(text(sql), con)
    assign = q("SELECT a.employee_id, a.kind, a.start_date, a.end_date, p.kelas_jabatan, p.eselon FROM position_assignment a JOIN position p ON p.id = a.position_id")
    for c in ("start_date", "end_date"):
        assign[c] = pd.to_datetime(assign[c]).dt.date
    assign["end_date"] = assign["end_date"].map(lambda d: None if d is None or pd.isna(d) else d)
    assign["lo"] = assign["start_date"].map(lambda d: max(d, first))
    assign["hi"] = assign["end_date"].map(lambda d: last if d is None else min(d, last))
    assign["days"] = assign.apply(lambda r: max((r.hi - r.lo).days + 1, 0), axis=1)
    every = assign
    assign = assign[assign["days"] > 0]
    acts = q("SELECT employee_id, activity_date, approved_minutes FROM daily_activity WHERE status = 'disetujui'")
    acts["activity_date"] = pd.to_datetime(acts["activity_date"]).dt.date
    acts = acts[(acts["activity_date"] >= first) & (acts["activity_date"] <= last)]
    minutes = acts.groupby("employee_id")["approved_minutes"].sum().to_dict()
    monthly = int(q("SELECT monthly_target_minutes FROM work_settings")["monthly_target_minutes"].iloc[0])
    hours = q("SELECT weekday, start_time, end_time FROM working_hours").set_index("weekday")
    hours = {int(d): (pd.Timestamp(f"2000-01-01 {r.start_time}").time(), pd.Timestamp(f"2000-01-01 {r.end_time}").time()) for d, r in hours.iterrows()}
    holidays = set(pd.to_datetime(q("SELECT day FROM holiday")["day"]).dt.date)
    records = q("SELECT employee_id, day, check_in, check_out FROM attendance_record")
    records["day"] = pd.to_datetime(records["day"]).dt.date
    rec = {(r.employee_id, r.day): r for r in records.itertuples()}
    absences = q("SELECT employee_id, kind, start_date, end_date FROM absence WHERE status = 'disetujui'")
    excused: dict[tuple[int, date], str] = {}
    for a in absences.sort_values("start_date").itertuples():
        for d in pd.date_range(a.start_date, a.end_date).date:
            excused.setdefault((a.employee_id, d), a.kind)

    def working(lo: date, hi: date) -> list[date]:
        return [d for d in pd.date_range(lo, hi).date if d.weekday() < 5 and d not in holidays]

    month_days = working(first, last)
    days = [d for d in month_days if d < today]
    result = {}
    definitive = assign[assign["kind"] == "definitif"]
    for eid, spans in definitive.groupby("employee_id"):
        held = lambda d, spans=spans: any(r.start_date <= d and (r.end_date is None or d <= r.end_date) for r in spans.itertuples())
        base = sum((_base(int(r.kelas_jabatan)) * int(r.days) / dim for r in spans.itertuples()), Decimal(0))
        expected = sum(1 for d in days if held(d) and excused.get((eid, d)) not in EXCUSING)
        target = int((Decimal(monthly) * expected / len(month_days)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        share = Decimal(100) if target == 0 else min(Decimal(int(minutes.get(eid, 0))) * 100 / Decimal(target), Decimal(100))
        kinerja = base * Decimal(60) / 100 * share / 100
        deducted = Decimal(0)
        for d in days:
            if not held(d):
                continue
            if (eid, d) in excused:
                deducted += 3 if excused[(eid, d)] == "cuti_luar_tanggungan" else 0
                continue
            r = rec.get((eid, d))
            if r is None or (pd.isna(r.check_in) and pd.isna(r.check_out)):
                deducted += 3
                continue
            start, end = hours[d.weekday()]
            parse = lambda t: pd.Timestamp(f"2000-01-01 {t}").time()
            late = None if pd.isna(r.check_in) else _minutes(start, parse(r.check_in))
            early = None if pd.isna(r.check_out) else _minutes(parse(r.check_out), end)
            for tier in (_tier(late), _tier(early)):
                if tier:
                    deducted += DEDUCT[tier]
        paid = max(kinerja + base * Decimal(40) / 100 - base * min(deducted, Decimal(100)) / 100, Decimal(0))
        addon = Decimal(0)
        for r in assign[(assign["employee_id"] == eid) & (assign["kind"] != "definitif")].itertuples():
            own = every[(every["employee_id"] == eid) & (every["kind"] == "definitif") & (every["start_date"] <= r.start_date)].sort_values("start_date").iloc[-1]
            long_enough = r.end_date is None or len(working(r.start_date, r.end_date)) >= 20
            if not long_enough:
                continue
            if _rank(r.eselon) > _rank(own.eselon):
                addon += max(_base(int(r.kelas_jabatan)) - _base(int(own.kelas_jabatan)), Decimal(0)) * int(r.days) / dim
            else:
                addon += _base(int(r.kelas_jabatan)) * int(r.days) / dim * Decimal(20) / 100
        result[int(eid)] = (paid + addon).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return result


def test_demo_month_recap_matches_pandas_reference(db, seeded_demo):
    today = local_today()
    accounts = seeded_demo(today)
    year, month = previous_month(today)
    admin = actor_for(db, db.get(Employee, accounts.admin.employee_id))
    recap = tpp.instansi_recap(db, actor=admin, year=year, month=month)
    expected = reference(db, year, month, today)
    got = {row.employee_id: row.total for row in recap.rows}
    assert set(got) == set(expected)
    assert got == expected
    assert recap.total == sum(expected.values())
    assert sum(u.total for u in recap.units) == recap.total
    # Some demo employees really have deductions and minutes: the comparison is not trivial.
    assert len({v for v in expected.values()}) > 10
