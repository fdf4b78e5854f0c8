"""How a person's name is written on screens and documents: with the academic titles (gelar)."""

from __future__ import annotations

from typing import Protocol


class Titled(Protocol):
    name: str
    gelar_depan: str
    gelar_belakang: str


def display_name(person: Titled) -> str:
    """"Dr. Siti Aminah, S.E., M.Si.": the front title, the name, then the back title after a comma."""
    name = person.name
    if person.gelar_depan:
        name = f"{person.gelar_depan} {name}"
    if person.gelar_belakang:
        name = f"{name}, {person.gelar_belakang}"
    return name
