"""Dokumen evaluasi kinerja pegawai (PermenPAN-RB 6/2022): identities of the pegawai and the
pejabat penilai, per RHK its indikator, target, realisasi, rating and umpan balik, the perilaku
kerja per BerAKHLAK value, the two overall ratings and the predikat, and the signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ekinerja.reports.data import EvaluationDocument
from ekinerja.reports.pdf import (
    Signer,
    Stamp,
    Styles,
    build_pdf,
    content_width,
    grid,
    para,
    signature_block,
)
from ekinerja.reports.skp_document import identity_rows

TITLE = "EVALUASI KINERJA PEGAWAI"


def _hasil_kerja(doc: EvaluationDocument, width: float) -> list:
    rows: list[list[str]] = [["NO", "RENCANA HASIL KERJA", "INDIKATOR KINERJA INDIVIDU", "TARGET", "REALISASI", "RATING", "UMPAN BALIK"]]
    spans, shaded = [], []
    for kind, label in (("utama", "A. UTAMA"), ("tambahan", "B. TAMBAHAN")):
        rows.append([label, "", "", "", "", "", ""])
        spans.append(((0, len(rows) - 1), (6, len(rows) - 1)))
        shaded.append(len(rows) - 1)
        chosen = [r for r in doc.rhks if r.kind == kind]
        if not chosen:
            rows.append(["", "-", "", "", "", "", ""])
        for number, rhk in enumerate(chosen, start=1):
            first = len(rows)
            for ind in rhk.indikators or [None]:
                rows.append([
                    str(number), rhk.description,
                    f"{ind.aspek.capitalize()}: {ind.description}" if ind else "-", ind.target if ind else "-",
                    ind.realisasi if ind else "-", rhk.rating or "-", rhk.feedback or "-",
                ])
            last = len(rows) - 1
            if last > first:
                spans += [((c, first), (c, last)) for c in (0, 1, 5, 6)]
                for r in range(first + 1, last + 1):
                    rows[r][0] = rows[r][1] = rows[r][5] = rows[r][6] = ""
    rest = width - 10 * mm - 2 * 24 * mm - 28 * mm
    widths = [10 * mm, rest * 0.3, rest * 0.35, 24 * mm, 24 * mm, 28 * mm, rest * 0.35]
    return [para("HASIL KERJA", Styles.heading), grid(rows, widths, spans=spans, shaded=shaded)]


def _perilaku(doc: EvaluationDocument, width: float) -> list:
    rows = [["NO", "PERILAKU KERJA (BERAKHLAK)", "RATING", "UMPAN BALIK"]]
    rows += [[str(n), line.name, line.rating or "-", line.feedback or "-"] for n, line in enumerate(doc.perilaku, start=1)]
    rest = width - 10 * mm - 28 * mm
    return [para("PERILAKU KERJA", Styles.heading), grid(rows, [10 * mm, rest * 0.4, 28 * mm, rest * 0.6])]


def _result(doc: EvaluationDocument, width: float) -> list:
    rows = [
        ["RATING HASIL KERJA", doc.rating_hasil or "-"],
        ["RATING PERILAKU KERJA", doc.rating_perilaku or "-"],
        ["PREDIKAT KINERJA PEGAWAI", doc.predikat or "-"],
    ]
    return [para("HASIL EVALUASI", Styles.heading), grid(rows, [70 * mm, width - 70 * mm], header_rows=0, shaded=[2])]


def _changes(doc: EvaluationDocument, width: float) -> list:
    """The annual ratings set against the proposal from the periodic evaluations, with the evaluator's reasons."""
    if not doc.changes:
        return []
    rows = [["YANG DINILAI", "USULAN PERIODIK", "DITETAPKAN", "ALASAN PERUBAHAN"]]
    rows += [list(change) for change in doc.changes]
    rest = width - 2 * 32 * mm
    return [para("PERUBAHAN DARI USULAN PENILAIAN PERIODIK", Styles.heading), grid(rows, [rest * 0.35, 32 * mm, 32 * mm, rest * 0.65])]


def evaluation_pdf(doc: EvaluationDocument, *, stamp: Stamp, place: str = "") -> bytes:
    width = content_width(wide=True)
    penilai = Signer("Pejabat Penilai Kinerja", doc.penilai.name, doc.penilai.nip) if doc.penilai else None
    story = [
        para(TITLE, Styles.title),
        para(f"PERIODE {doc.period.upper()}", Styles.subtitle),
        para(f"{doc.instansi} — SKP periode {doc.skp_period}", Styles.body),
        Spacer(1, 3 * mm),
        grid(identity_rows(doc.pegawai, doc.penilai), [10 * mm, 38 * mm, width / 2 - 48 * mm] * 2, spans=[((1, 0), (2, 0)), ((4, 0), (5, 0))]),
        *_hasil_kerja(doc, width),
        *_perilaku(doc, width),
        *_result(doc, width),
        *_changes(doc, width),
        signature_block(
            Signer("Pegawai yang Dinilai", doc.pegawai.name, doc.pegawai.nip), penilai,
            place=place, day=doc.finalised_on or stamp.produced_at.date(), width=width,
        ),
    ]
    return build_pdf(story, title=f"{TITLE} {doc.period} — {doc.pegawai.name}", stamp=stamp, wide=True)
