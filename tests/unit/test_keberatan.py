from datetime import date
from decimal import Decimal

from ekinerja.domain.keberatan import (
    DEFAULT_FILING_DAYS,
    KurvaRecheck,
    TppChange,
    distribution_text,
    filing_deadline,
    months_of_period,
    unsettled_difference,
    within_filing_period,
)
from ekinerja.domain.predikat import OrganisationPredikat, Predikat, kurva_report


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


# -- The unit's kurva after an upheld keberatan ---------------------------------------------------

SB, B, BP = Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN


def _recheck(before, after, *, closed=True, capaian="baik") -> KurvaRecheck:
    org = OrganisationPredikat(capaian)
    return KurvaRecheck("Bidang Mutasi", closed, kurva_report(org, before), kurva_report(org, after))


def test_an_upheld_keberatan_that_breaks_a_closed_units_kurva_is_flagged():
    # Capaian Baik over 4: Baik at most 2, and a Butuh Perbaikan/Kurang is needed; the BP becomes Baik.
    recheck = _recheck([B, B, SB, BP], [B, B, SB, B])
    assert recheck.breach and recheck.newly_broken and recheck.flagged
    note = recheck.note()
    assert note.startswith("Kurva distribusi unit Bidang Mutasi yang penilaiannya sudah ditutup (capaian unit Baik), "
                           "setelah keputusan: 4 pegawai: 1 Sangat Baik, 3 Baik.")
    assert "menjadi TIDAK SESUAI kurva karena keputusan ini" in note and "Baik paling banyak 70% pegawai (2 dari 4)" in note
    assert "bersifat final (PP 30/2019 Pasal 59 ayat 4)" in note


def test_a_kurva_that_still_fits_or_was_already_broken():
    fits = _recheck([B, B, SB, BP], [B, B, BP, BP])  # Sangat Baik to Butuh Perbaikan: still Baik-led
    assert not fits.breach and not fits.flagged and fits.note().endswith("Distribusi tetap sesuai kurva.")
    still = _recheck([B, B, B, SB], [B, B, B, B])  # closed with a reason already; still outside
    assert still.breach and not still.newly_broken and "Distribusi tetap tidak sesuai kurva" in still.note()
    mended = _recheck([B, B, B, SB], [B, B, BP, SB])
    assert not mended.breach and mended.note().endswith("Distribusi kini sesuai kurva (sebelumnya tidak sesuai).")


def test_an_open_unit_is_reported_but_not_flagged():
    recheck = _recheck([B, B, SB, BP], [B, B, SB, B], closed=False)
    assert recheck.breach and not recheck.flagged
    assert "belum ditutup" in recheck.note() and recheck.note().endswith("saat menutup penilaian unit.")


def test_the_distribution_text_leaves_out_predikat_nobody_holds():
    assert distribution_text(kurva_report(OrganisationPredikat("baik"), [B, BP, B])) == "3 pegawai: 2 Baik, 1 Butuh Perbaikan"
    assert distribution_text(kurva_report(OrganisationPredikat("baik"), [])) == "0 pegawai"
