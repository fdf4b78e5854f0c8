"""Penilaian diri: the employee's own rating of each RHK for an evaluation period, with what was
realised and where the evidence is, sent to the pejabat penilai before the rating (PermenPAN-RB
6/2022 has the pegawai document realisasi and bukti dukung for the penilai to assess; BKN's
e-Kinerja asks the pegawai for a self assessment first). A draft may be incomplete; sending it
needs every RHK rated and described, and a sent one is locked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ekinerja.domain.predikat import Rating
from ekinerja.domain.statuses import SelfAssessmentStatus
from ekinerja.domain.validation import Errors, validated

NOTE_MIN, NOTE_MAX = 20, 2000
RATINGS = tuple(r.value for r in Rating)


def sent(status: str | None) -> bool:
    """Sent to the atasan: locked for the employee and readable by the atasan (None: not started)."""
    return status == SelfAssessmentStatus.DIAJUKAN


@dataclass(frozen=True)
class RhkSelf:
    rhk_id: int
    rating: str | None
    note: str


def validate_self_assessment(
    rhk_ids: Sequence[int], form: Mapping[str, str], *, send: bool
) -> tuple[list[RhkSelf] | None, Errors]:
    """``form``: ``self_<rhk id>`` (a rating) and ``note_<rhk id>`` per RHK of the SKP, numbered from 1."""
    errors: Errors = {}
    items = []
    for number, rhk_id in enumerate(rhk_ids, start=1):
        rating = (form.get(f"self_{rhk_id}") or "").strip() or None
        note = (form.get(f"note_{rhk_id}") or "").strip()
        if rating is not None and rating not in RATINGS:
            errors[f"self_{rhk_id}"] = f"RHK {number}: pilih Di Atas, Sesuai atau Di Bawah Ekspektasi."
        elif rating is None and send:
            errors[f"self_{rhk_id}"] = f"Pilih penilaian diri untuk RHK {number}."
        if len(note) > NOTE_MAX:
            errors[f"note_{rhk_id}"] = f"Uraian RHK {number} paling banyak {NOTE_MAX} karakter (yang diisi {len(note)})."
        elif send and len(note) < NOTE_MIN:
            errors[f"note_{rhk_id}"] = (
                f"Uraikan realisasi dan bukti dukung RHK {number} (paling sedikit {NOTE_MIN} karakter)."
            )
        items.append(RhkSelf(rhk_id, rating, note))
    return validated(items, errors)
