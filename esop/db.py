"""The peewee database proxy: SQLite (WAL, foreign keys) by default, PostgreSQL by DATABASE_URL."""
from __future__ import annotations

from peewee import DatabaseProxy, Model, SqliteDatabase
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
    database = open_database(app.config["DATABASE_URL"])
    keep = isinstance(database, SqliteDatabase)

    # peewee connects on the first query, so static files and pages that never query cost nothing.
    #
    # SQLite: a request's connection stays open for the next request of the same thread (one per
    # sync worker). Opening one costs more than most fragments: SQLite parses the whole schema on a
    # connection's first statement (~0.3 ms for esop's), and the close of the last connection to the
    # file checkpoints and deletes the WAL (~1 ms). It is not kept after an unhandled error or when a
    # transaction is still open, and not reused once the pragmas differ from those it was opened
    # with. PostgreSQL: closed after every request (a server may end connections; nothing to reuse).
    @app.before_request
    def _fresh_if_reconfigured():
        if keep and not db.is_closed() and getattr(db.obj._state, "esop_pragmas", None) != db.obj._pragmas:
            db.close()

    @app.teardown_request
    def _close(exc):
        if db.is_closed():
            return
        if keep and exc is None and not db.in_transaction():
            db.obj._state.esop_pragmas = list(db.obj._pragmas)
            return
        db.close()


_sql_text: dict = {}


def sql_once(name: str, build) -> str:
    """The SQL text of a hot lookup, composed by peewee once per database kind instead of on every
    call (composing a model SELECT costs ~0.2 ms of Python, more than SQLite takes to run it).
    `build()` returns the query; callers pass its parameters in the same order."""
    key = (name, type(db.obj))
    sql = _sql_text.get(key)
    if sql is None:
        sql = _sql_text[key] = build().sql()[0]
    return sql
