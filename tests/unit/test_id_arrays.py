"""The id lists bound as PostgreSQL arrays (``db.among``) are written by a join, not psycopg's
per-element loop: the text and the array type must be exactly what psycopg itself would send."""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.adapt import PyFormat, Transformer

from ekinerja.db import _IdListDumper

_ADAPTERS = psycopg.adapt.AdaptersMap(psycopg.adapters)
_ADAPTERS.register_dumper(list, _IdListDumper)

ids = st.integers(min_value=-(2**70), max_value=2**70)


def _sent(transformer: Transformer, value: list) -> tuple[int, bytes | None]:
    dumper = transformer.get_dumper(value, PyFormat.AUTO)
    return dumper.oid, dumper.dump(value)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.one_of(
    st.lists(ids, max_size=50),
    st.lists(st.integers(min_value=1, max_value=2**31 - 1), max_size=50),  # the ids themselves
    st.lists(st.one_of(st.none(), st.integers(min_value=-100, max_value=100)), max_size=10),
    st.lists(st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=2), max_size=4),
    st.lists(st.booleans(), max_size=5),
    st.lists(st.text(max_size=5), max_size=5),
))
def test_a_list_is_sent_as_psycopg_sends_it(value):
    assert _sent(Transformer(_ADAPTERS), value) == _sent(Transformer(), value)


@pytest.mark.parametrize("size", [1, 8_000])
def test_a_list_of_ids_takes_the_join(size, monkeypatch):
    value = list(range(100_000, 100_000 + size))
    monkeypatch.setattr(psycopg.types.array.ListDumper, "_dump_list", None)  # psycopg's loop is not used
    assert _sent(Transformer(_ADAPTERS), value)[1] == ("{" + ",".join(map(str, value)) + "}").encode()
