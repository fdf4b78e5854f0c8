"""The audit trail: written by every change, readable by the admins of the same instansi only."""

from __future__ import annotations

import pytest

from ekinerja.access import AccessDenied
from ekinerja.services import audit
from tests.integration import factories


def _record(db, org, **kwargs):
    audit.write(db, actor=org.admin.id, **kwargs)
    db.commit()


def test_admin_reads_own_instansi_entries_newest_first(db):
    org = factories.make_org(db)
    _record(db, org, action="create", entity="unit", entity_id=1, after={"name": "A"})
    _record(db, org, action="update", entity="unit", entity_id=1, before={"name": "A"}, after={"name": "B"})
    rows, total = audit.list_entries(db, actor=org.actor)
    assert total == 2
    assert rows[0].action == "update"
    assert rows[0].changes == "name: A -> B"


def test_search_treats_wildcards_literally(db):
    org = factories.make_org(db)
    _record(db, org, action="create", entity="unit", entity_id="42")
    assert audit.list_entries(db, actor=org.actor, search="%")[1] == 0
    assert audit.list_entries(db, actor=org.actor, search="42")[1] == 1


def test_other_instansi_and_non_admins_see_nothing(db):
    org = factories.make_org(db)
    other = factories.make_org(db, code="LAIN", birth="19860101")
    _record(db, org, action="create", entity="unit")
    assert audit.list_entries(db, actor=other.actor)[1] == 0
    clerk = factories.make_employee(db, position=org.staff, nip=factories.nip_for(2), name="Staf Biasa")
    db.commit()
    with pytest.raises(AccessDenied):
        audit.list_entries(db, actor=factories.actor_for(db, clerk))
