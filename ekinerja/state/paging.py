"""Paging arithmetic shared by every listing state."""

from __future__ import annotations


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def clamp_page(page: int, total: int, page_size: int) -> int:
    return min(max(1, int(page)), page_count(total, page_size))
