"""The SIASN exchange layouts (ekinerja/exchange/siasn.json): which fields an import maps and which
values an export may carry, and the check an edited layouts file must pass before it is used."""

from __future__ import annotations

IMPORT_FIELDS = frozenset({"nip", "name", "gelar_depan", "gelar_belakang", "status", "pangkat_golongan", "jenis_jabatan", "jabatan", "tmt_jabatan"})
EXPORT_VALUES = frozenset({
    "nip", "nama", "tahun", "periode", "rating_hasil", "rating_perilaku", "predikat", "nip_penilai", "nama_penilai", "jenjang",
    "angka_kredit", "angka_kredit_kumulatif",
})


def mapping_problems(layouts: dict) -> list[str]:
    """What is wrong with an edited layouts file, in words for whoever edited it."""
    problems = []
    columns = layouts.get("import", {}).get("columns", {})
    if set(columns) != IMPORT_FIELDS:
        problems.append(f"import.columns harus berisi tepat: {', '.join(sorted(IMPORT_FIELDS))}.")
    if not set(layouts.get("import", {}).get("required", [])) <= set(columns):
        problems.append("import.required hanya boleh menyebut nama di import.columns.")
    unknown = {c.get("value") for c in layouts.get("export", {}).get("columns", [])} - EXPORT_VALUES
    if unknown:
        problems.append(f"export.columns memakai value yang tidak dikenal: {', '.join(sorted(map(str, unknown)))}.")
    return problems
