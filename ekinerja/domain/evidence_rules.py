"""Which evidence files are accepted: judged by their content, not by the name or the browser's word."""

from __future__ import annotations

# (magic prefix, content type, extension)
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
ACCEPTED_TEXT = "PDF, PNG atau JPG"


class RejectedFile(ValueError):
    """The message says, in Bahasa Indonesia, why the file was refused."""


def sniff(data: bytes, *, max_bytes: int) -> tuple[str, str]:
    """The content type and extension of an acceptable file, or RejectedFile."""
    if not data:
        raise RejectedFile("Berkas kosong.")
    if len(data) > max_bytes:
        raise RejectedFile(f"Berkas terlalu besar: maksimal {max_bytes // 1024} KB.")
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    raise RejectedFile(f"Jenis berkas tidak diterima: hanya {ACCEPTED_TEXT}.")


def safe_display_name(name: str) -> str:
    """The original file name, as a name only: no directories, no control characters, bounded."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip() or "berkas"
    return cleaned[:255]
