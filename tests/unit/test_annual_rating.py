from ekinerja.domain.annual_rating import PeriodRating, needs_reason, propose_rating, propose_ratings
from ekinerja.domain.predikat import Rating as R


def _periods(*ratings: R) -> list[PeriodRating]:
    return [PeriodRating(f"Triwulan {i}", r) for i, r in enumerate(ratings, 1)]


def test_no_periodic_rating_no_proposal():
    assert propose_rating([]) is None


def test_the_most_frequent_rating_is_proposed():
    proposal = propose_rating(_periods(R.DI_ATAS, R.SESUAI, R.SESUAI, R.DI_ATAS, R.SESUAI))
    assert proposal.rating is R.SESUAI
    assert len(proposal.basis) == 5


def test_a_tie_goes_to_the_latest_period_among_the_tied():
    assert propose_rating(_periods(R.DI_ATAS, R.DI_BAWAH, R.DI_ATAS, R.DI_BAWAH)).rating is R.DI_BAWAH
    assert propose_rating(_periods(R.DI_BAWAH, R.DI_ATAS)).rating is R.DI_ATAS
    # three-way tie: the last one
    assert propose_rating(_periods(R.SESUAI, R.DI_BAWAH, R.DI_ATAS)).rating is R.DI_ATAS
    # a tie between two, with a less frequent latest rating: the later of the tied two
    assert propose_rating(_periods(R.SESUAI, R.DI_ATAS, R.DI_ATAS, R.SESUAI, R.DI_BAWAH)).rating is R.SESUAI


def test_a_single_period_is_its_own_proposal_and_raw_values_are_accepted():
    proposal = propose_rating([PeriodRating("Januari 2025", "dibawah")])
    assert proposal.rating is R.DI_BAWAH
    assert proposal.explanation == "Januari 2025: Di Bawah Ekspektasi"


def test_proposals_per_subject_keep_period_order():
    proposals = propose_ratings([
        ("Triwulan I", {"rhk_1": R.SESUAI, "rating_hasil": "sesuai"}),
        ("Triwulan II", {"rhk_1": R.DI_ATAS, "rhk_2": R.DI_BAWAH, "rating_hasil": "diatas"}),
        ("Triwulan III", {"rhk_1": R.DI_ATAS, "rhk_2": R.SESUAI, "rating_hasil": "diatas"}),
    ])
    assert proposals["rhk_1"].rating is R.DI_ATAS
    assert proposals["rhk_2"].rating is R.SESUAI  # 1-1 tie, the later
    assert [p.period for p in proposals["rhk_2"].basis] == ["Triwulan II", "Triwulan III"]
    assert proposals["rating_hasil"].explanation == "Triwulan I: Sesuai Ekspektasi; Triwulan II: Di Atas Ekspektasi; Triwulan III: Di Atas Ekspektasi"
    assert "rhk_3" not in proposals


def test_a_change_from_the_proposal_needs_a_reason():
    assert needs_reason(R.SESUAI, R.DI_ATAS)
    assert needs_reason("sesuai", "dibawah")
    assert not needs_reason(R.SESUAI, "sesuai")
    assert not needs_reason(None, R.DI_ATAS)  # nothing was proposed
    assert not needs_reason(R.SESUAI, None)  # not rated yet (a draft)
