import pytest

from ekinerja.domain.predikat import OrganisationPredikat as Org
from ekinerja.domain.predikat import Predikat as P
from ekinerja.domain.predikat import Rating as R
from ekinerja.domain.predikat import distribution_problems, predikat_of

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
