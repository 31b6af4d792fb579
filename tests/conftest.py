"""Fixtures: a fresh app and database per web test; a real server process for browser tests."""
from __future__ import annotations

import pytest

import testdb
from esop import create_app
from esop.db import db
from testenv import TEST_ENV

pytest_plugins = ["leaksweep", "a11ysweep"]


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory):
    if not testdb.PG_URL:
        yield False
        return
    testdb.prepare_template(create_app, TEST_ENV, str(tmp_path_factory.mktemp("pg-instance")))
    yield True
    testdb.drop_template()


@pytest.fixture
def database_url(tmp_path, postgres_template):
    """The URL of this test's own, empty-but-migrated database."""
    if not postgres_template:
        yield f"sqlite:///{tmp_path / 'esop.db'}"
        return
    name, url = testdb.new_database()
    yield url
    if not db.is_closed():
        db.close()
    testdb.drop_database(name)


@pytest.fixture
def make_app(tmp_path, database_url):
    def factory(**overrides):
        env = dict(TEST_ENV, DATABASE_URL=database_url)
        env.update(overrides.pop("env", {}))
        return create_app({"ENV": env, "INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True,
                           **overrides})
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
    """The SQLite file itself, for tests that read its raw bytes (see raw_database for both backends)."""
    if testdb.PG_URL:
        pytest.skip("reads the SQLite file; on PostgreSQL the raw_database fixture checks a pg_dump instead")
    return tmp_path / "esop.db"


@pytest.fixture
def raw_database(tmp_path, database_url):
    """A callable giving the raw bytes of the whole database: the SQLite files, or a pg_dump."""
    def read() -> bytes:
        if not db.is_closed():
            db.close()
        if database_url.startswith("sqlite"):
            return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("esop.db*")))
        return testdb.dump(database_url)
    return read
