"""Matriks peran hasil, masukan rekan kerja and penilaian diri under any links, answers and forms."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import keberatan as kb
from ekinerja.domain import peer_input as pi
from ekinerja.domain import peran_hasil as ph
from ekinerja.domain import self_assessment as sa
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.predikat import OrganisationPredikat, Predikat, kurva_report
from ekinerja.domain.skp_rules import evaluated_months
from tests.unit.properties.support import covers, errors_ok, hostile_text

kinds = st.sampled_from(["utama", "tambahan"])
ids = st.integers(1, 30)
atasan_rhks = st.lists(st.builds(ph.AtasanRhk, ids, kinds, hostile_text), max_size=6, unique_by=lambda r: r.id)
member_rhks = st.lists(st.builds(ph.MemberRhk, st.integers(100, 400), kinds, hostile_text, st.one_of(st.none(), ids)), max_size=5, unique_by=lambda r: r.id)
members = st.lists(
    st.builds(ph.Member, st.integers(1000, 1100), hostile_text, hostile_text, st.sampled_from([None, "draft", "disetujui"]),
              member_rhks.map(tuple)),
    max_size=5, unique_by=lambda m: m.employee_id,
)
aliases = st.dictionaries(ids, ids, max_size=5)


@covers(ph.build_matrix, ph.resolve_link)
@given(atasan_rhks, members, aliases)
def test_every_member_rhk_lands_in_exactly_one_cell_or_the_unlinked_list(targets, team, alias):
    matrix = ph.build_matrix(targets, team, aliases=alias)
    assert sorted(r.rhk.id for r in matrix.rows) == sorted(r.id for r in targets)
    assert all(len(row.cells) == len(team) for row in matrix.rows)
    known = {r.id for r in targets}
    for m, member in enumerate(team):
        placed = [rhk.id for row in matrix.rows for rhk in row.cells[m]]
        unlinked = [u.rhk.id for u in matrix.unlinked if u.member.employee_id == member.employee_id]
        assert sorted(placed + unlinked) == sorted(r.id for r in member.rhks)
        for row in matrix.rows:
            assert all(ph.resolve_link(rhk.atasan_rhk_id, alias) == row.rhk.id in known for rhk in row.cells[m])
    assert {r.id for r in matrix.unserved} == {row.rhk.id for row in matrix.rows if not any(row.cells)}


@covers(ph.successor_aliases)
@given(atasan_rhks, atasan_rhks)
def test_a_successor_has_the_same_kind_and_wording(old, current):
    by_id = {r.id: r for r in current}
    olds = {r.id: r for r in old}
    for old_id, new_id in ph.successor_aliases(old, current).items():
        assert old_id != new_id and olds[old_id].kind == by_id[new_id].kind
        assert " ".join(olds[old_id].description.split()).casefold() == " ".join(by_id[new_id].description.split()).casefold()


ANSWER_FIELDS = {f"{kind}_{v.code}" for v in BERAKHLAK for kind in ("rating", "reason")}


@covers(pi.validate_answer)
@given(st.dictionaries(st.sampled_from(sorted(ANSWER_FIELDS)), st.one_of(hostile_text, st.sampled_from(["diatas", "sesuai", "dibawah"]))))
def test_an_answer_is_whole_or_refused_field_by_field(form):
    answers, errors = pi.validate_answer(form)
    assert errors_ok(errors, ANSWER_FIELDS)
    if answers is not None:
        assert len(answers) == 7 and all(a.rating in pi.RATING_LABELS and pi.REASON_MIN <= len(a.reason) <= pi.REASON_MAX for a in answers)


@covers(pi.relation_of)
@given(ids, ids, st.lists(ids), st.lists(ids))
def test_nobody_is_asked_about_themselves(candidate, employee, peers, bawahan):
    relation = pi.relation_of(candidate, employee=employee, peers=peers, bawahan=bawahan)
    assert relation in (None, "rekan", "bawahan")
    assert candidate != employee or relation is None
    assert relation is None or candidate in peers or candidate in bawahan


@covers(pi.summarise)
@given(st.integers(0, 10), st.lists(st.builds(pi.ValueAnswer, st.sampled_from([v.code for v in BERAKHLAK]),
                                               st.sampled_from(["diatas", "sesuai", "dibawah"]), hostile_text), max_size=40))
def test_below_three_answers_nothing_is_shown(answered, answers):
    summary = pi.summarise(answered + 1, answered, answers)
    assert summary.shown is (answered >= pi.MIN_ANSWERS)
    for value in summary.values:
        mine = [a for a in answers if a.value_code == value.value_code]
        assert sum(value.counts.values()) == len(mine) and list(value.reasons) == sorted(a.reason for a in mine)


@covers(sa.validate_self_assessment)
@given(st.lists(ids, unique=True, max_size=4), st.data(), st.booleans())
def test_a_penilaian_diri_is_kept_whole_or_refused_field_by_field(rhk_ids, data, send):
    fields = {f"{kind}_{i}" for i in rhk_ids for kind in ("self", "note")}
    form = data.draw(st.dictionaries(st.sampled_from(sorted(fields)) if fields else st.nothing(),
                                     st.one_of(hostile_text, st.sampled_from(["diatas", "sesuai", "dibawah"]))))
    items, errors = sa.validate_self_assessment(rhk_ids, form, send=send)
    assert errors_ok(errors, fields)
    if items is not None:
        assert [i.rhk_id for i in items] == rhk_ids
        assert not send or all(i.rating in sa.RATINGS and len(i.note) >= sa.NOTE_MIN for i in items)


@covers(evaluated_months)
@given(st.sampled_from(["bulanan", "triwulanan", "tahunan"]), st.integers(1, 12), st.lists(st.integers(1, 12), unique=True).map(sorted))
def test_an_evaluation_period_takes_only_months_of_the_skp(kind, number, months):
    chosen = evaluated_months(kind, number, months)
    assert set(chosen) <= set(months) and chosen == sorted(chosen)
    assert kind != "tahunan" or chosen == months
    assert kind != "bulanan" or chosen == [m for m in months if m == number]


days_of_2026 = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
periods_of_2026 = st.lists(
    st.tuples(days_of_2026, days_of_2026).map(lambda d: ph.SkpPeriod(min(d), max(d))), max_size=4, unique=True,
)


@covers(ph.matrix_day)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)), periods_of_2026, st.data())
def test_the_matrix_day_lies_in_the_chosen_period_or_the_year(today, periods, data):
    chosen = data.draw(st.one_of(st.none(), st.sampled_from(periods))) if periods else None
    period, day = ph.matrix_day(today, 2026, periods, chosen)
    if not periods:
        assert period is None and date(2026, 1, 1) <= day <= date(2026, 12, 31)
        return
    assert period in periods and period.start <= day <= period.end
    assert chosen is None or period == chosen
    if period.start <= today <= period.end:
        assert day == today


@covers(kb.distribution_text)
@given(st.lists(st.sampled_from(list(Predikat)), max_size=12), st.sampled_from(list(OrganisationPredikat)))
def test_the_distribution_text_counts_everyone_once(predikat, capaian):
    text = kb.distribution_text(kurva_report(capaian, predikat))
    assert text.startswith(f"{len(predikat)} pegawai")
    listed = re.findall(r"(\d+) ([A-Z][^,]*)", text.partition(": ")[2])
    assert sum(int(n) for n, _label in listed) == len(predikat)
    assert {label for _n, label in listed} == {p.label for p in set(predikat)}
