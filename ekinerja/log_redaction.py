"""No token, socket id or password in any log line, whoever logs it and at whatever level.

Reflex names the tab's client token (a UUID) and the Socket.IO session id in several messages
("Attempting to send delta to disconnected client '<uuid>'", task names, failed event payloads with
the login form or the hydrate's session token in them). A client token or a session token read from a
log would let its reader act as that tab (see ekinerja/state/socket_binding.py for the other half of
that defence). The stdlib's record factory (``logging.setLogRecordFactory``) is the one place every
record of every logger passes through, before any handler (Reflex's rich console, granian's, a file)
formats it: there the message, its arguments, the traceback and the stack are rendered once and the
secrets in them replaced by placeholders.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable

_EDGE_BEFORE = r"(?<![A-Za-z0-9_-])"
_EDGE_AFTER = r"(?![A-Za-z0-9_-])"
_MIXED_CASE = r"(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[A-Z])"

REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Reflex client tokens (per-tab UUIDs), also inside ``?token=`` query strings and task names.
    (re.compile(r"(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<token>"),
    # ekinerja session tokens: secrets.token_urlsafe(32), 43 URL-safe base64 characters.
    (re.compile(_EDGE_BEFORE + _MIXED_CASE + r"[A-Za-z0-9_-]{43}" + _EDGE_AFTER), "<session>"),
    # Their SHA-256 digests as stored in auth_session.token_hash.
    (re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])"), "<digest>"),
    # Socket.IO / Engine.IO session ids: 15 random bytes, URL-safe base64, 20 characters.
    (re.compile(_EDGE_BEFORE + _MIXED_CASE + r"[A-Za-z0-9_-]{20}" + _EDGE_AFTER), "<sid>"),
    # Passwords inside a logged event payload or form ('password': '...', "new_password": "...").
    (
        re.compile(r"""(?i)((?:password|confirmation|kata_sandi)['"]?\s*[:=]\s*)(['"])(?:\\.|(?!\2).)*\2"""),
        r"\1\2<secret>\2",
    ),
)


def redact(text: str) -> str:
    for pattern, placeholder in REDACTIONS:
        text = pattern.sub(placeholder, text)
    return text


def _rendered(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed call still gets logged, as its bare format string
        message = str(record.msg)
    if record.exc_info and record.exc_info[0] is not None:
        message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
    elif record.exc_text:
        message += "\n" + record.exc_text
    if record.stack_info:
        message += "\n" + record.stack_info
    return message


def scrub(record: logging.LogRecord) -> None:
    """Render ``record`` once and replace the secrets in it; handlers then format plain text."""
    record.msg = redact(_rendered(record))
    record.args = ()
    # Rendered into the message above: a handler must not render the raw traceback again.
    record.exc_info = record.exc_text = record.stack_info = None


def install() -> None:
    """Scrub every log record this process creates from now on (idempotent)."""
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
    if getattr(previous, "redacts", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        scrub(record)
        return record

    factory.redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
