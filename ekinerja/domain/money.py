"""Rupiah and percent as Indonesians write them: Rp 1.234.567 and 0,5 %."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

RUPIAH = Decimal(1)


def to_rupiah(amount: Decimal) -> Decimal:
    """Round to the whole rupiah, half up: done once, on the final figure."""
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def format_rupiah(amount: Decimal) -> str:
    value = to_rupiah(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,.0f}".replace(",", ".")


def format_percent(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"
