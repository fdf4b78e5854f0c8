"""Shared strategies for hostile input and the registry of which domain function each test covers.

``covers(...)`` marks a property test with the public domain functions it exercises;
test_coverage.py fails when a public function of ekinerja.domain has no such test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from hypothesis import strategies as st

COVERED: dict[str, list[str]] = {}


def covers(*functions: Callable) -> Callable:
    def mark(test: Callable) -> Callable:
        for function in functions:
            COVERED.setdefault(f"{function.__module__}.{function.__qualname__}", []).append(test.__name__)
        return test

    return mark


# Text a user could paste into a form field: anything Unicode, plus the nasty cases on purpose.
NASTY = (
    "",
    " ",
    "\x00",
    "A\x00B",
    "\u202eRTL override",
    "zero\u200bwidth",
    "\ufeffBOM",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://contoh.invalid")',
    "+1",
    "-1",
    "@SUM(A1)",
    "١٢٣",  # Arabic-Indic digits
    "１２３",  # full-width digits
    "e\u0301",  # combining accent
    "😀" * 50,
    "x" * 10_000,
    "\n\r\t",
    "NaN",
    "Infinity",
    "-0",
    "1e999999999",
    "9" * 400,
    "0x1F",
    "1_000",
    "<script>alert(1)</script>",
    "'; DROP TABLE employee; --",
)
hostile_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(alphabet="0123456789.,:-+eE ", max_size=20))
digits = st.text(alphabet="0123456789", min_size=0, max_size=20)
field_text = st.one_of(hostile_text, digits)

any_date = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
recent_date = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
leap_days = st.sampled_from([date(y, 2, 29) for y in (2000, 2004, 2016, 2020, 2024, 2028)])
times = st.times().map(lambda t: time(t.hour, t.minute))


def message_ok(message: object) -> bool:
    """A user-facing message: a non-empty string."""
    return isinstance(message, str) and message.strip() != ""


def errors_ok(errors: dict[str, str], fields: set[str]) -> bool:
    """Every error names a field of the form and says something."""
    return all(field in fields and message_ok(message) for field, message in errors.items())
