"""The peewee database proxy: SQLite (WAL, foreign keys) by default, PostgreSQL by DATABASE_URL."""
from __future__ import annotations

from peewee import DatabaseProxy, Model
from playhouse.db_url import connect

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db


def write_transaction():
    """A transaction that reads then writes. On SQLite every transaction already begins
    IMMEDIATE (see open_database); the name says why the block is a transaction at all."""
    return db.atomic()


def open_database(url: str):
    """Connect the proxy to the configured database and return it."""
    if url.startswith("sqlite"):
        database = connect(url, pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": 5000,   # wait for a writer instead of failing at once
            "synchronous": "normal",  # safe with WAL; a crash loses at most the last commit
        },
            # Every transaction takes the write lock up front (BEGIN IMMEDIATE): a deferred one that
            # reads and then writes fails at once with "database is locked" when another process
            # committed in between, since SQLite cannot upgrade its read lock; IMMEDIATE waits instead.
            lock_type="IMMEDIATE")
    else:
        database = connect(url)
    db.initialize(database)
    return database


def init_app(app) -> None:
    open_database(app.config["DATABASE_URL"])

    # peewee connects on the first query, so static files and pages that never query cost nothing.
    @app.teardown_request
    def _close(exc):
        if not db.is_closed():
            db.close()
