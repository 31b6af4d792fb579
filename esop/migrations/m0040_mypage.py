"""마이페이지: security events (보안 알림), password history, profile drafts, withdrawals.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "password_history" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "password_hash" TEXT NOT NULL, "retired_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "passwordhistory_member_id" ON "password_history" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "profile_draft" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "values" TEXT NOT NULL, "saved_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "profiledraft_member_id" ON "profile_draft" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "security_event" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "audit_event_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "summary" VARCHAR(255) NOT NULL, "masked_ip" VARCHAR(255) NOT NULL, "device" VARCHAR(255) NOT NULL, "occurred_at" DATETIME NOT NULL, "disavowed_at" DATETIME, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "securityevent_member_id" ON "security_event" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "securityevent_audit_event_id" ON "security_event" ("audit_event_id")',
        'CREATE INDEX IF NOT EXISTS "securityevent_occurred_at" ON "security_event" ("occurred_at")',
        'CREATE TABLE IF NOT EXISTS "withdrawal" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "withdrawn_at" DATETIME NOT NULL, "method" VARCHAR(255) NOT NULL, "keep_until" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "withdrawal_member_id" ON "withdrawal" ("member_id")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "password_history" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "password_hash" TEXT NOT NULL, "retired_at" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "passwordhistory_member_id" ON "password_history" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "profile_draft" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "values" TEXT NOT NULL, "saved_at" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "profiledraft_member_id" ON "profile_draft" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "security_event" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "audit_event_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "summary" VARCHAR(255) NOT NULL, "masked_ip" VARCHAR(255) NOT NULL, "device" VARCHAR(255) NOT NULL, "occurred_at" TIMESTAMP NOT NULL, "disavowed_at" TIMESTAMP, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "securityevent_member_id" ON "security_event" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "securityevent_audit_event_id" ON "security_event" ("audit_event_id")',
        'CREATE INDEX IF NOT EXISTS "securityevent_occurred_at" ON "security_event" ("occurred_at")',
        'CREATE TABLE IF NOT EXISTS "withdrawal" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "withdrawn_at" TIMESTAMP NOT NULL, "method" VARCHAR(255) NOT NULL, "keep_until" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "withdrawal_member_id" ON "withdrawal" ("member_id")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
