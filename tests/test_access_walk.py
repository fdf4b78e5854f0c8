"""Walks every event handler of every state class of the app.

Each handler must declare an access rule with ``@guarded``; then each is called
in-process as several personas and must refuse whatever its rule does not permit.
A new handler without a rule fails this test, so access control holds by construction.
"""

from __future__ import annotations

import collections
import inspect
import json
import typing
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
import reflex as rx
from sqlmodel import select

from ekinerja.access import Rule
from ekinerja.state.guard import ACCESS_RULE_ATTR, refusals
from tests import aio

# Handlers Reflex defines on its own root state; none of them reads our data.
# The walk is about who may reach what, not about dates: it runs on one Wednesday late in the year, when
# the demo holds everything it aims at (a final evaluation with a development plan needs a past quarter
# of the same year, which 1 January does not have).
TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _walk_day(pin_today):
    pin_today(TODAY)


REFLEX_INTERNAL = {"setvar"}

PERMITTED = {
    "anonymous": {Rule.PUBLIC},
    "garbage_token": {Rule.PUBLIC},
    "expired": {Rule.PUBLIC},
    "deactivated": {Rule.PUBLIC},
    # The staf's valid token, presented on another connection than the one the event came from.
    "token_from_another_socket": {Rule.PUBLIC},
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
def personas(db, seeded_demo):
    from ekinerja.clock import utcnow
    from ekinerja.models import AuthSession, Employee
    from ekinerja.services import auth

    accounts = seeded_demo(TODAY)

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
    deactivated = token_for(accounts.kepala_bidang)
    employee = db.exec(select(Employee).where(Employee.nip == accounts.kepala_bidang.nip)).one()
    employee.active = False
    db.add(employee)
    db.commit()
    staff = token_for(accounts.staf)
    return {
        "anonymous": "",
        "garbage_token": "bukan-token-yang-sah",
        "expired": expired,
        "deactivated": deactivated,
        "token_from_another_socket": staff,
        "must_change_password": token_for(accounts.staf_baru),
        "staff": staff,
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
            if persona == "token_from_another_socket":
                app_state._token_socket = "the-connection-that-presented-it"
            before = refusals.count
            try:
                _call(instance, fn)
            except Exception:
                if rule not in PERMITTED[persona]:
                    raise
            refused = refusals.count > before
            if rule not in PERMITTED[persona]:
                assert refused, f"{cls.__name__}.{name} ({rule.value}) ran for {persona}"
                checked += 1
    assert checked > 0


# -- object level: other people's records -------------------------------------------------------

OBJECT_PERSONAS = ("other_unit", "peer", "atasan_other_branch", "admin_other_instansi")
# Touched by every event (the idle timer) or by logins: not data an attack could change.
NOT_DATA = frozenset({"auth_session", "login_throttle"})
# Big tables: per call only their size and the staf's rows are compared; the whole walk compares all.
BIG = frozenset({"daily_activity", "attendance_record"})


def test_every_handler_that_can_reach_a_record_is_aimed_or_self_scoped():
    from tests.access_targets import OBJECT_ATTACKS, SELF_SCOPED, object_reasons

    known = {f"{cls.__name__}.{name}" for cls, name in app_handlers()}
    assert set(OBJECT_ATTACKS) <= known, f"stale entries: {set(OBJECT_ATTACKS) - known}"
    assert set(SELF_SCOPED) <= known, f"stale entries: {set(SELF_SCOPED) - known}"
    assert not set(OBJECT_ATTACKS) & set(SELF_SCOPED)
    missing = {}
    for cls, name in app_handlers():
        key = f"{cls.__name__}.{name}"
        reasons = object_reasons(cls, name)
        if reasons and key not in OBJECT_ATTACKS and key not in SELF_SCOPED:
            missing[key] = reasons
    assert missing == {}, (
        "these handlers take an id, a form, an upload or a URL parameter, or act on an id the state holds: "
        f"aim them at the staf in tests/access_targets.py OBJECT_ATTACKS or declare them SELF_SCOPED: {missing}"
    )


@pytest.fixture(scope="module")
def object_walk(tmp_path_factory, server_database):
    """The demo, the staf's records, and four signed-in people who must not reach them: seeded once."""
    from ekinerja import clock
    from ekinerja.db import get_engine
    from ekinerja.demo.seed import seed_demo
    from tests.access_targets import build_targets, choose_personas
    from tests.conftest import _empty_all_tables, reset_caches
    from tests.integration.factories import actor_for, make_org

    with pytest.MonkeyPatch.context() as patch:
        tmp = tmp_path_factory.mktemp("object-walk")
        url = server_database or f"sqlite:///{tmp / 'walk.db'}"
        patch.setenv("EKINERJA_DATA_DIR", str(tmp))
        patch.setenv("EKINERJA_DATABASE_URL", url)
        reset_caches()
        if server_database:
            _empty_all_tables(url)
        else:
            from ekinerja.migrate import upgrade_head

            upgrade_head(url)
        from sqlmodel import Session

        from ekinerja.models import Employee

        clock.pin_date(TODAY)  # set up before the tests' own pin (a module fixture comes first)
        with Session(get_engine(), expire_on_commit=False) as db:
            accounts = seed_demo(db, today=TODAY)
            other = make_org(db, code="LAIN", birth="19900101")
            staf = db.get(Employee, accounts.staf.employee_id)
            atasan = db.get(Employee, accounts.kepala_seksi.employee_id)
            targets = build_targets(db, staf_id=staf.id, atasan_actor=actor_for(db, atasan), staf_actor=actor_for(db, staf))
            personas = choose_personas(db, staf_id=staf.id, other_instansi_admin_id=other.admin.id)
            db.commit()
        clock.pin_date(None)
        yield targets, personas
        get_engine().dispose()
        reset_caches()


class _Proxy:
    """What a background handler gets in place of its state: ``async with self`` works in-process."""

    def __init__(self, state):
        object.__setattr__(self, "_state", state)

    def __getattr__(self, name):
        return getattr(self._state, name)

    def __setattr__(self, name, value):
        setattr(self._state, name, value)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def _drive(instance, fn, kwargs):
    target = _Proxy(instance) if instance.event_handlers[fn.__name__].is_background else instance
    result = fn(target, **kwargs)
    if inspect.isasyncgen(result):
        return [item async for item in result]
    return await result


def _events(result) -> list:
    if result is None:
        return []
    items = result if isinstance(result, list | tuple) else [result]
    return [item for item in items if item is not None]


def _is_error_toast(event) -> bool:
    return "error" in repr(event).lower() and "toast" in repr(event).lower()


def _is_download(event) -> bool:
    return "_download" in repr(event)


def _fingerprint(engine, staf_id: int):
    from sqlalchemy import func
    from sqlmodel import Session

    from ekinerja.backup import table_checksums
    from ekinerja.models import AttendanceRecord, DailyActivity

    small = table_checksums(engine, skip=NOT_DATA | BIG)
    with Session(engine) as db:
        big = (
            db.exec(select(func.count(), func.max(DailyActivity.id))).one(),
            db.exec(select(func.count(), func.max(AttendanceRecord.id))).one(),
            [tuple(r) for r in db.exec(select(DailyActivity).where(DailyActivity.employee_id == staf_id).order_by(DailyActivity.id))],
        )
    return small, repr(big)


def _changed(before, after) -> list[str]:
    small_before, big_before = before
    small_after, big_after = after
    changed = [name for name in small_before.keys() | small_after.keys() if small_before.get(name) != small_after.get(name)]
    if big_before != big_after:
        changed.append("daily_activity/attendance_record")
    return sorted(changed)


def test_no_one_else_reaches_the_staf_records(object_walk):
    """Every handler that can name a record, aimed at the demo staf's, as four people who may not touch them."""
    from reflex.istate.data import RouterData

    from ekinerja.backup import table_checksums
    from ekinerja.db import get_engine
    from ekinerja.state.app_state import AppState
    from tests.access_targets import OBJECT_ATTACKS

    targets, personas = object_walk
    engine = get_engine()
    by_key = {f"{cls.__name__}.{name}": (cls, name) for cls, name in app_handlers()}
    markers = targets.markers()
    whole_before = table_checksums(engine, skip=NOT_DATA)
    last = _fingerprint(engine, targets.staf_id)
    problems: list[str] = []
    outcomes = collections.Counter()
    for key, attacks in OBJECT_ATTACKS.items():
        cls, name = by_key[key]
        fn = cls.event_handlers[name].fn
        for number, attack in enumerate(attacks, start=1):
            for persona in OBJECT_PERSONAS:
                where = f"{key} #{number} as {persona}"
                root = rx.State(_reflex_internal_init=True)
                if attack.query is not None:
                    query = attack.query(targets)
                    root.router = RouterData.from_router_data({"pathname": "/", "asPath": f"/?{urlencode(query)}", "query": query})
                instance = root.get_substate(cls.get_full_name().split(".")[1:])
                root.get_substate(AppState.get_full_name().split(".")[1:]).session_token = personas.tokens[persona]
                if name != "load" and "load" in cls.event_handlers:
                    # As in the browser: the page loads first (refused or not), then the attack.
                    aio.run(_drive(instance, cls.event_handlers["load"].fn, {}))
                for var, value in attack.state(targets).items():
                    setattr(instance, var, value)
                before = refusals.count
                try:
                    result = aio.run(_drive(instance, fn, attack.args(targets)))
                except Exception as exc:  # noqa: BLE001  - reported below with the handler's name
                    problems.append(f"{where}: raised {exc!r}")
                    continue
                events = _events(result)
                denied = refusals.count > before
                refused = denied or any(_is_error_toast(e) for e in events)
                outcomes[("denied" if denied else "rejected") if refused else "ignored"] += 1
                if not refused and not attack.ignores:
                    problems.append(f"{where}: not refused ({events!r:.200}) error={getattr(instance, 'error', '')!r}")
                if any(_is_download(e) for e in events):
                    problems.append(f"{where}: sent a download")
                shown = json.dumps(root.dict(), default=str) + repr(events)
                sent = repr(attack.args(targets)) + repr(attack.state(targets))
                leaked = [m for m in markers if m in shown and m not in sent]
                if leaked:
                    problems.append(f"{where}: the staf's data reached the caller: {leaked}")
            now = _fingerprint(engine, targets.staf_id)
            if _changed(last, now):
                problems.append(f"{key} #{number}: changed {_changed(last, now)}")
            last = now
    whole_after = table_checksums(engine, skip=NOT_DATA)
    changed = [t for t in whole_before if whole_before[t] != whole_after.get(t)]
    assert problems == [], "\n".join(problems)
    assert changed == [], f"the walk changed {changed}"
    attacks = sum(len(a) for a in OBJECT_ATTACKS.values())
    # Figures for docs/security.md: calls, refused by an access check, refused with a message, ignored.
    print(f"object walk: {len(OBJECT_ATTACKS)} handlers, {attacks} attacks x {len(OBJECT_PERSONAS)} personas: {dict(outcomes)}")
    assert sum(outcomes.values()) == attacks * len(OBJECT_PERSONAS)
