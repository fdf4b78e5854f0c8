"""Benchmark 4: time to first render of the Dashboard in headless Chromium, production build.

Starts ``reflex run --env prod`` (static export served by the backend, one port), signs the
demo staf in by putting a freshly minted session token where the browser keeps it
(LocalStorage ``ekinerja_session``), then loads ``/`` and waits until the Dashboard shows the
staf's own figures (``#progres-skp``, filled by the page's on_load over the websocket) and
name. "First" is the very first load after the server started; "cold" a new browser context (empty
cache) after that; "warm" the median of reloads.
First contentful paint (the static shell) is reported beside it.

    python -m bench.pageload --url postgresql+psycopg://... --redis redis://...
"""

from __future__ import annotations

import statistics
import time

from playwright.sync_api import expect, sync_playwright
from sqlalchemy import text

from bench.common import ROOT, app_env, record, server_arguments, start, stop, wait_http
from bench.datagen import mint_sessions
from ekinerja.db import make_engine
from ekinerja.demo.seed import DEMO_PEOPLE
from ekinerja.state.app_state import SESSION_STORAGE_KEY

STAF_NIP = "198509032016081724"
CHROMIUM = "/usr/bin/chromium"
BUILD_TIMEOUT = 900


def _load(page, url: str) -> tuple[float, float]:
    """(seconds until the Dashboard shows the staf's figures, first contentful paint in seconds)."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    expect(page.locator("#progres-skp")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(DEMO_PEOPLE["staf"].name, exact=False).first).to_be_visible(timeout=60_000)
    rendered = time.perf_counter() - started
    fcp = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime / 1000"
    )
    return rendered, fcp


def measure(base: str, token: str, reloads: int) -> dict:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)

        def fresh_page():
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(f"window.localStorage.setItem({SESSION_STORAGE_KEY!r}, {token!r});")
            return context.new_page()

        first, _ = _load(fresh_page(), base + "/")  # the server's first page too: workers warm their caches
        page = fresh_page()
        cold, cold_fcp = _load(page, base + "/")
        warm = [_load(page, base + "/") for _ in range(reloads)]
        browser.close()
    return {
        "first_after_start_s": round(first, 3), "cold_s": round(cold, 3), "cold_fcp_s": round(cold_fcp, 3),
        "warm_s": round(statistics.median(w[0] for w in warm), 3),
        "warm_fcp_s": round(statistics.median(w[1] for w in warm), 3),
        "warm_max_s": round(max(w[0] for w in warm), 3),
    }


def run(url: str, redis_url: str | None, *, workers: int, port: int, reloads: int) -> dict:
    engine = make_engine(url)
    with engine.connect() as conn:
        staf_id = conn.execute(text("SELECT id FROM employee WHERE nip = :nip"), {"nip": STAF_NIP}).scalar_one()
    token = mint_sessions(engine, [staf_id])[0]
    engine.dispose()
    app = start(["reflex", "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port), "--loglevel", "warning"],
                env=app_env(url, redis_url, workers), log=ROOT / "bench" / "results" / "pageload-app.log")
    try:
        started = time.perf_counter()
        wait_http(f"http://127.0.0.1:{port}/ping", process=app, timeout=BUILD_TIMEOUT)
        wait_http(f"http://127.0.0.1:{port}/", process=app, timeout=60)
        build_s = time.perf_counter() - started
        figures = measure(f"http://127.0.0.1:{port}", token, reloads)
    finally:
        stop(app)
    result = {"benchmark": "pageload", "page": "/ (Dashboard, staf)", "workers": workers, "build_and_start_s": round(build_s), **figures}
    record(result)
    return result


def main() -> None:
    parser = server_arguments(__doc__)
    parser.add_argument("--port", type=int, default=8732)
    parser.add_argument("--reloads", type=int, default=5)
    args = parser.parse_args()
    run(args.url, args.redis, workers=args.workers, port=args.port, reloads=args.reloads)


if __name__ == "__main__":
    main()
