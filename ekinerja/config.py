"""Runtime settings, read once from environment variables.

Every knob an operator may turn lives here so that the rest of the code never
reads ``os.environ`` directly. Values are checked when they are read: a bad
value stops the app at start with a message naming the variable, instead of
surfacing later as a confusing failure. ``python -m ekinerja.config`` prints
the effective settings (passwords masked) or the problems, for deploy scripts.

ekinerja has no signing secret to configure: browser sessions are random
tokens stored (as SHA-256 digests) in the database, and passwords are bcrypt
hashes. The only secrets are the passwords inside the database and Redis URLs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Reflex's own rule for the number of backend workers when Redis is available.
MAX_WORKERS = 8
DATABASE_SCHEMES = ("sqlite", "postgresql")
REDIS_SCHEMES = ("redis", "rediss", "unix")


class ConfigError(ValueError):
    """One or more EKINERJA_* variables hold a value ekinerja cannot run with."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Invalid configuration:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    data_dir: Path
    evidence_dir: Path
    allowed_origins: tuple[str, ...]
    workers: int
    session_idle_minutes: int
    lockout_threshold: int
    login_delay_max_seconds: int
    address_login_threshold: int
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...]
    max_queued_events: int
    bcrypt_rounds: int
    page_size: int
    timezone: str
    evidence_max_bytes: int
    max_inflight_events: int = 8
    event_wait_seconds: int = 15
    live_recheck_seconds: int = 600
    clock_date: date | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class _Reader:
    """Reads variables from one environment, collecting every problem before failing."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        self.problems: list[str] = []

    def text(self, name: str) -> str | None:
        raw = self.environ.get(name, "").strip()
        return raw or None

    def integer(self, name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
        raw = self.text(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.problems.append(f"{name} must be a whole number, got {raw!r}")
            return default
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.problems.append(f"{name} must be {bounds}, got {value}")
            return default
        return value

    def url(self, name: str, default: str | None, schemes: tuple[str, ...]) -> str | None:
        raw = self.text(name)
        if raw is None:
            return default
        scheme = urlsplit(raw).scheme.split("+", 1)[0]
        if scheme not in schemes or "://" not in raw:
            allowed = ", ".join(f"{s}://" for s in schemes)
            self.problems.append(f"{name} must be a URL starting with one of {allowed}, got {mask_url(raw)!r}")
            return default
        return raw

    def origins(self, name: str) -> tuple[str, ...]:
        raw = self.text(name)
        if raw is None:
            return ("*",)
        origins = tuple(part.strip().rstrip("/") for part in raw.split(",") if part.strip())
        for origin in origins:
            parts = urlsplit(origin)
            if origin != "*" and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path):
                self.problems.append(
                    f"{name} must be '*' or comma-separated origins like https://kinerja.example.go.id, got {origin!r}"
                )
        return origins or ("*",)

    def networks(self, name: str) -> tuple[IPv4Network | IPv6Network, ...]:
        found = []
        for part in (self.text(name) or "").split(","):
            if not (part := part.strip()):
                continue
            try:
                found.append(ip_network(part, strict=False))
            except ValueError:
                self.problems.append(f"{name} must be comma-separated IP addresses or networks (10.0.0.5, 10.0.0.0/24), got {part!r}")
        return tuple(found)

    def timezone(self, name: str, default: str) -> str:
        value = self.text(name) or default
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.problems.append(f"{name} must be an IANA time zone such as Asia/Jakarta, got {value!r}")
            return default
        return value

    def day(self, name: str) -> date | None:
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problems.append(f"{name} must be a date as YYYY-MM-DD, got {raw!r}")
            return None

    def directory(self, name: str, default: Path) -> Path:
        value = Path(self.text(name) or default)
        if value.exists() and not value.is_dir():
            self.problems.append(f"{name} must name a directory, but {value} is a file")
        return value


def default_workers(redis_url: str | None) -> int:
    """One worker without Redis (state lives in that process); otherwise Reflex's own default."""
    if redis_url is None:
        return 1
    return min((os.cpu_count() or 1) * 2 + 1, MAX_WORKERS)


def read_settings(environ: Mapping[str, str]) -> Settings:
    """Settings from ``environ``; raises ConfigError listing every bad variable."""
    read = _Reader(environ)
    data_dir = read.directory("EKINERJA_DATA_DIR", PROJECT_ROOT / "data")
    redis_url = read.url("EKINERJA_REDIS_URL", None, REDIS_SCHEMES)
    workers = read.integer("EKINERJA_WORKERS", default_workers(redis_url), minimum=1, maximum=64)
    if workers > 1 and redis_url is None:
        read.problems.append(
            f"EKINERJA_WORKERS={workers} needs EKINERJA_REDIS_URL: without Redis each worker would keep its own "
            "copy of every open page's state and lose it whenever a browser reconnects to another worker"
        )
    settings = Settings(
        database_url=read.url("EKINERJA_DATABASE_URL", f"sqlite:///{data_dir / 'ekinerja.db'}", DATABASE_SCHEMES),
        redis_url=redis_url,
        data_dir=data_dir,
        evidence_dir=read.directory("EKINERJA_EVIDENCE_DIR", data_dir / "evidence"),
        allowed_origins=read.origins("EKINERJA_ALLOWED_ORIGINS"),
        workers=workers,
        session_idle_minutes=read.integer("EKINERJA_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60),
        # Failed logins on one NIP before each further attempt on it waits (growing, up to the maximum).
        lockout_threshold=read.integer("EKINERJA_LOCKOUT_THRESHOLD", 5, minimum=1),
        login_delay_max_seconds=read.integer("EKINERJA_LOGIN_DELAY_MAX_SECONDS", 60, minimum=1, maximum=3600),
        # Failed logins from one client address (any NIP) before its attempts wait: an office behind one
        # NAT address shares it, so it is higher than the per-NIP threshold.
        address_login_threshold=read.integer("EKINERJA_ADDRESS_LOGIN_THRESHOLD", 20, minimum=1),
        # Reverse proxies whose X-Forwarded-For is believed; from anyone else it is ignored.
        trusted_proxies=read.networks("EKINERJA_TRUSTED_PROXIES"),
        # Unfinished events one browser connection may have queued; beyond it events are dropped.
        max_queued_events=read.integer("EKINERJA_MAX_QUEUED_EVENTS", 12, minimum=2, maximum=1000),
        bcrypt_rounds=read.integer("EKINERJA_BCRYPT_ROUNDS", 12, minimum=4, maximum=31),
        page_size=read.integer("EKINERJA_PAGE_SIZE", 25, minimum=5, maximum=200),
        timezone=read.timezone("EKINERJA_TIMEZONE", "Asia/Jakarta"),
        evidence_max_bytes=read.integer("EKINERJA_EVIDENCE_MAX_KB", 5 * 1024, minimum=1) * 1024,
        # Foreground events one worker runs at once (ekinerja.admission); others wait (ekinerja.event_gate).
        # One worker runs Python on one core at a time: 32 at once only took turns at the GIL, and at
        # (3,000 tabs, 150 saves/s) 8 halved the save's p95 (docs/performance.md, fourteenth round).
        max_inflight_events=read.integer("EKINERJA_MAX_INFLIGHT_EVENTS", 8, minimum=1, maximum=64),
        # How long an event may wait for one of them (without the tab's state lock, ekinerja.event_gate).
        event_wait_seconds=read.integer("EKINERJA_EVENT_WAIT_SECONDS", 15, minimum=1, maximum=120),
        # How often the live hub re-checks that a quiet tab is still on its live page (ekinerja.state.live):
        # a safety net behind the hub's session checks and the forgetting on disconnect, so it can be
        # long. Each check takes the tab's state lock: at 60 s, 2,000 open tabs (two pollers each, then)
        # spent about a core on them (issue 17).
        live_recheck_seconds=read.integer("EKINERJA_LIVE_RECHECK_SECONDS", 600, minimum=5, maximum=3600),
        # Tests and demonstrations only: the clock shows this local date (ekinerja.clock).
        clock_date=read.day("EKINERJA_CLOCK_DATE"),
    )
    if read.problems:
        raise ConfigError(read.problems)
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return read_settings(os.environ)


def mask_url(url: str) -> str:
    """The URL with its password replaced, for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def describe(settings: Settings) -> list[str]:
    return [
        f"database: {mask_url(settings.database_url)}",
        f"redis: {mask_url(settings.redis_url) if settings.redis_url else 'none (state kept in the one worker)'}",
        f"workers: {settings.workers}",
        f"allowed origins: {', '.join(settings.allowed_origins)}",
        f"trusted proxies: {', '.join(map(str, settings.trusted_proxies)) or 'none (X-Forwarded-For ignored)'}",
        f"data dir: {settings.data_dir}",
        f"evidence dir: {settings.evidence_dir}",
    ] + ([f"clock date: {settings.clock_date} (EKINERJA_CLOCK_DATE: for tests only)"] if settings.clock_date else [])


def main(argv: list[str]) -> int:
    """Check the environment. ``--workers`` prints only the worker count (for scripts/prod.sh)."""
    try:
        settings = read_settings(os.environ)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(settings.workers if "--workers" in argv else "\n".join(describe(settings)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
