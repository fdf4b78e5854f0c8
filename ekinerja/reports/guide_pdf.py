"""The user guide as PDF, built from the same Markdown the app shows (docs/panduan/*.md).

A small Markdown-to-reportlab converter on markdown-it-py tokens: headings, paragraphs with
bold/italic/code/links, bullet and numbered lists (nested), block quotes as notes, code blocks
and images (screenshots taken by the browser tests), scaled to the page width.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Image,
    ListFlowable,
    ListItem,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)

from ekinerja.reports.pdf import (
    FONT,
    FONT_BOLD,
    Stamp,
    Styles,
    build_pdf,
    content_width,
    paragraph_style,
)

H1 = paragraph_style("guide_h1", 16, font=FONT_BOLD, spaceAfter=6)
H2 = paragraph_style("guide_h2", 12.5, font=FONT_BOLD, spaceBefore=10, spaceAfter=4, textColor=colors.HexColor("#0d5c63"))
H3 = paragraph_style("guide_h3", 10.5, font=FONT_BOLD, spaceBefore=6, spaceAfter=3)
BODY = paragraph_style("guide_body", 9.5, spaceAfter=4)
CODE = paragraph_style("guide_code", 8, font=FONT)
HEADINGS = {"h1": H1, "h2": H2, "h3": H3, "h4": H3}
MAX_IMAGE_HEIGHT = 120 * mm


def _inline(token: Token) -> str:
    """An inline token's children as reportlab paragraph markup."""
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            out.append(escape(child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" " if kind == "softbreak" else "<br/>")
        elif kind == "strong_open":
            out.append("<b>")
        elif kind == "strong_close":
            out.append("</b>")
        elif kind == "em_open":
            out.append("<i>")
        elif kind == "em_close":
            out.append("</i>")
        elif kind == "code_inline":
            out.append(f'<font backColor="#eef2f3">{escape(child.content)}</font>')
        elif kind == "link_open":
            out.append(f'<a href="{escape(str(child.attrs.get("href", "")))}" color="#0d5c63">')
        elif kind == "link_close":
            out.append("</a>")
    return "".join(out)


def _image(src: str, alt: str, base: Path, width: float) -> list:
    path = (base / src).resolve()
    if not path.is_file():
        return [Paragraph(f"<i>[Gambar belum tersedia: {escape(alt or src)}]</i>", Styles.small)]
    iw, ih = ImageReader(str(path)).getSize()
    scale = min(width / iw, MAX_IMAGE_HEIGHT / ih, 1.0 if iw < width else width / iw)
    framed = Table([[Image(str(path), width=iw * scale, height=ih * scale)]])
    framed.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#9aa5b1"))]))
    caption = [Paragraph(f"<i>{escape(alt)}</i>", Styles.small)] if alt else []
    return [Spacer(1, 2 * mm), framed, *caption, Spacer(1, 2 * mm)]


class _Converter:
    def __init__(self, tokens: list[Token], base: Path, width: float) -> None:
        self.tokens, self.base, self.width, self.i = tokens, base, width, 0

    def blocks(self, stop: Callable[[Token], bool] = lambda t: False) -> list:
        story: list = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if stop(token):
                self.i += 1
                return story
            self.i += 1
            if token.type == "heading_open":
                story.append(Paragraph(_inline(self.tokens[self.i]), HEADINGS.get(token.tag, H3)))
                self.i += 2  # inline, heading_close
            elif token.type == "paragraph_open":
                story += self._paragraph(self.tokens[self.i])
                self.i += 2
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                story.append(self._list(token))
            elif token.type == "blockquote_open":
                inner = self.blocks(lambda t: t.type == "blockquote_close")
                note = Table([[inner]], colWidths=[self.width])
                note.setStyle(TableStyle([
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff6e0")),
                    ("LINEBEFORE", (0, 0), (0, -1), 2, colors.HexColor("#e0a526")),
                ]))
                story += [note, Spacer(1, 2 * mm)]
            elif token.type in ("fence", "code_block"):
                story.append(Preformatted(token.content.rstrip(), CODE))
            elif token.type == "hr":
                story.append(Spacer(1, 4 * mm))
        return story

    def _paragraph(self, inline: Token) -> list:
        children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"]
        if children and all(c.type == "image" for c in children):
            return [f for c in children for f in _image(str(c.attrs.get("src", "")), c.content, self.base, self.width)]
        return [Paragraph(_inline(inline), BODY)]

    def _list(self, opening: Token) -> ListFlowable:
        closing = opening.type.replace("_open", "_close")
        items = []
        while self.i < len(self.tokens) and self.tokens[self.i].type != closing:
            if self.tokens[self.i].type == "list_item_open":
                self.i += 1
                items.append(ListItem(self.blocks(lambda t: t.type == "list_item_close")))
            else:
                self.i += 1
        self.i += 1
        ordered = opening.type == "ordered_list_open"
        numbering = {"bulletType": "1", "bulletFormat": "%s.", "start": opening.attrs.get("start", 1)} if ordered else {"bulletType": "bullet", "start": "•"}
        return ListFlowable(items, bulletFontName=FONT, bulletFontSize=9, leftIndent=12, **numbering)


def guide_pdf(markdown: str, *, base: Path, title: str, stamp: Stamp) -> bytes:
    """``base`` is the folder the Markdown's relative image paths start from."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    story = _Converter(tokens, base, content_width()).blocks()
    return build_pdf(story, title=title, stamp=stamp)
