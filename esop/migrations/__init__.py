"""Versioned schema migrations, run on start-up and by `flask esop migrate` — never by hand."""
from __future__ import annotations

import datetime as dt
import importlib
import logging
import pkgutil

from peewee import CharField, DateTimeField, IntegerField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

from ..db import BaseModel, db

log = logging.getLogger(__name__)


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


def _migrator(database):
    if database.__class__.__name__.startswith("Postgres"):
        return PostgresqlMigrator(database)
    return SqliteMigrator(database)


def pending() -> list[str]:
    db.create_tables([SchemaVersion], safe=True)
    done = {v.version for v in SchemaVersion.select()}
    return [name for number, name in _steps() if number not in done]


def migrate() -> list[str]:
    """Apply every pending step, each in its own transaction; returns the names applied."""
    database = db.obj
    applied = []
    for number, name in _steps():
        db.create_tables([SchemaVersion], safe=True)
        with db.atomic():
            # Take the row first: a second process racing us fails here, not halfway through.
            if SchemaVersion.select().where(SchemaVersion.version == number).exists():
                continue
            module = importlib.import_module(f"{__name__}.{name}")
            module.apply(_migrator(database), database)
            SchemaVersion.create(version=number, name=name)
        log.info("applied migration %s", name)
        applied.append(name)
    return applied
