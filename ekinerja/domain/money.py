"""Rupiah and percent as Indonesians write them: Rp 1.234.567 and 0,5 %."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

RUPIAH = Decimal(1)


def to_rupiah(amount: Decimal) -> Decimal:
    """Round to the whole rupiah, half up: done once, on the final figure (never "-0")."""
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP) + 0


def format_rupiah(amount: Decimal) -> str:
    value = to_rupiah(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,.0f}".replace(",", ".")


def format_percent(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def allocate_rupiah(amounts: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """Whole rupiah per line that add up exactly to ``total`` (largest remainder).

    Each line gets its amount rounded down; the rupiah still missing to reach ``total`` go one
    each to the lines with the largest fractions cut off (the earlier line on a tie), so a
    printed slip reconciles to the rupiah while every line stays within Rp 1 of its exact value.
    ``total`` is normally ``to_rupiah(sum(amounts))``.
    """
    floors = [amount.to_integral_value(rounding=ROUND_FLOOR) for amount in amounts]
    missing = int(total - sum(floors, Decimal(0)))
    by_remainder = sorted(range(len(amounts)), key=lambda i: (-(amounts[i] - floors[i]), i))
    for index in by_remainder[: max(missing, 0)]:
        floors[index] += 1
    return floors
