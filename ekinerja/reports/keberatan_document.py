"""Keputusan atas keberatan hasil penilaian kinerja (PP 30/2019 Pasal 59): who objected to which
result and why, what the atasan of the pejabat penilai decided and why, the ratings and predikat
before and after, how the TPP of the months it decides moved (locked months untouched, their
difference reported), and the decider's signature."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ekinerja.reports.data import KeberatanDocument
from ekinerja.reports.pdf import Signer, Stamp, Styles, build_pdf, content_width, grid, para, signature_block
from ekinerja.reports.skp_document import identity_rows

TITLE = "KEPUTUSAN ATAS KEBERATAN HASIL PENILAIAN KINERJA"
BASIS = (
    "Dasar: Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil, Pasal 59; "
    "Peraturan Menteri PANRB Nomor 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai ASN. Keputusan ini bersifat final."
)


def _ratings(doc: KeberatanDocument, width: float) -> list:
    rows = [["", "SEBELUM KEBERATAN", "SETELAH KEPUTUSAN"]]
    after = doc.after or doc.before
    for i, label in enumerate(("RATING HASIL KERJA", "RATING PERILAKU KERJA", "PREDIKAT KINERJA PEGAWAI")):
        rows.append([label, doc.before[i] or "-", after[i] or "-"])
    return [para("HASIL PENILAIAN", Styles.heading), grid(rows, [60 * mm, (width - 60 * mm) / 2, (width - 60 * mm) / 2], shaded=[3])]


def _tpp(doc: KeberatanDocument, width: float) -> list:
    if not doc.tpp:
        return []
    rows = [["BULAN", "STATUS", "TPP SEBELUM", "TPP SESUDAH", "SELISIH"]]
    rows += [list(line) for line in doc.tpp]
    column = (width - 40 * mm) / 4
    story = [para("AKIBAT PADA TPP", Styles.heading), grid(rows, [40 * mm, column, column, column, column])]
    if doc.tpp_note:
        story.append(para(doc.tpp_note, Styles.small))
    return story


def keberatan_pdf(doc: KeberatanDocument, *, stamp: Stamp, place: str = "") -> bytes:
    width = content_width()
    story = [
        para(TITLE, Styles.title),
        para(f"PERIODE PENILAIAN {doc.period.upper()}", Styles.subtitle),
        para(doc.instansi, Styles.body),
        Spacer(1, 3 * mm),
        grid(identity_rows(doc.pegawai, doc.penilai), [8 * mm, 30 * mm, width / 2 - 38 * mm] * 2, spans=[((1, 0), (2, 0)), ((4, 0), (5, 0))]),
        para(f"KEBERATAN (diajukan {doc.filed_on:%d-%m-%Y})", Styles.heading),
        para(doc.reasons, Styles.body),
        para(f"KEPUTUSAN: {doc.status.upper()}", Styles.heading),
        para(doc.decision_reason, Styles.body),
        *_ratings(doc, width),
        *_tpp(doc, width),
        Spacer(1, 3 * mm),
        para(BASIS, Styles.small),
        signature_block(None, Signer(doc.reviewer_role, doc.reviewer.name, doc.reviewer.nip), place=place, day=doc.decided_on or stamp.produced_at.date(), width=width),
    ]
    return build_pdf(story, title=f"Keputusan keberatan {doc.period} — {doc.pegawai.name}", stamp=stamp)
