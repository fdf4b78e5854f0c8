"""Pieces shared by the admin listing states: paging, the unit tree as options, "none" choices."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from ekinerja.access import Actor, Rule
from ekinerja.config import get_settings
from ekinerja.domain.validation import LEVEL_LABELS
from ekinerja.services.org_admin import UnitRow, list_units_tree
from ekinerja.state.editor import NONE
from ekinerja.state.guard import guarded
from ekinerja.state.paging import clamp_page, page_count


def blank_to_none(value: object) -> str:
    """The select value showing a stored optional id or code: the "none" item when there is none."""
    return NONE if value in (None, "") else str(value)


def level_label(level: str) -> str:
    label = LEVEL_LABELS.get(level, level)
    return label[:1].upper() + label[1:]


def unit_options(units: list[UnitRow]) -> list[dict[str, str]]:
    """The unit tree as select options, indented by depth."""
    return [{"id": str(u.id), "label": f"{'— ' * u.depth}{u.name}"} for u in units]


def load_unit_options(session: Session, actor: Actor) -> list[dict[str, str]]:
    return unit_options(list_units_tree(session, actor=actor))


class AdminPagedMixin(rx.State, mixin=True):
    """A paged admin listing: the state fills ``rows`` and ``total`` in ``_load``."""

    rows: list[dict[str, str]] = []
    page: int = 1
    page_count: int = 1
    total: int = 0

    def _load(self, actor: Actor) -> None:
        raise NotImplementedError

    def _page_size(self) -> int:
        return get_settings().page_size

    def _set_total(self, total: int) -> None:
        self.total = total
        self.page_count = page_count(total, self._page_size())

    def _first_page(self, actor: Actor) -> None:
        self.page = 1
        self._load(actor)

    @guarded(Rule.ADMIN)
    def go_to_page(self, actor: Actor, page: int):
        self.page = clamp_page(page, self.total, self._page_size())
        self._load(actor)


class AdminSearchMixin(AdminPagedMixin, mixin=True):
    """A paged admin listing with a search box."""

    search: str = ""

    @guarded(Rule.ADMIN)
    def apply_search(self, actor: Actor, form_data: dict):
        self.search = str(form_data.get("search", ""))[:100]
        self._first_page(actor)


class UnitFilterMixin(rx.State, mixin=True):
    """A listing filtered to one unit of the tree (with the units below it); needs AdminSearchMixin."""

    unit_filter: str = ""
    unit_options: list[dict[str, str]] = []

    def _unit_filter_id(self) -> int | None:
        return int(self.unit_filter) if self.unit_filter.isdigit() else None

    def _listing(self) -> dict[str, Any]:
        """The search, unit filter and page shown, as the list services take them."""
        return {"search": self.search, "unit_id": self._unit_filter_id(), "page": self.page, "page_size": self._page_size()}

    @guarded(Rule.ADMIN)
    def filter_unit(self, actor: Actor, unit_id: str):
        self.unit_filter = "" if unit_id == "semua" else str(unit_id)
        self._first_page(actor)
