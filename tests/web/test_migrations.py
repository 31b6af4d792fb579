"""Migrations create the schema the models describe (issue 14): a fresh database migrated step by step
(each step's frozen DDL) equals one built from today's model classes, on SQLite and PostgreSQL."""
from __future__ import annotations

import importlib
import pkgutil
import uuid

import pytest
from peewee import PostgresqlDatabase, SqliteDatabase

import testdb
from esop.db import BaseModel, db

RAW_DDL = {"address", "address_term"}  # built by models/address.py's DDL functions, not create_tables


def _models() -> list:
    import esop.models
    for info in pkgutil.iter_modules(esop.models.__path__):
        importlib.import_module(f"esop.models.{info.name}")
    from esop.migrations import SchemaVersion
    found, todo = [], list(BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        children = model.__subclasses__()
        todo.extend(children)
        # A base with subclasses has no table; models a test module defines (tests/unit) are not the app's.
        if not children and model._meta.table_name not in RAW_DDL and model.__module__.startswith("esop."):
            found.append(model)
    assert SchemaVersion in found
    return found


def _schema(database) -> dict:
    out = {}
    for table in database.get_tables():
        out[table] = {
            "columns": {c.name: (c.data_type.lower(), c.null, c.primary_key) for c in database.get_columns(table)},
            "indexes": {i.name: (tuple(i.columns), i.unique) for i in database.get_indexes(table)},
            "foreign_keys": {(f.column, f.dest_table, f.dest_column) for f in database.get_foreign_keys(table)},
        }
    return out


@pytest.fixture
def two_databases(tmp_path):
    """(migrated, from_models): two empty databases of the backend under test."""
    if not testdb.PG_URL:
        yield SqliteDatabase(str(tmp_path / "migrated.db")), SqliteDatabase(str(tmp_path / "models.db"))
        return
    names = ["esop_schema_" + uuid.uuid4().hex[:10] for _ in range(2)]
    for name in names:
        testdb._admin_sql(f"CREATE DATABASE {name}")
    from urllib.parse import urlparse
    parts = urlparse(testdb.PG_URL)
    made = [PostgresqlDatabase(n, host=parts.hostname, port=parts.port, user=parts.username,
                               password=parts.password) for n in names]
    yield tuple(made)
    for database in made:
        database.close()
    for name in names:
        testdb.drop_database(name)


def test_migrations_build_the_schema_the_models_describe(two_databases):
    from esop.migrations import is_postgres, migrate
    from esop.models import address
    migrated, from_models = two_databases
    previous = db.obj
    try:
        db.initialize(migrated)
        with db.connection_context():
            migrate()
            got = _schema(migrated)
        db.initialize(from_models)
        with db.connection_context():
            if is_postgres(from_models):
                from_models.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            from_models.create_tables(_models())
            address.create_tables(from_models)
            address.create_indexes(from_models, "", "g0")
            want = _schema(from_models)
    finally:
        db.initialize(previous)
    assert sorted(got) == sorted(want)
    for table in want:
        assert got[table] == want[table], table


def test_no_migration_builds_todays_model_classes():
    """A step that calls create_tables on a model class creates the table as the model is today, so a
    fresh database and an upgraded one drift apart as the model changes; steps carry frozen DDL."""
    from pathlib import Path

    import esop.migrations
    for path in sorted(Path(esop.migrations.__path__[0]).glob("m[0-9]*.py")):
        source = path.read_text(encoding="utf-8")
        assert "..models" not in source and "create_tables" not in source, path.name
