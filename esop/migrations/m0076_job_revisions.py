"""직업 classification revisions (issue 16 defect 12): the groups of each loaded 한국표준직업분류 revision,
members' codes marked with their revision (every existing one is the 7th, the only one esop had), and
the bundled 7th loaded as the first revision (later ones come by `flask esop import-jobs`).

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
import csv
import datetime as dt
from pathlib import Path

from peewee import SQL, CharField
from playhouse.migrate import migrate

from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "job_revision" ("revision" VARCHAR(255) NOT NULL PRIMARY KEY, "source" TEXT NOT NULL, "loaded_at" DATETIME NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "job_group" ("id" INTEGER NOT NULL PRIMARY KEY, "revision" VARCHAR(255) NOT NULL, "code" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "level" INTEGER NOT NULL, "parent" VARCHAR(255) NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "jobgroup_revision_code" ON "job_group" ("revision", "code")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "job_revision" ("revision" VARCHAR(255) NOT NULL PRIMARY KEY, "source" TEXT NOT NULL, "loaded_at" TIMESTAMP NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "job_group" ("id" SERIAL NOT NULL PRIMARY KEY, "revision" VARCHAR(255) NOT NULL, "code" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "level" INTEGER NOT NULL, "parent" VARCHAR(255) NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "jobgroup_revision_code" ON "job_group" ("revision", "code")',
    ),
}

# The file this step loads is the one shipped with it (its rows never change: PROVENANCE.md).
KSCO7 = Path(__file__).resolve().parent.parent / "data" / "ksco7.csv"
KSCO7_SOURCE = ("esop/data/ksco7.csv: 한국표준직업분류 제7차 (통계청 고시 제2017-191호), 대·중·소분류; "
                "compiled as described in esop/data/PROVENANCE.md")


def apply(migrator, database):
    run_frozen(database, DDL)
    if "job_revision" not in {c.name for c in database.get_columns("member")}:
        # A database default too: a worker of the previous release, still running while this one is
        # rolled out, inserts members without the column.
        migrate(migrator.add_column("member", "job_revision", CharField(default="7", constraints=[SQL("DEFAULT '7'")])))
    p = database.param
    if database.execute_sql(f'SELECT 1 FROM "job_revision" WHERE "revision" = {p}', ("7",)).fetchone():
        return
    database.execute_sql(f'INSERT INTO "job_revision" ("revision", "source", "loaded_at") VALUES ({p}, {p}, {p})',
                         ("7", KSCO7_SOURCE, dt.datetime.now()))
    with KSCO7.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            database.execute_sql(
                f'INSERT INTO "job_group" ("revision", "code", "name", "level", "parent") VALUES ({p}, {p}, {p}, {p}, {p})',
                ("7", row["code"], row["name"], int(row["level"]), row["parent"]))
