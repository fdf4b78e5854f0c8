"""Exactly one outcome when two requests race for the same record.

Services check in Python first, for a precise message; the database's unique indexes
decide when two requests pass that check together. The loser's whole transaction is
rolled back, so nothing of it is written, and it gets a message instead of an error page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ekinerja.domain.validation import ValidationFailed

SAVED_MEANWHILE = (
    "Data yang sama baru saja tersimpan (formulir terkirim dua kali atau diubah di jendela lain). "
    "Muat ulang halaman untuk melihat data terbaru."
)
IMPORTED_MEANWHILE = (
    "Sebagian isi file ini baru saja disimpan oleh impor lain; tidak ada baris dari file ini yang disimpan. "
    "Muat ulang halaman lalu impor lagi bila perlu."
)


@contextmanager
def one_outcome(session: Session, *, field: str = "form", message: str = SAVED_MEANWHILE) -> Iterator[None]:
    """Run the writes in the block and flush them; a unique-key clash rolls the whole
    transaction back and raises ValidationFailed with ``message`` on ``field``."""
    try:
        yield
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ValidationFailed({field: message}) from None
