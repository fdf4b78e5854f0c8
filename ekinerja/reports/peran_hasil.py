"""Matriks peran hasil as a printed document: the atasan's RHKs down the side, the bawahan across
(a few per table so the columns stay readable), each cell the bawahan's RHKs that intervene the
row's RHK; then what serves nothing and who has no SKP yet."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ekinerja.domain.dates import format_date
from ekinerja.domain.peran_hasil import MatrixView
from ekinerja.reports.pdf import Stamp, Styles, build_pdf, content_width, grid, para
from ekinerja.reports.skp_document import STATUS_LABELS

TITLE = "MATRIKS PERAN HASIL"
MEMBERS_PER_TABLE = 5
UNSERVED = "Belum diintervensi bawahan"
KIND_LABELS = {"utama": "Utama", "tambahan": "Tambahan"}


def skp_status_text(status: str | None) -> str:
    return STATUS_LABELS.get(status, status) if status else "Belum ada SKP"


def cell_text(rhks) -> str:
    return "\n".join(f"• {r.description}" for r in rhks) or "-"


def _matrix_tables(view: MatrixView, width: float) -> list:
    matrix = view.matrix
    if not matrix.rows:
        return [para("Atasan belum memiliki SKP yang dapat diintervensi, sehingga matriks belum dapat disusun.", Styles.body)]
    members = list(matrix.members) or [None]
    story = []
    for start in range(0, len(members), MEMBERS_PER_TABLE):
        chunk = members[start:start + MEMBERS_PER_TABLE]
        header = ["NO", "RHK ATASAN", *(f"{m.name}\n{m.jabatan}" if m else "Tidak ada bawahan" for m in chunk)]
        rows, shaded = [header], []
        for number, row in enumerate(matrix.rows, start=1):
            label = f"{row.rhk.description}\n({KIND_LABELS.get(row.rhk.kind, row.rhk.kind)})"
            if not row.served:
                label += f"\n{UNSERVED}"
                shaded.append(len(rows))
            cells = [cell_text(row.cells[start + i]) if m else "-" for i, m in enumerate(chunk)]
            rows.append([str(number), label, *cells])
        rest = width - 10 * mm
        first = rest * 0.3
        widths = [10 * mm, first, *[(rest - first) / len(chunk)] * len(chunk)]
        story += [grid(rows, widths, shaded=shaded), Spacer(1, 3 * mm)]
    return story


def _unlinked(view: MatrixView, width: float) -> list:
    items = view.matrix.unlinked
    if not items:
        return []
    rows = [["NO", "PEGAWAI", "RHK", "KETERANGAN"]]
    for number, item in enumerate(items, start=1):
        why = "Mengacu RHK atasan yang tidak ada di SKP atasan saat ini" if item.stale else "Tidak mengintervensi RHK atasan"
        rows.append([str(number), f"{item.member.name}\n{item.member.jabatan}", item.rhk.description, why])
    return [
        para("RHK BAWAHAN YANG TIDAK MENGINTERVENSI RHK ATASAN SAAT INI", Styles.heading),
        grid(rows, [10 * mm, 0.25 * (width - 10 * mm), 0.45 * (width - 10 * mm), 0.30 * (width - 10 * mm)]),
    ]


def _without_skp(view: MatrixView, width: float) -> list:
    members = view.matrix.without_skp
    if not members:
        return []
    rows = [["NO", "PEGAWAI", "JABATAN"]] + [[str(n), m.name, m.jabatan] for n, m in enumerate(members, start=1)]
    return [para("BAWAHAN YANG BELUM MEMILIKI SKP", Styles.heading), grid(rows, [10 * mm, (width - 10 * mm) / 2, (width - 10 * mm) / 2])]


def summary_text(view: MatrixView) -> str:
    matrix = view.matrix
    served = len(matrix.rows) - len(matrix.unserved)
    return (
        f"{served} dari {len(matrix.rows)} RHK atasan diintervensi bawahan; {len(matrix.members)} bawahan langsung, "
        f"{len(matrix.without_skp)} belum memiliki SKP."
    )


def peran_hasil_pdf(view: MatrixView, *, stamp: Stamp) -> bytes:
    width = content_width(wide=True)
    skp_line = (
        f"SKP atasan: {skp_status_text(view.atasan_skp_status)}, periode {view.atasan_skp_period}"
        if view.atasan_skp_status else "SKP atasan: belum ada"
    )
    story = [
        para(TITLE, Styles.title),
        para(f"{view.unit} — tahun {view.year}, keadaan {format_date(view.on)}", Styles.subtitle),
        para(f"Atasan: {view.atasan_name} (NIP {view.atasan_nip}), {view.atasan_jabatan}. {skp_line}.", Styles.body),
        para(summary_text(view), Styles.body),
        Spacer(1, 3 * mm),
        *_matrix_tables(view, width),
        *_unlinked(view, width),
        *_without_skp(view, width),
    ]
    return build_pdf(story, title=f"{TITLE} — {view.atasan_name}", stamp=stamp, wide=True)
