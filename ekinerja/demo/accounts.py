"""The demo accounts the seed creates: who to sign in as, and with which password."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    employee_id: int
    nip: str
    name: str  # with gelar, as the app displays it
    password: str  # DEMO_PASSWORD, or the NIP's first eight digits


@dataclass(frozen=True)
class DemoAccounts:
    admin: DemoAccount
    kepala_opd: DemoAccount
    kepala_bidang: DemoAccount
    staf: DemoAccount
    staf_baru: DemoAccount
    staf_cadangan: DemoAccount
    kepala_seksi: DemoAccount  # the staf's atasan: heads STAF_UNIT
