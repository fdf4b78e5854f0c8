from datetime import date
from decimal import Decimal

from ekinerja.domain.keberatan import (
    DEFAULT_FILING_DAYS,
    TppChange,
    filing_deadline,
    months_of_period,
    unsettled_difference,
    within_filing_period,
)


def test_the_default_period_is_fourteen_days_from_receipt():
    assert DEFAULT_FILING_DAYS == 14
    assert filing_deadline(date(2026, 3, 20)) == date(2026, 4, 3)
    assert filing_deadline(date(2024, 2, 20), 14) == date(2024, 3, 5)  # across 29 February
    assert filing_deadline(date(2026, 12, 25), 14) == date(2027, 1, 8)  # across the year's end


def test_the_last_day_counts_and_the_day_after_does_not():
    received = date(2026, 3, 20)
    assert within_filing_period(date(2026, 3, 20), received)
    assert within_filing_period(date(2026, 4, 3), received)
    assert not within_filing_period(date(2026, 4, 4), received)
    assert not within_filing_period(date(2026, 3, 19), received)  # before the result existed
    assert within_filing_period(date(2026, 4, 19), received, 30)  # the instansi's own setting


def test_the_months_a_predikat_decides():
    assert months_of_period("bulanan", 5) == [5]
    assert months_of_period("triwulanan", 1) == [1, 2, 3]
    assert months_of_period("triwulanan", 4) == [10, 11, 12]
    assert months_of_period("tahunan", 1) == []


def test_only_locked_months_leave_a_difference_to_settle():
    changes = [
        TppChange(2026, 1, True, Decimal(2500000), Decimal(2750000)),
        TppChange(2026, 2, True, Decimal(2400000), Decimal(2640000)),
        TppChange(2026, 3, False, Decimal(2600000), Decimal(2860000)),  # recomputed, paid right
    ]
    assert changes[0].difference == Decimal(250000)
    assert unsettled_difference(changes) == Decimal(490000)
    assert unsettled_difference([]) == Decimal(0)
