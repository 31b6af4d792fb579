"""Versioned schema migrations: `flask esop migrate` (the release step), or start-up outside production.
One process migrates at a time; production workers only check that the schema is current."""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
import pkgutil
import time

from peewee import CharField, DateTimeField, IntegerField, PostgresqlDatabase, SqliteDatabase
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

from ..db import BaseModel, db

log = logging.getLogger(__name__)

# pg_advisory_lock key for "esop is migrating this database" (any fixed 64-bit number; advisory locks
# are scoped to the current database, so two esop databases on one server do not wait for each other).
ADVISORY_LOCK_KEY = 0x65736F70  # "esop"


class SchemaNotReady(RuntimeError):
    """The database is behind this release and this process may not migrate it."""


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    name = CharField()
    applied_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "schema_version"


def _steps():
    """Modules named m0001_<what>.py, in order; each has `apply(migrator, database)`."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            found.append((int(info.name[1:5]), info.name))
    return sorted(found)


def is_postgres(database) -> bool:
    # By type, not class name: PooledPostgresqlDatabase (postgresql+pool://) is a PostgresqlDatabase too.
    return isinstance(database, PostgresqlDatabase)


def _migrator(database):
    if is_postgres(database):
        return PostgresqlMigrator(database)
    if isinstance(database, SqliteDatabase):
        return SqliteMigrator(database)
    raise SchemaNotReady(f"esop migrates SQLite and PostgreSQL only, not {type(database).__name__}")


def run_frozen(database, ddl: dict) -> None:
    """A step's frozen statements for this backend: a step creates the tables as they were when it was
    written, never today's model classes (a later model change is a later step)."""
    for sql in ddl["postgresql" if is_postgres(database) else "sqlite"]:
        database.execute_sql(sql)


@contextlib.contextmanager
def _one_at_a_time(database):
    """Workers started together (gunicorn -w 4 on a fresh database) migrate one after another: the
    others wait here, then find the steps done. PostgreSQL: an advisory lock held by this session;
    SQLite: one EXCLUSIVE transaction around every step (SQLite's DDL is transactional)."""
    if is_postgres(database):
        database.execute_sql("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        try:
            yield
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK_KEY,))
    else:
        # Wait for the migrating process as long as it takes, not the 5 s a request waits (db.py).
        usual = database.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        database.execute_sql("PRAGMA busy_timeout = 120000")
        try:
            with database.atomic(lock_type="EXCLUSIVE"):
                yield
        finally:
            database.execute_sql(f"PRAGMA busy_timeout = {int(usual)}")


def pending() -> list[str]:
    """The steps this database still lacks; reads only (a readiness probe may call it)."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return [name for _, name in _steps()]
    done = {v.version for v in SchemaVersion.select(SchemaVersion.version)}
    return [name for number, name in _steps() if number not in done]


def migrate() -> list[str]:
    """Apply every pending step, each recorded with it in schema_version, then add new versions of the
    bundled documents (also one process at a time: workers racing to insert them collided); returns
    the names of the steps applied."""
    from ..models.consent import sync_documents
    database = db.obj
    applied = []
    with _one_at_a_time(database):
        db.create_tables([SchemaVersion], safe=True)
        done = {v.version for v in SchemaVersion.select(SchemaVersion.version)}
        for number, name in _steps():
            if number in done:
                continue
            with db.atomic():
                module = importlib.import_module(f"{__name__}.{name}")
                module.apply(_migrator(database), database)
                SchemaVersion.create(version=number, name=name)
            log.info("applied migration %s", name)
            applied.append(name)
        sync_documents()
    return applied


def wait_until_current(seconds: float) -> None:
    """A production worker's start: the release step migrates; this only waits for it, then refuses."""
    deadline = time.monotonic() + seconds
    while True:
        missing = pending()
        if not missing:
            return
        if time.monotonic() >= deadline:
            raise SchemaNotReady(f"the database schema is behind this release (missing {', '.join(missing)}); "
                                 "run `flask --app app esop migrate` first (README.md, 'Production').")
        time.sleep(0.5)
