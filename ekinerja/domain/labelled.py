"""Enums whose members carry the Bahasa Indonesia label the UI shows beside the stored value."""

from __future__ import annotations

from enum import Enum
from typing import Self


class LabelledEnum(str, Enum):
    """A member is written ``BAIK = "baik", "Baik"``: its value is the stored string (``Predikat("baik")``
    finds it, and it compares equal to the string), ``label`` is what a person reads."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
