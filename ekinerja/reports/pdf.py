"""What every printed document shares: embedded fonts, styles, the page frame and signature blocks.

Fonts are the Bitstream Vera TrueType files shipped inside reportlab, registered as
TTFont so they are embedded (subset) in each PDF: a document looks the same on every
computer and printer, unlike the base-14 Helvetica that viewers substitute.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ekinerja.domain.dates import format_date, format_timestamp

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}
_fonts_lock = threading.Lock()
_fonts_ready = False

MARGIN = 15 * mm
LINE = colors.HexColor("#9aa5b1")
HEAD_FILL = colors.HexColor("#e3eef0")
SUB_FILL = colors.HexColor("#f3f6f7")

Progress = Callable[[float], None]
BLANK = "\u00a0"  # an empty line that still takes a line's height


def register_fonts() -> None:
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = Path(reportlab.__file__).parent / "fonts"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)
        _fonts_ready = True


register_fonts()  # paragraphs resolve their font family when they are created


def paragraph_style(name: str, size: float = 9, *, font: str = FONT, **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, **extra)


class Styles:
    """The handful of paragraph styles the documents use."""

    title = paragraph_style("title", 13, font=FONT_BOLD, alignment=TA_CENTER, spaceAfter=2)
    subtitle = paragraph_style("subtitle", 10, alignment=TA_CENTER, spaceAfter=8)
    heading = paragraph_style("heading", 10.5, font=FONT_BOLD, spaceBefore=8, spaceAfter=4)
    body = paragraph_style("body", 9)
    small = paragraph_style("small", 7.5)
    cell = paragraph_style("cell", 8)
    cell_bold = paragraph_style("cell_bold", 8, font=FONT_BOLD)
    cell_center = paragraph_style("cell_center", 8, alignment=TA_CENTER)


@dataclass(frozen=True)
class Stamp:
    """Who produced a document, when (agency wall clock) and for which period."""

    producer_name: str
    producer_nip: str
    produced_at: datetime
    timezone: str
    period: str

    @property
    def text(self) -> str:
        return (
            f"Dicetak oleh {self.producer_name} ({self.producer_nip}) pada "
            f"{format_timestamp(self.produced_at, self.timezone)}, periode {self.period}"
        )


@dataclass(frozen=True)
class Signer:
    role: str  # "Pegawai yang dinilai", "Pejabat Penilai Kinerja"
    name: str
    nip: str


def para(text: object, style: ParagraphStyle = Styles.cell) -> Paragraph:
    """A paragraph of plain text: escaped, line breaks kept."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def grid(rows: Sequence[Sequence[object]], widths: Sequence[float], *, header_rows: int = 1, spans: Sequence = (), shaded: Sequence[int] = ()) -> Table:
    """A ruled table whose header rows repeat on every page; strings become wrapping paragraphs."""
    cells = [[para(c, Styles.cell_bold if r < header_rows else Styles.cell) if isinstance(c, str) else c for c in row] for r, row in enumerate(rows)]
    table = Table(cells, colWidths=list(widths), repeatRows=header_rows)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        *(("SPAN", a, b) for a, b in spans),
        *(("BACKGROUND", (0, r), (-1, r), SUB_FILL) for r in shaded),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL))
    table.setStyle(TableStyle(commands))
    return table


def identity_table(pairs: Sequence[tuple[str, str]], width: float) -> Table:
    """"Nama : ..." lines without rules."""
    table = Table([[para(k), para(":"), para(v)] for k, v in pairs], colWidths=[38 * mm, 4 * mm, width - 42 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def signature_block(left: Signer | None, right: Signer | None, *, place: str, day, width: float) -> KeepTogether:
    """Kota and tanggal above the right-hand signer; each signer with room to sign, name and NIP."""
    place_line = f"{place or '....................'}, {format_date(day)}"

    def column(signer: Signer | None, top: str) -> list:
        if signer is None:
            return [para(top or BLANK, Styles.cell_center), para(BLANK, Styles.cell_center), Spacer(1, 18 * mm)]
        return [
            para(top or BLANK, Styles.cell_center),
            para(signer.role, Styles.cell_center),
            Spacer(1, 18 * mm),
            Paragraph(f"<u>{escape(signer.name)}</u>", Styles.cell_center),
            para(f"NIP {signer.nip}" if signer.nip else "", Styles.cell_center),
        ]

    table = Table([[column(left, ""), column(right, place_line)]], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def content_width(*, wide: bool = False) -> float:
    page_w = landscape(A4)[0] if wide else A4[0]
    return page_w - 2 * MARGIN


def build_pdf(story: list, *, title: str, stamp: Stamp, wide: bool = False) -> bytes:
    """Lay the story out on A4 (landscape when ``wide``) with the title and page number on top
    and the stamp (who, when, which period) at the foot of every page."""
    size = landscape(A4) if wide else A4
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN + 4 * mm,
        initialFontName=FONT, initialFontSize=9, title=title, author=f"{stamp.producer_name} ({stamp.producer_nip})", subject=f"Periode {stamp.period}", creator="e-Kinerja",
    )

    def frame(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#52606d"))
        canvas.drawString(MARGIN, size[1] - MARGIN, title)
        canvas.drawRightString(size[0] - MARGIN, size[1] - MARGIN, f"Halaman {document.page}")
        canvas.drawString(MARGIN, MARGIN - 2 * mm, stamp.text)
        canvas.restoreState()

    doc.build(story, onFirstPage=frame, onLaterPages=frame)
    return out.getvalue()
