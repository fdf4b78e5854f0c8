"""Who may do what: the access rules every event handler declares.

Pure code: the actor is resolved from the server-side session table by
``ekinerja.state.guard``; nothing here trusts anything the browser sent.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ekinerja.domain.hierarchy import OrgSnapshot
from ekinerja.domain.roles import ROLE_ADMIN


class Rule(enum.Enum):
    PUBLIC = "public"  # no login needed (the login form itself)
    SESSION = "session"  # logged in, even while a password change is pending
    SIGNED_IN = "signed_in"  # logged in with a password of their own
    SUPERVISOR = "supervisor"  # has subordinates today, definitively or as Plt/Plh
    ADMIN = "admin"  # BKD administrator of their instansi


class AccessDenied(Exception):
    """Refusal with a message in Bahasa Indonesia."""


@dataclass(frozen=True, slots=True)  # one per signed-in tab a worker keeps (issue 17: memory per tab)
class Actor:
    employee_id: int
    session_id: int
    nip: str
    display_name: str
    roles: frozenset[str]
    must_change_password: bool
    unit_id: int | None
    instansi_id: int | None
    is_supervisor: bool
    timezone: str = ""  # the instansi's IANA zone; "" is the deployment default (see ekinerja.clock)

    @property
    def is_admin(self) -> bool:
        return ROLE_ADMIN in self.roles


def permits(rule: Rule, actor: Actor | None) -> bool:
    if rule is Rule.PUBLIC:
        return True
    if actor is None:
        return False
    if rule is Rule.SESSION:
        return True
    if actor.must_change_password:
        return False
    if rule is Rule.SIGNED_IN:
        return True
    if rule is Rule.SUPERVISOR:
        return actor.is_supervisor
    if rule is Rule.ADMIN:
        return actor.is_admin
    raise ValueError(rule)


def may_open(audience: str, actor: Actor) -> bool:
    """Whether a page for ``audience`` (routes.MenuItem.audience) is one the actor may open."""
    if audience == "supervisor":
        return actor.is_supervisor
    if audience == "lead":
        return actor.is_supervisor or actor.is_admin
    if audience == "admin":
        return actor.is_admin
    return True


def can_view_employee(actor: Actor, employee_id: int, snapshot: OrgSnapshot, *, employee_instansi_id: int | None) -> bool:
    """Oneself, anyone below in the tree, or anyone in the admin's own instansi."""
    if employee_id == actor.employee_id:
        return True
    if actor.is_admin and employee_instansi_id is not None and employee_instansi_id == actor.instansi_id:
        return True
    return snapshot.is_above(actor.employee_id, employee_id)


def require(condition: bool, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
    if not condition:
        raise AccessDenied(message)
