"""Walks every event handler of every state class of the app.

Each handler must declare an access rule with ``@guarded``; then each is called
in-process as several personas and must refuse whatever its rule does not permit.
A new handler without a rule fails this test, so access control holds by construction.
"""

from __future__ import annotations

import inspect
import typing
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import select

from ekinerja.access import Rule
from ekinerja.state.guard import ACCESS_RULE_ATTR, refusals
from tests import aio

# Handlers Reflex defines on its own root state; none of them reads our data.
REFLEX_INTERNAL = {"setvar"}

PERMITTED = {
    "anonymous": {Rule.PUBLIC},
    "garbage_token": {Rule.PUBLIC},
    "expired": {Rule.PUBLIC},
    "locked": {Rule.PUBLIC},
    "must_change_password": {Rule.PUBLIC, Rule.SESSION},
    "staff": {Rule.PUBLIC, Rule.SESSION, Rule.SIGNED_IN},
}


def app_state_classes() -> list[type[rx.State]]:
    import ekinerja.ekinerja  # noqa: F401  (registers every page and state)

    found: list[type[rx.State]] = []
    stack = list(rx.State.get_substates())
    while stack:
        cls = stack.pop()
        stack.extend(cls.get_substates())
        if cls.__module__.startswith("ekinerja."):
            found.append(cls)
    return sorted(found, key=lambda c: c.get_full_name())


def app_handlers() -> list[tuple[type[rx.State], str]]:
    pairs = []
    for cls in app_state_classes():
        for name in cls.event_handlers:
            if name not in REFLEX_INTERNAL:
                pairs.append((cls, name))
    return pairs


def test_the_app_has_handlers_to_walk():
    names = {name for _, name in app_handlers()}
    assert {"load_session", "logout", "submit", "load"} <= names


def test_every_state_descends_from_app_state():
    from ekinerja.state.app_state import AppState

    for cls in app_state_classes():
        assert issubclass(cls, AppState), f"{cls.__name__} must extend AppState to reach the session token"


@pytest.mark.parametrize(("cls", "name"), app_handlers(), ids=lambda v: getattr(v, "__name__", v))
def test_every_handler_declares_an_access_rule(cls, name):
    fn = cls.event_handlers[name].fn
    assert isinstance(getattr(fn, ACCESS_RULE_ATTR, None), Rule), (
        f"{cls.__name__}.{name} has no @guarded(Rule...) access rule"
    )


def test_no_client_settable_vars():
    """``setvar`` reaches only explicit ``set_*`` setters; there must be none."""
    for cls in app_state_classes():
        setters = [n for n in cls.event_handlers if n.startswith("set_")]
        assert setters == [], f"{cls.__name__} exposes setters {setters}"


def _dummy_args(fn) -> dict:
    """Harmless values of the declared types: refused handlers must not get far enough to use them."""
    defaults = {dict: {}, str: "", int: 0, list: [], bool: False}
    hints = typing.get_type_hints(fn)
    kwargs = {}
    for pname, param in inspect.signature(fn).parameters.items():
        if pname == "self" or param.default is not inspect.Parameter.empty:
            continue
        hint = hints.get(pname, str)
        kwargs[pname] = defaults.get(typing.get_origin(hint) or hint, "")
    return kwargs


async def _call_async(instance, fn):
    result = fn(instance, **_dummy_args(fn))
    if inspect.isasyncgen(result):
        return [item async for item in result]
    return await result


def _call(instance, fn):
    return aio.run(_call_async(instance, fn))


@pytest.fixture
def personas(db):
    from ekinerja.demo.seed import seed_demo
    from ekinerja.models import AuthSession
    from ekinerja.models.base import local_today, utcnow
    from ekinerja.services import auth

    accounts = seed_demo(db, today=local_today())
    db.commit()

    def token_for(account):
        outcome = auth.login(db, nip=account.nip, password=account.password)
        db.commit()
        assert outcome.token, outcome.message
        return outcome.token

    expired = token_for(accounts.staf_cadangan)
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == auth.token_digest(expired))).one()
    row.last_seen_at = utcnow() - timedelta(hours=5)
    db.add(row)
    db.commit()
    locked = token_for(accounts.kepala_bidang)
    for _ in range(5):
        auth.login(db, nip=accounts.kepala_bidang.nip, password="salah-sandi")
    db.commit()
    return {
        "anonymous": "",
        "garbage_token": "bukan-token-yang-sah",
        "expired": expired,
        "locked": locked,
        "must_change_password": token_for(accounts.staf_baru),
        "staff": token_for(accounts.staf),
    }


def test_each_handler_refuses_what_its_rule_does_not_permit(personas):
    from ekinerja.state.app_state import AppState

    pairs = app_handlers()
    checked = 0
    for persona, token in personas.items():
        for cls, name in pairs:
            fn = cls.event_handlers[name].fn
            rule = getattr(fn, ACCESS_RULE_ATTR)
            root = rx.State(_reflex_internal_init=True)
            instance = root.get_substate(cls.get_full_name().split(".")[1:])
            app_state = root.get_substate(AppState.get_full_name().split(".")[1:])
            app_state.session_token = token
            before = refusals.count
            try:
                _call(instance, fn)
            except Exception:  # noqa: BLE001  - a permitted handler may choke on dummy arguments
                if rule not in PERMITTED[persona]:
                    raise
            refused = refusals.count > before
            if rule not in PERMITTED[persona]:
                assert refused, f"{cls.__name__}.{name} ({rule.value}) ran for {persona}"
                checked += 1
    assert checked > 0
