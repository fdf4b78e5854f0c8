"""Shared by the attack suites: the running app's database, read and written directly."""

from __future__ import annotations

import pytest
from sqlmodel import create_engine


@pytest.fixture(scope="module")
def engine(running_app):
    eng = create_engine(running_app.database_url)
    yield eng
    eng.dispose()
