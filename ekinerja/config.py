"""Runtime settings, read once from environment variables.

Every knob an operator may turn lives here so that the rest of the code never
reads ``os.environ`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    data_dir: Path
    session_idle_minutes: int
    lockout_threshold: int
    lockout_minutes: int
    bcrypt_rounds: int
    page_size: int
    timezone: str
    evidence_max_bytes: int

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    data_dir = Path(os.environ.get("EKINERJA_DATA_DIR", PROJECT_ROOT / "data"))
    default_db = f"sqlite:///{data_dir / 'ekinerja.db'}"
    return Settings(
        database_url=os.environ.get("EKINERJA_DATABASE_URL", default_db),
        redis_url=os.environ.get("EKINERJA_REDIS_URL") or None,
        data_dir=data_dir,
        session_idle_minutes=_int("EKINERJA_SESSION_IDLE_MINUTES", 30),
        lockout_threshold=_int("EKINERJA_LOCKOUT_THRESHOLD", 5),
        lockout_minutes=_int("EKINERJA_LOCKOUT_MINUTES", 15),
        bcrypt_rounds=_int("EKINERJA_BCRYPT_ROUNDS", 12),
        page_size=_int("EKINERJA_PAGE_SIZE", 25),
        timezone=os.environ.get("EKINERJA_TIMEZONE", "Asia/Jakarta"),
        evidence_max_bytes=_int("EKINERJA_EVIDENCE_MAX_KB", 5 * 1024) * 1024,
    )
