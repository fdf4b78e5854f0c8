"""Unduh Panduan: the user guides per role, kept as Markdown in docs/panduan/.

Everyone gets the pegawai guide, atasan the atasan guide, admins the admin guide. The app
shows the Markdown as is (its screenshots served from assets/panduan/) and builds the PDF
from the same file, so the two never differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ekinerja.access import Actor, require
from ekinerja.config import PROJECT_ROOT
from ekinerja.reports.guide_pdf import guide_pdf
from ekinerja.services.reports import stamp_for

GUIDE_DIR = PROJECT_ROOT / "docs" / "panduan"
# Screenshots live once, in assets/panduan/ (served at /panduan/); the Markdown points at them
# relatively so they show on GitHub too, and the app rewrites the prefix to the served path.
IMAGE_PREFIX = "../../assets/panduan/"
SERVED_PREFIX = "/panduan/"


@dataclass(frozen=True)
class Guide:
    key: str
    title: str
    audience: str  # all | supervisor | admin

    @property
    def path(self) -> Path:
        return GUIDE_DIR / f"{self.key}.md"


GUIDES = (
    Guide("pegawai", "Panduan Pegawai", "all"),
    Guide("atasan", "Panduan Atasan", "supervisor"),
    Guide("admin", "Panduan Admin", "admin"),
)


def guides_for(actor: Actor) -> list[Guide]:
    allowed = {"all"} | ({"supervisor"} if actor.is_supervisor else set()) | ({"admin"} if actor.is_admin else set())
    return [g for g in GUIDES if g.audience in allowed]


def _guide(actor: Actor, key: str) -> Guide:
    found = next((g for g in guides_for(actor) if g.key == key), None)
    require(found is not None, "Panduan ini tidak tersedia untuk peran Anda.")
    return found


def guide_markdown(*, actor: Actor, key: str, for_app: bool = True) -> str:
    """The guide's Markdown; for the app, image paths point at the served copies."""
    text = _guide(actor, key).path.read_text(encoding="utf-8")
    return text.replace(f"]({IMAGE_PREFIX}", f"]({SERVED_PREFIX}") if for_app else text


def guide_pdf_bytes(*, actor: Actor, key: str) -> tuple[str, bytes]:
    guide = _guide(actor, key)
    data = guide_pdf(
        guide_markdown(actor=actor, key=key, for_app=False),
        base=GUIDE_DIR,
        title=f"{guide.title} e-Kinerja",
        stamp=stamp_for(actor, "panduan terkini"),
    )
    return f"panduan-{guide.key}-ekinerja.pdf", data
