"""Fixtures: a fresh app and database per web test; a real server process for browser tests."""
from __future__ import annotations

import pytest

from esop import create_app
from esop.db import db
from testenv import TEST_ENV



@pytest.fixture
def make_app(tmp_path):
    def factory(**overrides):
        env = dict(TEST_ENV, DATABASE_URL=f"sqlite:///{tmp_path / 'esop.db'}")
        env.update(overrides.pop("env", {}))
        app = create_app({"ENV": env, "INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True,
                          **overrides})
        return app
    return factory


@pytest.fixture
def app(make_app):
    app = make_app()
    yield app
    if not db.is_closed():
        db.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "esop.db"
