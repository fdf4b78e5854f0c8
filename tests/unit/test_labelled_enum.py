"""The labelled enums keep their stored values and carry their labels."""

from __future__ import annotations

import pickle

import pytest

from ekinerja.domain.integrity import FlagKind
from ekinerja.domain.predikat import ORGANISATION_LABELS, PREDIKAT_LABELS, OrganisationPredikat, Predikat, Rating


@pytest.mark.parametrize("enum", [Rating, Predikat, OrganisationPredikat, FlagKind])
def test_members_are_their_stored_strings_with_a_label(enum):
    for member in enum:
        assert enum(member.value) is member
        assert member == member.value and isinstance(member, str)
        assert member.label and member.label != member.value
        assert pickle.loads(pickle.dumps(member)) is member
    assert len({m.label for m in enum}) == len(enum)


def test_labels_as_the_ui_shows_them():
    assert Rating.DI_ATAS.label == "Di Atas Ekspektasi"
    assert PREDIKAT_LABELS["kurang"] == Predikat.KURANG.label == "Kurang/Misconduct"
    assert ORGANISATION_LABELS[OrganisationPredikat.ISTIMEWA] == "Istimewa"
    assert FlagKind("persetujuan_kilat").label == "Persetujuan massal kilat"
