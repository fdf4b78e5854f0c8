"""Angka Kredit: a pejabat fungsional's yearly angka kredit, the cumulative figure and what the
next pangkat and jenjang still need; an atasan or admin picks one of their team."""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.angka_kredit import JENJANG, PREDIKAT_PERCENT, JenjangRule, Target, format_ak
from ekinerja.domain.dates import format_date
from ekinerja.services import angka_kredit, reports
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded


def _target(kind: str, target: Target | None) -> list[dict[str, str]]:
    if target is None:
        return []
    share = 100 if target.needed == 0 else min(100, int((target.needed - target.short) * 100 / target.needed))
    return [{
        "kind": kind,
        "label": target.label,
        "needed": format_ak(target.needed),
        "short": "terpenuhi" if target.met else f"kurang {format_ak(target.short)}",
        "share": str(share),
        "met": "1" if target.met else "",
    }]


def _golongan_note(golongan: str | None, rule: JenjangRule) -> str:
    """Why no kenaikan pangkat is shown, when the pangkat on record is the reason."""
    if golongan is None:
        return "Golongan ruang tidak terbaca dari data pangkat/golongan (mis. Penata Muda (III/a)); kebutuhan kenaikan pangkat tidak dapat dihitung."
    if golongan not in rule.golongan:
        return (f"Golongan {golongan} di luar rentang jenjang {rule.label} ({rule.golongan[0]}-{rule.golongan[-1]}); "
                "periksa data pangkat atau jenjang bersama admin kepegawaian.")
    return ""


class AngkaKreditState(AppState):
    people_options: list[dict[str, str]] = []
    employee_id: str = ""
    profile: dict[str, str] = {}
    years: list[dict[str, str]] = []
    targets: list[dict[str, str]] = []
    cumulative: str = ""

    def _show(self, actor: Actor, employee_id: int) -> None:
        with session_scope() as session:
            st = angka_kredit.statement(session, actor=actor, employee_id=employee_id)
        self.employee_id = str(st.employee_id)
        self.profile = {
            "name": st.name,
            "nip": st.nip,
            "pangkat": st.pangkat_golongan or "-",
            "jenjang": f"{st.jenjang_label} ({st.kategori})",
            "tmt": format_date(st.tmt),
            "koefisien": format_ak(st.koefisien),
            "awal": format_ak(st.awal),
            "golongan_note": _golongan_note(st.golongan, JENJANG[st.jenjang]),
        }
        self.years = [
            {
                "year": str(c.year),
                "predikat": c.predikat.label if c.predikat else "Belum ada predikat tahunan final",
                "detail": (
                    f"{c.months}/12 x {PREDIKAT_PERCENT[c.predikat]}% x {format_ak(st.koefisien)}" if c.predikat else f"{c.months} bulan dalam jenjang"
                ),
                "ak": format_ak(c.angka_kredit),
                "pending": "" if c.predikat else "1",
            }
            for c in reversed(st.years)
        ]
        self.cumulative = format_ak(st.cumulative)
        self.targets = _target("Kenaikan pangkat", st.kebutuhan.pangkat) + _target("Kenaikan jenjang", st.kebutuhan.jenjang)

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        with session_scope() as session:
            people = reports.angka_kredit_people(session, actor=actor)
        self.people_options = [{"id": str(i), "label": label} for i, label in people]
        self.profile, self.years, self.targets, self.cumulative, self.employee_id = {}, [], [], "", ""
        if people:
            self._show(actor, people[0][0])

    @guarded(Rule.SIGNED_IN)
    def choose_employee(self, actor: Actor, employee_id: str):
        if not str(employee_id).isdigit():
            return
        self._show(actor, int(employee_id))
        return
