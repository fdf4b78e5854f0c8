"""NIPs, passwords, lockout and evidence files under arbitrary input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import client_address, evidence_rules, lockout, names, nip, password_policy
from tests.unit.properties.support import covers, field_text, hostile_text, message_ok

TODAY = date(2026, 11, 23)


@st.composite
def valid_nips(draw) -> tuple[str, date, str]:
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2006, 12, 31)))
    tmt_year = draw(st.integers(birth.year + 15, TODAY.year))
    tmt_month = draw(st.integers(1, 12 if tmt_year < TODAY.year else TODAY.month))
    gender = draw(st.sampled_from("12"))
    sequence = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}{sequence:03d}", birth, gender


@covers(nip.normalize_nip, nip.parse_nip)
@given(field_text)
def test_any_text_is_a_nip_or_a_message(raw):
    assert not set(nip.normalize_nip(raw)) & set(" .\t-")
    try:
        info = nip.parse_nip(raw, today=TODAY)
    except nip.InvalidNip as problem:
        assert message_ok(str(problem))
    else:
        assert len(info.nip) == 18 and info.nip.isascii() and info.nip.isdigit()


@covers(nip.parse_nip)
@given(valid_nips(), st.sampled_from(["{}", "{} ", " {}", "{0:.8}.{1}", "{0:.8} {1}"]))
def test_a_valid_nip_parses_consistently_with_its_parts(case, layout):
    raw, birth, gender = case
    pasted = layout.format(raw[:8], raw[8:]) if "{1}" in layout else layout.format(raw)
    info = nip.parse_nip(pasted, today=TODAY)
    assert info.nip == raw and info.birth_date == birth
    assert info.gender == ("L" if gender == "1" else "P")
    assert info.initial_password == raw[:8]
    assert (info.tmt_year, info.tmt_month, info.sequence) == (int(raw[8:12]), int(raw[12:14]), int(raw[15:]))


@st.composite
def valid_ni_pppk(draw) -> tuple[str, date, int, int]:
    birth = draw(st.dates(min_value=date(1960, 1, 1), max_value=date(2006, 12, 31)))
    year = draw(st.integers(max(nip.PPPK_FIRST_YEAR, birth.year + 15), TODAY.year))
    contract = draw(st.integers(1, 9))
    gender, sequence = draw(st.sampled_from("12")), draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{year}2{contract}{gender}{sequence:03d}", birth, year, contract


@covers(nip.parse_nip, nip.layout_of, nip.nip_summary)
@given(valid_ni_pppk())
def test_a_valid_ni_pppk_parses_as_pppk_and_only_as_pppk(case):
    raw, birth, year, contract = case
    info = nip.parse_nip(raw, today=TODAY, status="PPPK")
    assert (info.birth_date, info.tmt_year, info.tmt_month, info.contract_count) == (birth, year, None, contract)
    assert nip.layout_of(raw, today=TODAY) == "PPPK"
    assert nip.nip_summary(raw, status="PPPK", today=TODAY) == info.summary() and str(year) in info.summary()
    with pytest.raises(nip.InvalidNip, match="sesuai pola NI PPPK"):
        nip.parse_nip(raw, today=TODAY, status="PNS")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("200002292020061001", None),  # 29 February of a leap year
        ("199002292016061001", "tanggal lahir yang sah"),  # 1990 is no leap year
        ("١٩٨٥٠٣١٥٢٠١٠٠١١٠٠١", "hanya boleh berisi angka"),
        ("1985031520100110011", "18 digit"),
    ],
)
def test_leap_days_and_foreign_digits(raw, message):
    if message is None:
        assert nip.parse_nip(raw, today=TODAY).birth_date == date(2000, 2, 29)
    else:
        with pytest.raises(nip.InvalidNip, match=message):
            nip.parse_nip(raw, today=TODAY)


@covers(password_policy.password_problems)
@given(hostile_text, st.sampled_from(["", "198509032016081724"]), st.booleans())
def test_password_problems_are_messages_and_an_accepted_password_meets_every_rule(password, employee_nip, same):
    problems = password_policy.password_problems(password, nip=employee_nip, same_as_current=same)
    assert all(message_ok(p) for p in problems)
    if not problems:
        assert password_policy.MIN_LENGTH <= len(password) <= password_policy.MAX_LENGTH and not same
        assert any(c.islower() for c in password) and any(c.isupper() for c in password) and any(c.isdigit() for c in password)
        assert not employee_nip or employee_nip[:8] not in password


@covers(lockout.wait, lockout.remaining_failures, lockout.delay_after, lockout.after_failure, lockout.after_success)
@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 3600)), max_size=40),
    st.integers(1, 30),
    st.floats(0.01, 10),
    st.floats(1, 3600),
    st.floats(1, 86_400),
)
def test_failures_slow_down_within_the_maximum_and_success_forgives(events, free, first, maximum, forgive):
    policy = lockout.Policy(free, first, maximum, forgive)
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    state = lockout.ThrottleState()
    for failed, seconds in events:
        now += timedelta(seconds=seconds)
        waiting = lockout.wait(state, now)
        assert timedelta(0) <= waiting <= timedelta(seconds=maximum)
        if waiting:
            assert lockout.after_failure(state, now, policy) == state
            continue
        if failed:
            remembered = lockout.remaining_failures(state, now, policy)
            assert 0 <= remembered <= state.failed_count
            state = lockout.after_failure(state, now, policy)
            assert state.failed_count == remembered + 1
            assert lockout.wait(state, now) == lockout.delay_after(state.failed_count, policy)
            assert bool(lockout.wait(state, now)) == (state.failed_count > free)
        else:
            state = lockout.after_success(state)
            assert state == lockout.ThrottleState()


@covers(client_address.client_address)
@given(
    st.sampled_from(["203.0.113.7", "10.0.0.2", "2001:db8::5", "[2001:db8::5]:443", "10.0.0.2:51000", "bukan-ip", ""]),
    st.lists(st.sampled_from(["198.51.100.1", "10.0.0.3", " 10.0.0.2 ", "garbage", "2001:db8::9", ""]), max_size=5),
    st.lists(st.sampled_from(["10.0.0.0/8", "10.0.0.2/32", "2001:db8::/64"]), max_size=2),
)
def test_the_client_address_believes_forwarded_for_only_from_trusted_proxies(peer, hops, trusted):
    from ipaddress import ip_address, ip_network

    proxies = [ip_network(t) for t in trusted]
    found = client_address.client_address(peer, ",".join(hops), proxies)
    assert len(found) <= 64
    try:
        parsed_peer = ip_address(peer.strip("[]").split("]")[0] if peer.startswith("[") else peer.split(":")[0] if peer.count(":") == 1 else peer)
    except ValueError:
        assert found == peer.strip()
        return
    if not any(parsed_peer.version == n.version and parsed_peer in n for n in proxies):
        assert found == str(parsed_peer)  # an untrusted peer's header is ignored
    else:
        assert found == str(parsed_peer) or found in {h.strip() for h in hops}


@covers(evidence_rules.sniff)
@given(st.one_of(st.binary(max_size=300), st.sampled_from([b"%PDF-1.4", b"\x89PNG\r\n\x1a\nxx", b"\xff\xd8\xff\xe0", b"", b"MZ\x90"])),
       st.integers(1, 400))
def test_sniff_accepts_only_known_magic_within_the_limit(data, limit):
    try:
        content_type, extension = evidence_rules.sniff(data, max_bytes=limit)
    except evidence_rules.RejectedFile as problem:
        assert message_ok(str(problem))
    else:
        assert 0 < len(data) <= limit
        assert (content_type, extension) in {(c, e) for _, c, e in evidence_rules.SIGNATURES}


@covers(evidence_rules.safe_display_name)
@given(hostile_text)
def test_display_names_lose_directories_and_control_characters(name):
    shown = evidence_rules.safe_display_name(name)
    assert 0 < len(shown) <= 255 and "/" not in shown and "\\" not in shown
    assert shown.isprintable() and shown == shown.strip()


@dataclass
class Person:
    name: str
    gelar_depan: str = ""
    gelar_belakang: str = ""


@covers(names.display_name)
@given(hostile_text, hostile_text, hostile_text)
def test_a_name_keeps_its_titles_around_it(name, front, back):
    shown = names.display_name(Person(name, front, back))
    assert name in shown
    assert shown.startswith(f"{front} ") if front else shown.startswith(name)
    assert shown.endswith(f", {back}") if back else shown.endswith(name)


def test_a_name_is_written_with_its_gelar():
    assert names.display_name(Person("Siti Aminah", "Dr.", "S.E., M.Si.")) == "Dr. Siti Aminah, S.E., M.Si."
    assert names.display_name(Person("Budi")) == "Budi"
