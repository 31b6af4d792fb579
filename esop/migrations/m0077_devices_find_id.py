"""Issue 16: 단말기 지정's opt-in and registered browsers (esop/models/device.py), and 아이디 찾기's
server-side state (esop/models/id_lookup.py).

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "device_service" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "applied_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "deviceservice_member_id" ON "device_service" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "trusted_device" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "token_hash" VARCHAR(64) NOT NULL, "name" VARCHAR(40) NOT NULL, "created_at" DATETIME NOT NULL, "last_used_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "trusteddevice_member_id" ON "trusted_device" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "trusteddevice_token_hash" ON "trusted_device" ("token_hash")',
        'CREATE TABLE IF NOT EXISTS "id_lookup" ("id" INTEGER NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "name" VARCHAR(255) NOT NULL, "rrn" TEXT NOT NULL, "rrn_index" VARCHAR(255) NOT NULL, "birth_date" DATE NOT NULL, "sex" VARCHAR(255) NOT NULL, "carrier" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "identity_at" DATETIME, "created_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "idlookup_key_hash" ON "id_lookup" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "idlookup_created_at" ON "id_lookup" ("created_at")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "device_service" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "applied_at" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "deviceservice_member_id" ON "device_service" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "trusted_device" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "token_hash" VARCHAR(64) NOT NULL, "name" VARCHAR(40) NOT NULL, "created_at" TIMESTAMP NOT NULL, "last_used_at" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "trusteddevice_member_id" ON "trusted_device" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "trusteddevice_token_hash" ON "trusted_device" ("token_hash")',
        'CREATE TABLE IF NOT EXISTS "id_lookup" ("id" SERIAL NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "name" VARCHAR(255) NOT NULL, "rrn" TEXT NOT NULL, "rrn_index" VARCHAR(255) NOT NULL, "birth_date" DATE NOT NULL, "sex" VARCHAR(255) NOT NULL, "carrier" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "identity_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "idlookup_key_hash" ON "id_lookup" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "idlookup_created_at" ON "id_lookup" ("created_at")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
