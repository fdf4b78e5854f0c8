"""A blank Reflex app: the framework's own per-event cost, for bench/submit.py to measure beside ekinerja."""

import os

import reflex as rx

config = rx.Config(
    app_name="blank",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=os.environ.get("EKINERJA_REDIS_URL") or None,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
