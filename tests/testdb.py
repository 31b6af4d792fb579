"""Test databases: a fresh SQLite file per test, or, when ESOP_TEST_POSTGRES is set, a fresh
PostgreSQL database per test cloned from a migrated template (CREATE DATABASE … TEMPLATE)."""
from __future__ import annotations

import os
import subprocess
import uuid
from urllib.parse import urlparse

PG_URL = os.environ.get("ESOP_TEST_POSTGRES", "")
# One template per test session (pid), so two runs side by side (two checkouts, SQLite beside
# PostgreSQL) never drop the template the other is cloning from.
TEMPLATE = f"esop_test_template_{os.getpid()}"


def _admin_sql(*statements: str) -> None:
    import psycopg2
    conn = psycopg2.connect(PG_URL)
    conn.autocommit = True  # CREATE/DROP DATABASE refuse to run inside a transaction
    try:
        with conn.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
    finally:
        conn.close()


def _url_for(name: str) -> str:
    parts = urlparse(PG_URL)
    return parts._replace(path="/" + name).geturl()


def prepare_template(create_app, env: dict, instance: str) -> None:
    """Migrate a template database once per session; every test clones it."""
    from esop.db import db
    _admin_sql(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)", f"CREATE DATABASE {TEMPLATE}")
    create_app({"ENV": dict(env, DATABASE_URL=_url_for(TEMPLATE)), "INSTANCE_PATH": instance})
    if not db.is_closed():
        db.close()


def drop_template() -> None:
    _admin_sql(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")


def new_database() -> tuple[str, str]:
    name = "esop_t_" + uuid.uuid4().hex[:12]
    _admin_sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return name, _url_for(name)


def drop_database(name: str) -> None:
    _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def dump(url: str) -> bytes:
    """Every byte the database would give an attacker with a copy of it (data of every table)."""
    return subprocess.run(["pg_dump", "--data-only", url], check=True, capture_output=True).stdout
