"""Unduh Panduan: the guides for the user's roles, read in the app or downloaded as PDF."""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.reports.registry import PDF_MIME
from ekinerja.services import guides
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded


class PanduanState(AppState):
    guide_options: list[dict[str, str]] = []
    guide_key: str = "pegawai"
    markdown: str = ""  # one guide's text: a few kilobytes, images are links
    preparing: bool = False

    def _show(self, actor: Actor, key: str) -> None:
        self.guide_key = key
        self.markdown = guides.guide_markdown(actor=actor, key=key)

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self.guide_options = [{"id": g.key, "label": g.title} for g in guides.guides_for(actor)]
        self.preparing = False
        self._show(actor, "pegawai")

    @guarded(Rule.SIGNED_IN)
    def choose(self, actor: Actor, key: str):
        self._show(actor, str(key))

    @guarded(Rule.SIGNED_IN)
    async def download_pdf(self, actor: Actor):
        self.preparing = True
        try:
            filename, data = await asyncio.to_thread(guides.guide_pdf_bytes, actor=actor, key=self.guide_key)
        finally:
            self.preparing = False
        return rx.download(data=data, filename=filename, mime_type=PDF_MIME)
