"""Reflex configuration. Operators configure ekinerja through EKINERJA_* variables (ekinerja/config.py)."""

import reflex as rx

from ekinerja.config import get_settings

settings = get_settings()

config = rx.Config(
    app_name="ekinerja",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    # Several backend workers share state through Redis when it is configured.
    redis_url=settings.redis_url,
    # Origins whose pages may open the event websocket and call the backend. A tuple: Reflex
    # recognises its "allow all" default only as ("*",).
    cors_allowed_origins=settings.allowed_origins,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Reflex warns when an event held its tab's state lock longer than this (default 1 s). Under
    # month-end load most events do, and printing those warnings took 5 % of a worker (issue 17):
    # warn only when an event is halfway to losing its lock (the expiry stays Reflex's 10 s).
    redis_lock_warning_threshold=5000,
)
