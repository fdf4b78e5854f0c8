"""Values with the Bahasa Indonesia label the UI shows beside them: labelled enums and picker choices."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Choice:
    """One entry of a picker: the id sent back when it is chosen, and what the person reads."""

    id: int | str
    label: str
