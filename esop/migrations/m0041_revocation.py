"""The sandbox CAs' revocation list, answered by their OCSP responder.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "sandbox_revocation" ("id" INTEGER NOT NULL PRIMARY KEY, "ca_kind" VARCHAR(255) NOT NULL, "serial" VARCHAR(255) NOT NULL, "revoked_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxrevocation_ca_kind_serial" ON "sandbox_revocation" ("ca_kind", "serial")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "sandbox_revocation" ("id" SERIAL NOT NULL PRIMARY KEY, "ca_kind" VARCHAR(255) NOT NULL, "serial" VARCHAR(255) NOT NULL, "revoked_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxrevocation_ca_kind_serial" ON "sandbox_revocation" ("ca_kind", "serial")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
