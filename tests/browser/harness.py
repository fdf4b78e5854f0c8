"""Runs the real app (reflex run, demo data on a fresh database) and headless Debian Chromium.

Loaded as a plugin (pytest.ini: -p tests.browser.harness) so that every directory of tests
shares one running app per session.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
STARTUP_TIMEOUT = 600
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, deadline: float, proc: subprocess.Popen, log: Path) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"reflex exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} did not answer:\n{log.read_text()[-4000:]}")


@contextmanager
def serving(command: list[str], env: dict[str, str], log: Path, urls: list[str]) -> Iterator[subprocess.Popen]:
    """Run ``command`` in its own process group until every URL answers; stop the group afterwards."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        for url in urls:
            wait_for(url, deadline, proc, log)
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop the process group started by ``serving`` (a test may stop it early)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@dataclass(frozen=True)
class RunningApp:
    url: str
    backend_url: str
    database_url: str
    accounts: dict[str, dict]
    env: dict[str, str]
    # "dev": `reflex run` (SQLite unless EKINERJA_BROWSER_DATABASE_URL). "prod": scripts/prod.sh,
    # the documented production start, with `workers` granian workers sharing Redis.
    mode: str
    workers: int


def browser_mode() -> str:
    return os.environ.get("EKINERJA_BROWSER_MODE", "dev")


def _app_command(mode: str, env: dict[str, str], frontend: int, backend: int) -> list[str]:
    if mode == "dev":
        return ["reflex", "run", "--frontend-port", str(frontend), "--backend-port", str(backend)]
    if mode != "prod":
        raise pytest.UsageError(f"EKINERJA_BROWSER_MODE must be dev or prod, not {mode!r}")
    if not env.get("EKINERJA_REDIS_URL"):
        raise pytest.UsageError("EKINERJA_BROWSER_MODE=prod needs EKINERJA_REDIS_URL (scripts/services.sh start)")
    env.update(EKINERJA_HOST="127.0.0.1", EKINERJA_PORT=str(frontend), EKINERJA_SKIP_BOOTSTRAP="1")
    return [str(ROOT / "scripts" / "prod.sh")]


@pytest.fixture(scope="session")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    data_dir = tmp_path_factory.mktemp("app-data")
    mode = browser_mode()
    workers = int(os.environ.get("EKINERJA_BROWSER_WORKERS", "2")) if mode == "prod" else 1
    # The app under test gets a database of its own: the integration tests rebuild theirs per test.
    database_url = os.environ.get("EKINERJA_BROWSER_DATABASE_URL") or f"sqlite:///{data_dir / 'app.db'}"
    env = {
        **os.environ,
        "EKINERJA_DATA_DIR": str(data_dir),
        "EKINERJA_DATABASE_URL": database_url,
        "EKINERJA_BCRYPT_ROUNDS": "4",
        "EKINERJA_WORKERS": str(workers),
        "REFLEX_TELEMETRY_ENABLED": "false",
        # The tests reach the app from 127.0.0.1 and act as the reverse proxy: X-Forwarded-For set by a
        # test names the client address the per-address login limits see (tests/security).
        "EKINERJA_TRUSTED_PROXIES": "127.0.0.1",
        # The idle-limit test (tests/security/test_sessions.py) waits past one live-page recheck.
        "EKINERJA_LIVE_RECHECK_SECONDS": "10",
        # Screenshots written by the tests must not hot-reload the app under test.
        "REFLEX_HOT_RELOAD_OVERRIDE_PATHS": str(ROOT / "ekinerja"),
    }
    subprocess.run([sys.executable, "-m", "ekinerja.migrate", "--fresh"], cwd=ROOT, env=env, check=True)
    seeded = subprocess.run(
        [sys.executable, "-m", "ekinerja.demo.seed", "--json"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    accounts = json.loads(seeded.stdout.strip().splitlines()[-1])
    # Production mode serves the built frontend and the backend on one port.
    frontend = free_port()
    backend = frontend if mode == "prod" else free_port()
    command = _app_command(mode, env, frontend, backend)
    urls = [f"http://127.0.0.1:{backend}/ping", f"http://127.0.0.1:{frontend}/login"]
    log = data_dir / "reflex.log"
    with serving(command, env, log, urls):
        yield RunningApp(
            f"http://127.0.0.1:{frontend}", f"http://127.0.0.1:{backend}", database_url, accounts, env, mode, workers
        )
    # The app's own deprecations (Reflex logs them with the call site) fail the run, as in-process ones do.
    ours = [line for line in log.read_text(errors="replace").splitlines() if "deprecated" in line and "ekinerja/" in line]
    assert not ours, "the app used deprecated Reflex features:\n" + "\n".join(ours)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # A first render after navigation can take several seconds on a loaded 2-core CI machine
    # (PostgreSQL + Redis pass); what is expected must still happen, only the wait is longer.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _context(browser, running_app, viewport, **extra):
    context = browser.new_context(viewport=viewport, base_url=running_app.url, locale="id-ID", **extra)
    context.set_default_timeout(30_000)
    return context


def phone_context(browser, running_app):
    """A phone of its own (its own cookies and tabs), for tests with more than one person at once."""
    return _context(browser, running_app, PHONE, is_mobile=True, has_touch=True)


def desktop_context(browser, running_app):
    return _context(browser, running_app, DESKTOP)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


def _page_for(request, context):
    page = context.new_page()
    yield page
    if getattr(request.node, "failed_call", False):
        # What the browser showed when the test failed: the first thing to look at in CI.
        screenshot(page, f"GAGAL-{request.node.name}")
    context.close()


@pytest.fixture
def phone(request, browser, running_app):
    yield from _page_for(request, phone_context(browser, running_app))


@pytest.fixture
def desktop(request, browser, running_app):
    yield from _page_for(request, desktop_context(browser, running_app))


def screenshot(page, name: str) -> None:
    """Screenshots double as the user guide's pictures (docs/panduan)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def login(page, nip: str, password: str) -> None:
    page.goto("/login")
    page.locator("#nip").fill(nip)
    page.locator("#password").fill(password)
    page.locator("#tombol-masuk").click()
