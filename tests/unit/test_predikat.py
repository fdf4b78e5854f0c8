import pytest

from ekinerja.domain.predikat import OrganisationPredikat as Org
from ekinerja.domain.predikat import Predikat as P
from ekinerja.domain.predikat import Rating as R
from ekinerja.domain.predikat import distribution_problems, head_rating_hasil, kurva_report, predikat_of

MATRIX = [
    (R.DI_ATAS, R.DI_ATAS, P.SANGAT_BAIK),
    (R.DI_ATAS, R.SESUAI, P.BAIK),
    (R.DI_ATAS, R.DI_BAWAH, P.KURANG),
    (R.SESUAI, R.DI_ATAS, P.BAIK),
    (R.SESUAI, R.SESUAI, P.BAIK),
    (R.SESUAI, R.DI_BAWAH, P.KURANG),
    (R.DI_BAWAH, R.DI_ATAS, P.BUTUH_PERBAIKAN),
    (R.DI_BAWAH, R.SESUAI, P.BUTUH_PERBAIKAN),
    (R.DI_BAWAH, R.DI_BAWAH, P.SANGAT_KURANG),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX)
def test_all_nine_cells(hasil, perilaku, expected):
    assert predikat_of(hasil, perilaku) is expected
    assert predikat_of(hasil.value, perilaku.value) is expected


def test_labels():
    assert P.KURANG.label == "Kurang/Misconduct"
    assert R.DI_ATAS.label == "Di Atas Ekspektasi"


def spread(**counts):
    return [P(name) for name, n in counts.items() for _ in range(n)]


@pytest.mark.parametrize(
    ("org", "fits", "breaks", "fragment"),
    [
        (Org.ISTIMEWA, spread(sangat_baik=7, baik=3), spread(sangat_baik=8, baik=2), "Sangat Baik paling banyak 70%"),
        (Org.BAIK, spread(baik=7, butuh_perbaikan=1, sangat_baik=2), spread(baik=8, sangat_baik=2), "Harus ada"),
        (Org.BAIK, spread(baik=7, kurang=1, sangat_baik=2), spread(baik=9, kurang=1), "Baik paling banyak 70%"),
        (Org.BUTUH_PERBAIKAN, spread(butuh_perbaikan=6, sangat_baik=1, baik=3), spread(butuh_perbaikan=5, baik=5), "paling sedikit 60%"),
        (Org.BUTUH_PERBAIKAN, spread(butuh_perbaikan=6, sangat_baik=1, baik=3), spread(butuh_perbaikan=6, sangat_baik=2, baik=2), "Sangat Baik paling banyak 10%"),
        (Org.KURANG, spread(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2), spread(kurang=6, baik=4), "Butuh Perbaikan paling sedikit 10%"),
        (Org.KURANG, spread(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2), spread(kurang=5, butuh_perbaikan=5), "Kurang/Misconduct paling sedikit 60%"),
        (Org.SANGAT_KURANG, spread(sangat_kurang=6, kurang=1, baik=3), spread(sangat_kurang=6, baik=3, sangat_baik=1), "Tidak boleh"),
        (Org.SANGAT_KURANG, spread(sangat_kurang=6, butuh_perbaikan=1, baik=3), spread(sangat_kurang=6, baik=4), "paling sedikit 10%"),
    ],
)
def test_each_kurva_rule(org, fits, breaks, fragment):
    assert distribution_problems(org, fits) == []
    problems = distribution_problems(org, breaks)
    assert any(fragment in p for p in problems), problems


def test_an_empty_unit_has_nothing_to_check():
    assert distribution_problems(Org.BAIK, []) == []


def test_sebagian_besar_is_checked_not_only_the_caps():
    # Baik within its 70% cap and a Butuh Perbaikan present, but more Sangat Baik than Baik.
    report = kurva_report(Org.BAIK, spread(sangat_baik=5, baik=4, butuh_perbaikan=1))
    assert not report.fits
    assert report.problems == [
        "Sebagian besar pegawai berpredikat Baik: saat ini 4 pegawai (40%); Sangat Baik lebih banyak (5 pegawai)."
    ]
    assert kurva_report(Org.ISTIMEWA, spread(sangat_baik=3, baik=4, butuh_perbaikan=1)).problems == [
        "Sebagian besar pegawai berpredikat Sangat Baik: saat ini 3 pegawai (38%); Baik lebih banyak (4 pegawai)."
    ]
    # A tie for the largest group still counts as "the largest part".
    assert kurva_report(Org.BAIK, spread(baik=2, butuh_perbaikan=1, sangat_baik=1)).fits


def test_the_report_counts_whole_people_and_says_what_would_fit():
    report = kurva_report(Org.BAIK, spread(baik=8, sangat_baik=2))
    assert [(r.text, r.ok) for r in report.rules] == [
        ("Sebagian besar pegawai berpredikat Baik", True),
        ("Baik paling banyak 70% pegawai (7 dari 10)", False),
        ("Harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang/Misconduct", False),
    ]
    assert report.problems == [
        "Baik paling banyak 70% pegawai (7 dari 10): saat ini 8 pegawai (80%); kurangi 1 pegawai Baik.",
        ("Harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang/Misconduct: saat ini 0 pegawai (0%); "
        "tetapkan paling sedikit 1 pegawai Butuh Perbaikan dan/atau Kurang/Misconduct."),
    ]
    # "At least 10%" of 8 people is one person, rounded up; "at most 10%" of 8 is none.
    kurang = kurva_report(Org.KURANG, spread(kurang=5, butuh_perbaikan=1, baik=1, sangat_baik=1))
    assert [r.text for r in kurang.rules if not r.ok] == ["Sangat Baik paling banyak 10% pegawai (0 dari 8)"]
    assert report.share(P.BAIK) == 0.8 and report.total == 10


def test_an_empty_unit_report_fits():
    assert kurva_report(Org.SANGAT_KURANG, []).fits


@pytest.mark.parametrize(
    ("capaian", "rating"),
    [
        (Org.ISTIMEWA, R.DI_ATAS),
        (Org.BAIK, R.SESUAI),
        (Org.BUTUH_PERBAIKAN, R.DI_BAWAH),
        (Org.KURANG, R.DI_BAWAH),
        (Org.SANGAT_KURANG, R.DI_BAWAH),
    ],
)
def test_the_head_rating_hasil_follows_the_unit_capaian(capaian, rating):
    assert head_rating_hasil(capaian) is rating
    assert head_rating_hasil(capaian.value) is rating
