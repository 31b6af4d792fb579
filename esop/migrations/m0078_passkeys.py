"""Passkeys (issue 16): members' WebAuthn credentials and the server-side challenges of each ceremony
(esop/models/passkey.py).

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "passkey_credential" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "credential_id" VARCHAR(1400) NOT NULL, "public_key" BLOB NOT NULL, "sign_count" INTEGER NOT NULL, "name" VARCHAR(40) NOT NULL, "transports" VARCHAR(255) NOT NULL, "failures" INTEGER NOT NULL, "locked_at" DATETIME, "created_at" DATETIME NOT NULL, "last_used_at" DATETIME, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "passkeycredential_member_id" ON "passkey_credential" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "passkeycredential_credential_id" ON "passkey_credential" ("credential_id")',
        'CREATE TABLE IF NOT EXISTS "passkey_challenge" ("id" INTEGER NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "member_id" INTEGER, "challenge" BLOB NOT NULL, "expires_at" DATETIME NOT NULL, "used_at" DATETIME, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "passkeychallenge_key_hash" ON "passkey_challenge" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "passkeychallenge_member_id" ON "passkey_challenge" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "passkeychallenge_expires_at" ON "passkey_challenge" ("expires_at")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "passkey_credential" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "credential_id" VARCHAR(1400) NOT NULL, "public_key" BYTEA NOT NULL, "sign_count" INTEGER NOT NULL, "name" VARCHAR(40) NOT NULL, "transports" VARCHAR(255) NOT NULL, "failures" INTEGER NOT NULL, "locked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "last_used_at" TIMESTAMP, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "passkeycredential_member_id" ON "passkey_credential" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "passkeycredential_credential_id" ON "passkey_credential" ("credential_id")',
        'CREATE TABLE IF NOT EXISTS "passkey_challenge" ("id" SERIAL NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "member_id" INTEGER, "challenge" BYTEA NOT NULL, "expires_at" TIMESTAMP NOT NULL, "used_at" TIMESTAMP, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "passkeychallenge_key_hash" ON "passkey_challenge" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "passkeychallenge_member_id" ON "passkey_challenge" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "passkeychallenge_expires_at" ON "passkey_challenge" ("expires_at")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
