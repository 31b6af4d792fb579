"""The outbox (issue 14): texts sent by `flask esop worker` with retries (esop/outbox.py).

The table as it was at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "outbox_message" ("id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(255) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "to" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "attempts" INTEGER NOT NULL, "next_attempt_at" DATETIME NOT NULL, "claimed_at" DATETIME, "last_error" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "sent_at" DATETIME)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "outboxmessage_key" ON "outbox_message" ("key")',
        'CREATE INDEX IF NOT EXISTS "outboxmessage_status_next_attempt_at" ON "outbox_message" ("status", "next_attempt_at")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "outbox_message" ("id" SERIAL NOT NULL PRIMARY KEY, "key" VARCHAR(255) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "to" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "attempts" INTEGER NOT NULL, "next_attempt_at" TIMESTAMP NOT NULL, "claimed_at" TIMESTAMP, "last_error" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL, "sent_at" TIMESTAMP)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "outboxmessage_key" ON "outbox_message" ("key")',
        'CREATE INDEX IF NOT EXISTS "outboxmessage_status_next_attempt_at" ON "outbox_message" ("status", "next_attempt_at")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
