"""Sign-up: documents and the consent ledger, wizard flows, one-time codes.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "document" ("id" INTEGER NOT NULL PRIMARY KEY, "slug" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "title" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, "required" INTEGER NOT NULL, "published_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "document_slug_version" ON "document" ("slug", "version")',
        'CREATE TABLE IF NOT EXISTS "consent_record" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER, "flow_key" VARCHAR(255) NOT NULL, "document_id" INTEGER NOT NULL, "item" VARCHAR(255) NOT NULL, "answer" INTEGER NOT NULL, "full_text_viewed" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL, FOREIGN KEY ("document_id") REFERENCES "document" ("id") ON DELETE RESTRICT)',
        'CREATE INDEX IF NOT EXISTS "consentrecord_member_id" ON "consent_record" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "consentrecord_flow_key" ON "consent_record" ("flow_key")',
        'CREATE INDEX IF NOT EXISTS "consentrecord_document_id" ON "consent_record" ("document_id")',
        'CREATE INDEX IF NOT EXISTS "consentrecord_created_at" ON "consent_record" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "one_time_code" ("id" INTEGER NOT NULL PRIMARY KEY, "purpose" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "target" VARCHAR(255) NOT NULL, "code_hash" VARCHAR(64) NOT NULL, "expires_at" DATETIME NOT NULL, "attempts" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL)',
        'CREATE INDEX IF NOT EXISTS "onetimecode_purpose" ON "one_time_code" ("purpose")',
        'CREATE INDEX IF NOT EXISTS "onetimecode_subject" ON "one_time_code" ("subject")',
        'CREATE TABLE IF NOT EXISTS "signup_flow" ("id" INTEGER NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "step" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "rrn" TEXT, "rrn_index" VARCHAR(255) NOT NULL, "birth_date" DATE, "sex" VARCHAR(255) NOT NULL, "foreigner" VARCHAR(255) NOT NULL, "realname_at" DATETIME, "carrier" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "identity_at" DATETIME, "viewed" TEXT NOT NULL, "draft" TEXT, "member_id" INTEGER, "created_at" DATETIME NOT NULL, "last_seen" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "signupflow_key_hash" ON "signup_flow" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "signupflow_member_id" ON "signup_flow" ("member_id")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "document" ("id" SERIAL NOT NULL PRIMARY KEY, "slug" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "title" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, "required" BOOLEAN NOT NULL, "published_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "document_slug_version" ON "document" ("slug", "version")',
        'CREATE TABLE IF NOT EXISTS "consent_record" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER, "flow_key" VARCHAR(255) NOT NULL, "document_id" INTEGER NOT NULL, "item" VARCHAR(255) NOT NULL, "answer" BOOLEAN NOT NULL, "full_text_viewed" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL, FOREIGN KEY ("document_id") REFERENCES "document" ("id") ON DELETE RESTRICT)',
        'CREATE INDEX IF NOT EXISTS "consentrecord_member_id" ON "consent_record" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "consentrecord_flow_key" ON "consent_record" ("flow_key")',
        'CREATE INDEX IF NOT EXISTS "consentrecord_document_id" ON "consent_record" ("document_id")',
        'CREATE INDEX IF NOT EXISTS "consentrecord_created_at" ON "consent_record" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "one_time_code" ("id" SERIAL NOT NULL PRIMARY KEY, "purpose" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "target" VARCHAR(255) NOT NULL, "code_hash" VARCHAR(64) NOT NULL, "expires_at" TIMESTAMP NOT NULL, "attempts" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL)',
        'CREATE INDEX IF NOT EXISTS "onetimecode_purpose" ON "one_time_code" ("purpose")',
        'CREATE INDEX IF NOT EXISTS "onetimecode_subject" ON "one_time_code" ("subject")',
        'CREATE TABLE IF NOT EXISTS "signup_flow" ("id" SERIAL NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "step" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "rrn" TEXT, "rrn_index" VARCHAR(255) NOT NULL, "birth_date" DATE, "sex" VARCHAR(255) NOT NULL, "foreigner" VARCHAR(255) NOT NULL, "realname_at" TIMESTAMP, "carrier" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "identity_at" TIMESTAMP, "viewed" TEXT NOT NULL, "draft" TEXT, "member_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "last_seen" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "signupflow_key_hash" ON "signup_flow" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "signupflow_member_id" ON "signup_flow" ("member_id")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
