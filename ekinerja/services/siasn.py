"""Exchange in SIASN's formats: SIASN's employee export read against the instansi's employees
(what would change, then all of it or nothing), and the year's annual predikat with the angka
kredit written in the layout the BKD uploads.

Both layouts live in ``ekinerja/exchange/siasn.json``, a data file an admin of the deployment may
edit: where BKN's layout could not be confirmed from public material, the file says so.
The import changes master data only (name, gelar, status, pangkat/golongan and the jabatan
fungsional); a change of jabatan or unit stays a mutasi, recorded by the admin with its SK.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path, PurePath

import pandas as pd
from sqlmodel import Session, col, select

from ekinerja.access import Actor
from ekinerja.clock import local_today
from ekinerja.domain.angka_kredit import JENJANG, jenjang_in_name
from ekinerja.domain.names import display_name
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.pangkat import pangkat_golongan_text
from ekinerja.domain.predikat import Predikat, Rating
from ekinerja.domain.siasn_layout import mapping_problems
from ekinerja.domain.statuses import EvaluationStatus
from ekinerja.domain.validation import EmployeeForm, ValidationFailed, validate_employee
from ekinerja.models import Employee
from ekinerja.models.evaluation import Evaluation
from ekinerja.services import angka_kredit, audit, jenjang_fungsional, spreadsheet
from ekinerja.services.conflicts import IMPORTED_MEANWHILE, one_outcome
from ekinerja.services.employee_import import NIP_AS_NUMBER
from ekinerja.services.employees import EDITABLE_FIELDS, JF_FIELDS, all_employee_rows, audit_view
from ekinerja.services.org_admin import require_admin
from ekinerja.services.spreadsheet import RowError, column_key

MAPPING_FILE = Path(__file__).resolve().parents[1] / "exchange" / "siasn.json"
FIELD_LABELS = {
    "name": "Nama",
    "gelar_depan": "Gelar depan",
    "gelar_belakang": "Gelar belakang",
    "status": "Status",
    "pangkat_golongan": "Pangkat/golongan",
    "jf_jenjang": "Jenjang jabatan fungsional",
    "jf_tmt": "TMT jenjang",
}
HAS_ERRORS = "Tidak ada yang diubah: perbaiki baris yang bermasalah lalu periksa ulang."


@cache
def mapping() -> dict:
    """The layouts, read once per process from the data file; a broken file is refused with its problems."""
    layouts = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    problems = mapping_problems(layouts)
    if problems:
        raise ValueError(f"{MAPPING_FILE}: " + " ".join(problems))
    return layouts


@dataclass(frozen=True)
class Change:
    row: int
    nip: str
    name: str
    field: str  # label
    before: str
    after: str


@dataclass
class SiasnPreview:
    total_rows: int
    changes: list[Change] = field(default_factory=list)
    changed_employees: int = 0
    unchanged: int = 0
    not_registered: list[tuple[int, str, str]] = field(default_factory=list)  # (row, nip, name) not in this instansi
    errors: list[RowError] = field(default_factory=list)


def _date(raw: str, formats: list[str]) -> str:
    """SIASN writes dates as dd-mm-yyyy; the validators read ISO. Unreadable text is passed on to be reported."""
    text = raw.strip()
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def _shown(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if value in JENJANG:
        return JENJANG[value].label
    return str(value)


def _plan(session: Session, actor: Actor, data: bytes, filename: str, today: date) -> tuple[SiasnPreview, dict[int, dict]]:
    """What the file would change: the preview, and per employee id the new values."""
    layout = mapping()["import"]
    columns = {name: column_key(header) for name, header in layout["columns"].items()}
    required = {columns[name] for name in layout["required"]}
    rows = spreadsheet.read_rows(
        data, filename, columns=list(dict.fromkeys(columns.values())), optional=set(columns.values()) - required,
        text_only=(columns["nip"],), date_columns=(columns["tmt_jabatan"],), max_rows=spreadsheet.MAX_ROWS,
        no_rows_message="File tidak berisi baris data pegawai.",
    )
    instansi = {row.nip: row.id for row in all_employee_rows(session, actor=actor)}
    employees = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(list(instansi.values()))))} if instansi else {}
    held = {eid: jenjang_fungsional.open_row(rows) for eid, rows in jenjang_fungsional.histories(session, employee_ids=employees).items()}
    statuses = {key.upper(): value for key, value in layout["status_values"].items()}
    fungsional = {value.lower() for value in layout["fungsional_values"]}
    preview = SiasnPreview(total_rows=len(rows))
    updates: dict[int, dict] = {}
    seen: dict[str, int] = {}
    for row in rows:
        cell = {name: row.cells.get(key, "") for name, key in columns.items()}
        nip = normalize_nip(cell["nip"])
        if columns["nip"] in row.numbers:
            preview.errors.append(RowError(row.number, layout["columns"]["nip"], NIP_AS_NUMBER))
            continue
        if earlier := spreadsheet.duplicate_of(seen, nip, row.number):
            preview.errors.append(RowError(row.number, layout["columns"]["nip"], f"NIP sama dengan baris {earlier}."))
            continue
        employee = employees.get(instansi.get(nip, 0))
        if employee is None:
            preview.not_registered.append((row.number, nip or cell["nip"], cell["name"]))
            continue
        status = statuses.get(cell["status"].strip().upper(), employee.status)
        values = {
            "nip": employee.nip, "name": cell["name"], "gelar_depan": cell["gelar_depan"], "gelar_belakang": cell["gelar_belakang"],
            "status": status, "pangkat_golongan": pangkat_golongan_text(cell["pangkat_golongan"]) or employee.pangkat_golongan,
        }
        current = held.get(employee.id)
        now = {"jf_jenjang": current.jenjang if current else "", "jf_tmt": current.tmt if current else None,
               "jf_angka_kredit_awal": current.angka_kredit_awal if current else None}
        jf = {"jf_jenjang": now["jf_jenjang"], "jf_tmt": now["jf_tmt"].isoformat() if now["jf_tmt"] else "",
              "jf_angka_kredit_awal": "" if now["jf_angka_kredit_awal"] is None else str(now["jf_angka_kredit_awal"])}
        if cell["jenis_jabatan"]:
            jenjang = jenjang_in_name(cell["jabatan"]) if cell["jenis_jabatan"].strip().lower() in fungsional else None
            if jenjang is None:
                jf = {"jf_jenjang": "", "jf_tmt": "", "jf_angka_kredit_awal": ""}
            elif jenjang != now["jf_jenjang"]:
                # A new jenjang starts at its TMT with no angka kredit until the PAK is entered.
                jf = {"jf_jenjang": jenjang, "jf_tmt": _date(cell["tmt_jabatan"], layout["date_formats"]), "jf_angka_kredit_awal": "0"}
        form = EmployeeForm(**values, **jf)
        cleaned, problems = validate_employee(form, today=today, new=False)
        if problems:
            labels = {**layout["columns"], "jf_jenjang": layout["columns"]["jabatan"], "jf_tmt": layout["columns"]["tmt_jabatan"],
                      "jf_angka_kredit_awal": layout["columns"]["jabatan"]}
            preview.errors.extend(RowError(row.number, labels.get(name, name), message) for name, message in problems.items())
            continue
        new = {name: getattr(cleaned, name) for name in EDITABLE_FIELDS + JF_FIELDS if name != "nip"}
        stored = {**{name: getattr(employee, name) for name in EDITABLE_FIELDS}, **now}
        differences = [(name, stored[name], value) for name, value in new.items() if stored[name] != value]
        shown = [d for d in differences if d[0] in FIELD_LABELS]
        if not differences:
            preview.unchanged += 1
            continue
        updates[employee.id] = {**new, "jabatan": cell["jabatan"].strip() if new["jf_jenjang"] else ""}
        preview.changes.extend(
            Change(row.number, employee.nip, display_name(employee), FIELD_LABELS[name], _shown(before), _shown(after))
            for name, before, after in shown
        )
    preview.changed_employees = len(updates)
    return preview, updates


def preview_import(session: Session, *, actor: Actor, data: bytes, filename: str, today: date | None = None) -> SiasnPreview:
    """What importing the SIASN export would change; nothing is written."""
    require_admin(actor)
    return _plan(session, actor, data, filename, today or local_today())[0]


def apply_import(session: Session, *, actor: Actor, data: bytes, filename: str, today: date | None = None) -> SiasnPreview:
    """Apply every change of the file, or none when any row has a problem (ValidationFailed)."""
    require_admin(actor)
    preview, updates = _plan(session, actor, data, filename, today or local_today())
    if preview.errors:
        raise ValidationFailed({"file": HAS_ERRORS})
    with one_outcome(session, field="file", message=IMPORTED_MEANWHILE):
        for employee_id, values in updates.items():
            employee = session.get(Employee, employee_id)
            before = audit_view(session, employee=employee)
            for name in EDITABLE_FIELDS:
                if name in values:
                    setattr(employee, name, values[name])
            session.add(employee)
            session.flush()
            # A new jenjang from SIASN's TMT jabatan is a change in the history; the old one ends the day before.
            jenjang_fungsional.sync_master_data(
                session, actor_id=actor.employee_id, employee_id=employee.id, jenjang=values["jf_jenjang"], tmt=values["jf_tmt"],
                awal=values["jf_angka_kredit_awal"], jabatan=values["jabatan"], today=today or local_today(),
            )
            audit.write(
                session, actor=actor, action="update", entity="employee", entity_id=employee.id, before=before,
                after=audit_view(session, employee=employee),
            )
    audit.write(
        session, actor=actor, action="import", entity="employee",
        detail=f"SIASN {PurePath(filename).name}: {len(updates)} pegawai diperbarui",
    )
    return preview


# -- export for the BKD's upload -------------------------------------------------------------


def _rating(value: str | None) -> str:
    return Rating(value).label if value else ""


def export_rows(session: Session, *, actor: Actor, year: int) -> list[dict[str, object]]:
    """The final annual evaluations of the admin's instansi for ``year``, one row per employee (the
    evaluation finalised last, as for the angka kredit), keyed by the export's value names."""
    require_admin(actor)
    if not 2000 <= year <= 2100:
        raise ValidationFailed({"year": "Tahun tidak valid."})
    people = {row.id: row for row in all_employee_rows(session, actor=actor)}
    if not people:
        return []
    latest: dict[int, Evaluation] = {}
    for evaluation in session.exec(
        select(Evaluation).where(col(Evaluation.employee_id).in_(list(people)), Evaluation.year == year,
                                 Evaluation.period_kind == "tahunan", Evaluation.status == EvaluationStatus.FINAL)
        .order_by(Evaluation.finalised_at, Evaluation.id)
    ):
        latest[evaluation.employee_id] = evaluation
    involved = set(latest) | {e.evaluator_id for e in latest.values()}
    employees = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(list(involved))))}
    # The jenjang held in the exported year, and the year's angka kredit across every jenjang held in it.
    held = angka_kredit.statements(session, employees=[employees[eid] for eid in latest], through_year=year)
    rows = []
    for employee_id, evaluation in sorted(latest.items(), key=lambda item: people[item[0]].full_name):
        employee, evaluator = employees[employee_id], employees.get(evaluation.evaluator_id)
        credit = cumulative = jenjang = ""
        if statement := held.get(employee_id):
            this_year = next((c for c in statement.years if c.year == year), None)
            credit = this_year.year_total if this_year else Decimal(0)
            cumulative, jenjang = statement.cumulative, statement.jenjang_label
        rows.append({
            "nip": employee.nip, "nama": display_name(employee), "tahun": year, "periode": "Tahunan",
            "rating_hasil": _rating(evaluation.rating_hasil), "rating_perilaku": _rating(evaluation.rating_perilaku),
            "predikat": Predikat(evaluation.predikat).label, "nip_penilai": evaluator.nip if evaluator else "",
            "nama_penilai": display_name(evaluator) if evaluator else "", "jenjang": jenjang,
            "angka_kredit": "" if credit == "" else f"{credit:.3f}", "angka_kredit_kumulatif": "" if cumulative == "" else f"{cumulative:.3f}",
        })
    return rows


def export_predikat_xlsx(session: Session, *, actor: Actor, year: int) -> tuple[bytes, int]:
    """The upload file (header on row 1, every cell text so NIPs keep their digits) and its row count."""
    layout = mapping()["export"]
    rows = export_rows(session, actor=actor, year=year)
    frame = pd.DataFrame(
        [[str(row.get(column["value"], "")) for column in layout["columns"]] for row in rows],
        columns=[column["header"] for column in layout["columns"]],
    )
    audit.write(
        session, actor=actor, action="export", entity="evaluation",
        detail=f"SIASN predikat {year}: {len(rows)} pegawai",
    )
    return spreadsheet.xlsx_bytes(frame, sheet=layout["sheet"]), len(rows)
