"""Pangkat PNS by golongan ruang (PP No. 99 Tahun 2000 tentang Kenaikan Pangkat PNS, Pasal 3 and
Lampiran I). SIASN writes the golongan alone ("III/b"); ekinerja keeps "Penata Muda Tingkat I (III/b)"."""

from __future__ import annotations

import re

PANGKAT = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur", "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata", "III/d": "Penata Tingkat I",
    "IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
}
_BARE = re.compile(r"^\s*(IV|III|II|I)\s*/\s*([a-e])\s*$", re.IGNORECASE)


def pangkat_golongan_text(value: str) -> str:
    """A bare golongan as "pangkat (golongan)"; anything else (already named, PPPK "Golongan IX") as written."""
    found = _BARE.match(value or "")
    if not found:
        return (value or "").strip()
    golongan = f"{found.group(1).upper()}/{found.group(2).lower()}"
    return f"{PANGKAT[golongan]} ({golongan})" if golongan in PANGKAT else golongan
