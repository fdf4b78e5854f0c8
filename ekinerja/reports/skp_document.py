"""Dokumen SKP in the layout of PermenPAN-RB 6/2022: identities of the pegawai yang dinilai and the
pejabat penilai kinerja, hasil kerja (RHK atasan yang diintervensi, RHK, aspek, indikator,
target), perilaku kerja with ekspektasi khusus, signatures and the lampiran."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from ekinerja.domain.dates import format_date
from ekinerja.domain.statuses import SkpStatus
from ekinerja.reports.data import Person, SkpDocument
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

TITLE = "SASARAN KINERJA PEGAWAI"
STATUS_LABELS = {SkpStatus.DRAFT: "Draf", SkpStatus.DIAJUKAN: "Diajukan", SkpStatus.DISETUJUI: "Disetujui", SkpStatus.DIGANTI: "Diganti revisi baru"}


def period_text(doc: SkpDocument) -> str:
    return f"{format_date(doc.period_start)} s.d. {format_date(doc.period_end)}"


def identity_rows(pegawai: Person, penilai: Person | None) -> list[list[str]]:
    other = penilai or Person(name="-", nip="-")
    fields = (("NAMA", "name"), ("NIP", "nip"), ("PANGKAT/GOL. RUANG", "pangkat"), ("JABATAN", "jabatan"), ("UNIT KERJA", "unit"))
    rows = [["NO", "PEGAWAI YANG DINILAI", "", "NO", "PEJABAT PENILAI KINERJA", ""]]
    for number, (label, attr) in enumerate(fields, start=1):
        rows.append([str(number), label, getattr(pegawai, attr) or "-", str(number), label, getattr(other, attr) or "-"])
    return rows


def _hasil_kerja(doc: SkpDocument, width: float) -> list:
    rows: list[list[str]] = [["NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA", "ASPEK", "INDIKATOR KINERJA INDIVIDU", "TARGET"]]
    spans, shaded = [], []
    for kind, label in (("utama", "A. UTAMA"), ("tambahan", "B. TAMBAHAN")):
        rows.append([label, "", "", "", "", ""])
        spans.append(((0, len(rows) - 1), (5, len(rows) - 1)))
        shaded.append(len(rows) - 1)
        chosen = [r for r in doc.rhks if r.kind == kind]
        if not chosen:
            rows.append(["", "-", "-", "", "", ""])
        for number, rhk in enumerate(chosen, start=1):
            text = f"{rhk.description}\n(Perspektif: {rhk.perspektif})" if rhk.perspektif else rhk.description
            indikators = rhk.indikators or []
            first = len(rows)
            for ind in indikators or [None]:
                rows.append([
                    str(number), rhk.atasan_rhk or "-", text,
                    ind.aspek.capitalize() if ind else "-", ind.description if ind else "-", ind.target if ind else "-",
                ])
            if len(indikators) > 1:
                last = len(rows) - 1
                spans += [((c, first), (c, last)) for c in (0, 1, 2)]
                for r in range(first + 1, last + 1):
                    rows[r][0] = rows[r][1] = rows[r][2] = ""
    widths = [10 * mm, 0.22 * (width - 40 * mm), 0.24 * (width - 40 * mm), 20 * mm, 0.34 * (width - 40 * mm), 0.20 * (width - 40 * mm) + 10 * mm]
    return [para("HASIL KERJA", Styles.heading), grid(rows, widths, spans=spans, shaded=shaded)]


def _perilaku(doc: SkpDocument, width: float) -> list:
    rows: list[list[str]] = [["NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN"]]
    for number, line in enumerate(doc.perilaku, start=1):
        behaviours = "\n".join(f"- {b}" for b in line.behaviours)
        rows.append([str(number), f"{line.name}\n{behaviours}", line.ekspektasi or "-"])
    return [para("PERILAKU KERJA", Styles.heading), grid(rows, [10 * mm, (width - 10 * mm) * 0.6, (width - 10 * mm) * 0.4])]


def _signatures(doc: SkpDocument, stamp: Stamp, place: str, width: float):
    penilai = Signer("Pejabat Penilai Kinerja", doc.penilai.name, doc.penilai.nip) if doc.penilai else None
    return signature_block(
        Signer("Pegawai yang Dinilai", doc.pegawai.name, doc.pegawai.nip),
        penilai,
        place=place,
        day=doc.approved_on or stamp.produced_at.date(),
        width=width,
    )


def skp_document_pdf(doc: SkpDocument, *, stamp: Stamp, place: str = "") -> bytes:
    width = content_width(wide=True)
    status = STATUS_LABELS.get(doc.status, doc.status)
    story = [
        para(TITLE, Styles.title),
        para(f"PENDEKATAN HASIL KERJA {doc.approach.upper()}", Styles.subtitle),
        para(
            f"{doc.instansi} — Periode penilaian: {period_text(doc)} — Status: {status} (revisi ke-{doc.revision})",
            Styles.body,
        ),
        Spacer(1, 3 * mm),
        grid(identity_rows(doc.pegawai, doc.penilai), [10 * mm, 38 * mm, width / 2 - 48 * mm] * 2, spans=[((1, 0), (2, 0)), ((4, 0), (5, 0))]),
        *_hasil_kerja(doc, width),
        *_perilaku(doc, width),
        _signatures(doc, stamp, place, width),
        PageBreak(),
        para(f"LAMPIRAN {TITLE}", Styles.title),
        para(f"{doc.pegawai.name} (NIP {doc.pegawai.nip}) — Periode {period_text(doc)}", Styles.subtitle),
        grid(
            [
                ["DUKUNGAN SUMBER DAYA"], [doc.dukungan_sumber_daya or "-"],
                ["SKEMA PERTANGGUNGJAWABAN"], [doc.skema_pertanggungjawaban or "-"],
                ["KONSEKUENSI"], [doc.konsekuensi or "-"],
            ],
            [width],
            header_rows=0,
            shaded=[0, 2, 4],
        ),
        _signatures(doc, stamp, place, width),
    ]
    return build_pdf(story, title=f"{TITLE} {doc.year} — {doc.pegawai.name}", stamp=stamp, wide=True)
