"""The peewee database proxy: SQLite (WAL, foreign keys) by default, PostgreSQL by DATABASE_URL."""
from __future__ import annotations

from peewee import DatabaseProxy, InterfaceError, Model, OperationalError, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect, parse
from playhouse.pool import PooledPostgresqlDatabase

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db


def write_transaction():
    """A transaction that reads then writes. On SQLite every transaction already begins
    IMMEDIATE (see open_database); the name says why the block is a transaction at all."""
    return db.atomic()


class _ReplacesEndedConnections:
    """A kept PostgreSQL connection the server ended between two requests (a restart, an idle timeout,
    pg_terminate_backend) is replaced when the next statement or BEGIN outside a transaction finds it
    dead, and that statement runs once more. Inside a transaction the error stands (a 503, errors.py):
    half-done work is never silently retried. Like peewee's ReconnectMixin, but it keeps the open
    connection_context() blocks, which ReconnectMixin's close() would forget."""
    ENDED = ("server closed the connection", "terminating connection", "ssl connection has been closed",
             "could not receive data", "connection already closed")

    def execute_sql(self, sql, params=None):
        return self._replacing_ended(super().execute_sql, sql, params)

    def begin(self, *args, **kwargs):
        return self._replacing_ended(super().begin, *args, **kwargs)

    def _replacing_ended(self, run, *args, **kwargs):
        try:
            return run(*args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            if self.in_transaction() or not any(m in str(exc).lower() for m in self.ENDED):
                raise
        contexts = self._state.ctx
        self.close()
        self.connect()
        self._state.ctx = contexts
        return run(*args, **kwargs)


class KeptPostgresqlDatabase(_ReplacesEndedConnections, PostgresqlDatabase):
    pass


class KeptPooledPostgresqlDatabase(_ReplacesEndedConnections, PooledPostgresqlDatabase):
    pass


_POSTGRES = {"postgres": KeptPostgresqlDatabase, "postgresql": KeptPostgresqlDatabase,
             "postgres+pool": KeptPooledPostgresqlDatabase, "postgresql+pool": KeptPooledPostgresqlDatabase}


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
    elif url.split("://", 1)[0] in _POSTGRES:
        database = _POSTGRES[url.split("://", 1)[0]](**parse(url))
    else:
        database = connect(url)
    db.initialize(database)
    return database


def init_app(app) -> None:
    database = open_database(app.config["DATABASE_URL"])
    sqlite = isinstance(database, SqliteDatabase)

    # peewee connects on the first query, so static files and pages that never query cost nothing.
    # A request's connection stays open for the next request of the same thread (one per sync worker).
    # SQLite: opening one costs more than most fragments: SQLite parses the whole schema on a
    # connection's first statement (~0.3 ms for esop's), and the close of the last connection to the
    # file checkpoints and deletes the WAL (~1 ms); not reused once the pragmas differ from those it
    # was opened with. PostgreSQL: a new connection forks a backend (2-3 ms of the 3 ms a fragment
    # took, issue 15); one the server ended meanwhile is replaced (KeptPostgresqlDatabase). Either is
    # closed after an unhandled error or when a transaction is still open.
    @app.before_request
    def _fresh_if_reconfigured_or_broken():
        if db.is_closed():
            return
        if sqlite:
            if getattr(db.obj._state, "esop_pragmas", None) != db.obj._pragmas:
                db.close()
        elif not db.obj.is_connection_usable():  # psycopg2 already saw it fail (e.g. mid-commit, R5)
            db.close()

    @app.teardown_request
    def _close(exc):
        if db.is_closed():
            return
        if exc is None and not db.in_transaction():
            if sqlite:
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
