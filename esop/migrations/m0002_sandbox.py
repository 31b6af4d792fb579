"""Sandbox outbox and switches.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "sandbox_message" ("id" INTEGER NOT NULL PRIMARY KEY, "to" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "code" VARCHAR(255) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL)',
        'CREATE INDEX IF NOT EXISTS "sandboxmessage_to" ON "sandbox_message" ("to")',
        'CREATE INDEX IF NOT EXISTS "sandboxmessage_created_at" ON "sandbox_message" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "sandbox_switch" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "value" VARCHAR(255) NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxswitch_name" ON "sandbox_switch" ("name")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "sandbox_message" ("id" SERIAL NOT NULL PRIMARY KEY, "to" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "code" VARCHAR(255) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL)',
        'CREATE INDEX IF NOT EXISTS "sandboxmessage_to" ON "sandbox_message" ("to")',
        'CREATE INDEX IF NOT EXISTS "sandboxmessage_created_at" ON "sandbox_message" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "sandbox_switch" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "value" VARCHAR(255) NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxswitch_name" ON "sandbox_switch" ("name")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
