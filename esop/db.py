"""The peewee database proxy: SQLite (WAL, foreign keys) by default, PostgreSQL by DATABASE_URL."""
from __future__ import annotations

from peewee import DatabaseProxy, Model
from playhouse.db_url import connect

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db


def write_transaction():
    """A transaction that reads then writes. On SQLite it takes the write lock up front
    (BEGIN IMMEDIATE), so concurrent writers wait their turn (busy_timeout) instead of
    failing with 'database is locked' when a read lock cannot be upgraded."""
    if db.obj is not None and db.obj.__class__.__name__.startswith("Sqlite"):
        return db.atomic("IMMEDIATE")
    return db.atomic()


def open_database(url: str):
    """Connect the proxy to the configured database and return it."""
    if url.startswith("sqlite"):
        database = connect(url, pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": 5000,   # wait for a writer instead of failing at once
            "synchronous": "normal",  # safe with WAL; a crash loses at most the last commit
        })
    else:
        database = connect(url)
    db.initialize(database)
    return database


def init_app(app) -> None:
    open_database(app.config["DATABASE_URL"])

    @app.before_request
    def _connect():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not db.is_closed():
            db.close()
