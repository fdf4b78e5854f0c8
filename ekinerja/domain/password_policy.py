"""The password policy every chosen password must meet."""

from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 128

POLICY_TEXT = (
    f"Kata sandi minimal {MIN_LENGTH} karakter, memuat huruf besar, huruf kecil dan angka, "
    "tidak memuat NIP atau 8 digit awal NIP, dan berbeda dari kata sandi lama."
)


def password_problems(new_password: str, *, nip: str, same_as_current: bool) -> list[str]:
    """Every rule the password breaks, as messages; an empty list means it is acceptable."""
    problems: list[str] = []
    if len(new_password) < MIN_LENGTH:
        problems.append(f"Kata sandi minimal {MIN_LENGTH} karakter.")
    if len(new_password) > MAX_LENGTH:
        problems.append(f"Kata sandi maksimal {MAX_LENGTH} karakter.")
    if not any(ch.islower() for ch in new_password):
        problems.append("Kata sandi harus memuat huruf kecil.")
    if not any(ch.isupper() for ch in new_password):
        problems.append("Kata sandi harus memuat huruf besar.")
    if not any(ch.isdigit() for ch in new_password):
        problems.append("Kata sandi harus memuat angka.")
    if nip and nip[:8] in new_password:
        problems.append("Kata sandi tidak boleh memuat NIP atau 8 digit awal NIP.")
    if same_as_current:
        problems.append("Kata sandi baru harus berbeda dari kata sandi lama.")
    return problems
