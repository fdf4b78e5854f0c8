"""Keberatan (objection) against a final predikat kinerja.

PP No. 30 Tahun 2019 tentang Penilaian Kinerja PNS, Pasal 59: the employee who objects to the
result of their evaluation files the keberatan, with its reasons, with the *atasan* of the Pejabat
Penilai Kinerja at the latest 14 (empat belas) days after receiving the result; the atasan asks
the Pejabat Penilai and the employee to explain (ayat 3), and may change and set the result, which
is then final (ayat 4). PermenPAN-RB No. 6 Tahun 2022 carries out PP 30/2019 (its Pasal 61 ayat 1)
and PP 49/2018 (Pasal 36, PPPK); the material checked shows no other period in it, so the 14 days
are the default of the instansi's setting (EvaluationSettings.keberatan_days).

The result is "received" when it is made final: from then on the employee sees it in the app.
Days are calendar days; the last day counts in full.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ekinerja.domain.predikat import KurvaReport, Predikat
from ekinerja.domain.statuses import KeberatanStatus

DEFAULT_FILING_DAYS = 14  # PP 30/2019 Pasal 59: paling lambat 14 (empat belas) hari sejak hasil penilaian diterima
MAX_FILING_DAYS = 90  # an upper bound on the setting: a typo of a year must not keep results open
REASONS_MIN = 20  # the reasons must say something the atasan can examine
REASONS_MAX = 4000
DECISION_REASON_MIN = 20

STATUS_LABELS = {
    KeberatanStatus.DIAJUKAN: "Diajukan, menunggu keputusan",
    KeberatanStatus.DIKABULKAN: "Dikabulkan",
    KeberatanStatus.DITOLAK: "Ditolak",
}
# The atasan's decision (PP 30/2019 Pasal 59 ayat 4): upheld, and the result changed, or refused.
DECISIONS = (KeberatanStatus.DIKABULKAN, KeberatanStatus.DITOLAK)


def decidable(status: str) -> bool:
    """A keberatan is decided once, while it waits."""
    return status == KeberatanStatus.DIAJUKAN


def upheld(decision: str) -> bool:
    """A keberatan dikabulkan changes the ratings and so the predikat."""
    return decision == KeberatanStatus.DIKABULKAN


def filing_deadline(received_on: date, days: int = DEFAULT_FILING_DAYS) -> date:
    """The last day a keberatan may be filed: ``days`` calendar days after the result was received."""
    try:
        return received_on + timedelta(days=days)
    except OverflowError:  # the calendar's end
        return date.max


def within_filing_period(today: date, received_on: date, days: int = DEFAULT_FILING_DAYS) -> bool:
    return received_on <= today <= filing_deadline(received_on, days)


def months_of_period(kind: str, number: int) -> list[int]:
    """The months whose TPP a periodic predikat decides (services/evaluation.predikat_for_month);
    the annual predikat decides none."""
    if kind == "bulanan":
        months = [number]
    elif kind == "triwulanan":
        months = [3 * number - 2, 3 * number - 1, 3 * number]
    else:
        months = []
    return [m for m in months if 1 <= m <= 12]


@dataclass(frozen=True)
class TppChange:
    """One month's TPP before and after an upheld keberatan. A locked month (paid, frozen) is never
    changed: ``before`` is what was frozen, ``after`` what it would be now; the difference is reported
    for the payroll to settle outside the app."""

    year: int
    month: int
    locked: bool
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


def tpp_changes_json(changes: Iterable[TppChange]) -> str:
    """The changes as stored with the keberatan: money as Decimal text, never floats."""
    return json.dumps([
        {"year": c.year, "month": c.month, "locked": c.locked, "before": str(c.before), "after": str(c.after)} for c in changes
    ])


def tpp_changes_from_json(text: str | None) -> list[TppChange]:
    if not text:
        return []
    return [TppChange(d["year"], d["month"], d["locked"], Decimal(d["before"]), Decimal(d["after"])) for d in json.loads(text)]


def unsettled_difference(changes: list[TppChange]) -> Decimal:
    """What the locked months would owe (positive) or have overpaid (negative) in total."""
    return sum((c.difference for c in changes if c.locked), Decimal(0))


@dataclass(frozen=True)
class KurvaRecheck:
    """The unit's kurva distribusi before and after an upheld keberatan changed one predikat.

    PP 30/2019 Pasal 59 ayat (4) makes the decision of the atasan of the pejabat penilai final, and
    SE MenPAN-RB No. 3 Tahun 2023 makes the kurva a guide for the pimpinan setting the predikat, not
    a bar on a single result: so the kurva never blocks or undoes the decision. What a BKD needs is
    that the unit's distribution after the change is checked against the kurva as when the unit was
    closed (services/kurva.close_unit), the closing then says where the unit now stands, and a
    distribution that no longer fits is put before the deciding official and the unit's pimpinan,
    who answers for the unit's distribution: to review it, the admin reopens the unit, and closing it
    again asks the reason, as for any distribution outside the kurva (services/kurva.close_unit).
    """

    unit: str
    closed: bool  # the unit's evaluations of the period were already closed
    before: KurvaReport
    after: KurvaReport

    @property
    def breach(self) -> bool:
        """The distribution after the decision does not fit the kurva."""
        return not self.after.fits

    @property
    def newly_broken(self) -> bool:
        return self.before.fits and not self.after.fits

    @property
    def flagged(self) -> bool:
        """Put before the unit's pimpinan: a closed unit whose distribution the decision left outside
        the kurva (an open unit is checked, and asked a reason, when it is closed)."""
        return self.closed and self.breach

    def note(self) -> str:
        """One paragraph, in Bahasa Indonesia, of where the unit stands after the decision."""
        capaian = self.after.organisation.label
        state = "yang penilaiannya sudah ditutup" if self.closed else "yang penilaiannya belum ditutup"
        head = f"Kurva distribusi unit {self.unit} {state} (capaian unit {capaian}), setelah keputusan: {distribution_text(self.after)}."
        if not self.breach:
            turn = " Distribusi kini sesuai kurva (sebelumnya tidak sesuai)." if not self.before.fits else " Distribusi tetap sesuai kurva."
            return head + turn
        if self.newly_broken:
            verdict = " Distribusi menjadi TIDAK SESUAI kurva karena keputusan ini: "
        else:
            verdict = " Distribusi tetap tidak sesuai kurva: "
        tail = (
            " Keputusan keberatan bersifat final (PP 30/2019 Pasal 59 ayat 4) dan tidak dibatalkan oleh kurva; penilaian unit "
            "tetap ditutup. Bila pimpinan unit perlu meninjau distribusinya, admin instansi membuka kembali penilaian unit dan "
            "pimpinan unit menutupnya lagi dengan alasan."
            if self.closed else " Pimpinan unit menuliskan alasannya saat menutup penilaian unit."
        )
        return head + verdict + " ".join(self.after.problems) + tail


def distribution_text(report: KurvaReport) -> str:
    """"10 pegawai: 2 Sangat Baik, 7 Baik, 1 Butuh Perbaikan" (predikat held by nobody left out)."""
    parts = [f"{report.counts[p]} {p.label}" for p in Predikat if report.counts.get(p, 0)]
    return f"{report.total} pegawai" + (f": {', '.join(parts)}" if parts else "")
