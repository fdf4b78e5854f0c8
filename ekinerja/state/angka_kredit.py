"""Angka Kredit: a pejabat fungsional's yearly angka kredit, the cumulative figure and what the
next pangkat and jenjang still need, and the jenjang history; an atasan or admin picks one of their
team, and the admin records a change of jenjang from its SK."""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.angka_kredit import (
    JENJANG,
    PREDIKAT_PERCENT,
    JenjangRule,
    Target,
    YearCredit,
    format_ak,
    jabatan_in_jenjang,
)
from ekinerja.domain.dates import format_date
from ekinerja.domain.validation import JenjangChangeForm
from ekinerja.services import angka_kredit, report_scope
from ekinerja.services.angka_kredit import AkStatement, JenjangLine
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of
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


def _year_line(c: YearCredit, st: AkStatement) -> dict[str, str]:
    """One year: the formula per jenjang held in it, the year's total, and (in a year of a change of
    jenjang) the part that counts towards the current jenjang's cumulative figure."""
    if c.predikat is None:
        detail = " + ".join(f"{part.months} bulan dalam jenjang {JENJANG[part.jenjang].label}" for part in c.parts)
    else:
        detail = " + ".join(
            f"{part.months}/12 x {PREDIKAT_PERCENT[c.predikat]}% x {format_ak(JENJANG[part.jenjang].koefisien)}"
            + (f" ({JENJANG[part.jenjang].label})" if len(c.parts) > 1 else "")
            for part in c.parts
        )
    return {
        "year": str(c.year),
        "predikat": c.predikat.label if c.predikat else "Belum ada predikat tahunan final",
        "detail": detail,
        "ak": format_ak(c.year_total),
        "pending": "" if c.predikat else "1",
        "own": f"Dihitung ke kumulatif jenjang {st.jenjang_label}: {format_ak(c.angka_kredit)}" if c.predikat and len(c.parts) > 1 else "",
    }


def _history_line(line: JenjangLine) -> dict[str, str]:
    sk = f"SK {line.sk_nomor}" + (f" tanggal {format_date(line.sk_tanggal)}" if line.sk_tanggal else "") if line.sk_nomor else "SK belum dicatat"
    return {
        "jenjang": line.jenjang_label,
        "jabatan": line.jabatan or "-",
        "period": f"TMT {format_date(line.tmt)} s.d. " + (format_date(line.end) if line.end else "sekarang"),
        "sk": sk,
        "awal": f"AK awal {format_ak(line.awal)}" if line.awal is not None else "",
        "current": "" if line.end else "1",
    }


class AngkaKreditState(EditorMixin, AppState):
    people_options: list[dict[str, str]] = []
    employee_id: str = ""
    profile: dict[str, str] = {}
    years: list[dict[str, str]] = []
    targets: list[dict[str, str]] = []
    cumulative: str = ""
    history: list[dict[str, str]] = []
    may_record: bool = False  # the admin of the instansi: the server checks again on saving

    def _show(self, actor: Actor, employee_id: int) -> None:
        with session_scope() as session:
            st = angka_kredit.statement(session, actor=actor, employee_id=employee_id)
        self.employee_id = str(st.employee_id)
        self.profile = {
            "name": st.name,
            "nip": st.nip,
            "pangkat": st.pangkat_golongan or "-",
            "jabatan": st.jabatan or "-",
            "jabatan_name": st.jabatan,
            "jenjang": f"{st.jenjang_label} ({st.kategori})",
            "jenjang_code": st.jenjang,
            "next_jenjang": JENJANG[st.jenjang].next_jenjang or "",
            "tmt": format_date(st.tmt),
            "koefisien": format_ak(st.koefisien),
            "awal": format_ak(st.awal),
            "golongan_note": _golongan_note(st.golongan, JENJANG[st.jenjang]),
        }
        self.years = [_year_line(c, st) for c in reversed(st.years)]
        self.history = [_history_line(line) for line in st.history]
        self.may_record = actor.is_admin
        self.cumulative = format_ak(st.cumulative)
        self.targets = _target("Kenaikan pangkat", st.kebutuhan.pangkat) + _target("Kenaikan jenjang", st.kebutuhan.jenjang)

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        with session_scope() as session:
            people = report_scope.angka_kredit_people(session, actor=actor)
        self.people_options = [{"id": str(i), "label": label} for i, label in people]
        self.profile, self.years, self.targets, self.cumulative, self.employee_id, self.history = {}, [], [], "", "", []
        self.may_record, self.form_open = False, ""
        if people:
            self._show(actor, people[0][0])

    @guarded(Rule.SIGNED_IN)
    def choose_employee(self, actor: Actor, employee_id: str):
        if not str(employee_id).isdigit():
            return
        self._show(actor, int(employee_id))
        return

    @guarded(Rule.ADMIN)
    def open_jenjang_form(self, actor: Actor):
        """The change-of-jenjang form, prefilled with the jabatan and the next jenjang of the statement shown."""
        jenjang = self.profile.get("next_jenjang") or self.profile.get("jenjang_code", "")
        self._open("jenjang", values={"jabatan": jabatan_in_jenjang(self.profile.get("jabatan_name", ""), jenjang), "jenjang": jenjang})

    @guarded(Rule.ADMIN)
    def save_jenjang(self, actor: Actor, form_data: dict):
        employee_id = int(self.employee_id) if self.employee_id.isdigit() else 0
        result = self._save(
            form_data,
            lambda session: angka_kredit.record_jenjang_change(
                session, actor=actor, employee_id=employee_id, form=form_of(JenjangChangeForm, form_data),
            ),
            "Perubahan jenjang dicatat; angka kredit dihitung ulang per bulan dalam tiap jenjang.",
        )
        if not self.form_errors:
            self._show(actor, employee_id)
        return result
