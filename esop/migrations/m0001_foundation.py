"""Members, unions and rosters, login sessions, audit records, throttle counters.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "esop_union" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "company" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "union_name" ON "esop_union" ("name")',
        'CREATE TABLE IF NOT EXISTS "member" ("id" INTEGER NOT NULL PRIMARY KEY, "user_id" VARCHAR(12) NOT NULL, "name" VARCHAR(40) NOT NULL, "rrn" TEXT NOT NULL, "rrn_index" VARCHAR(64) NOT NULL, "password_hash" TEXT NOT NULL, "failed_logins" INTEGER NOT NULL, "locked_at" DATETIME, "status" VARCHAR(255) NOT NULL, "union_id" INTEGER, "created_at" DATETIME NOT NULL, "english_name" VARCHAR(255) NOT NULL, "sex" VARCHAR(1) NOT NULL, "nationality" VARCHAR(255) NOT NULL, "mail_to" VARCHAR(255) NOT NULL, "home_postcode" VARCHAR(255) NOT NULL, "home_address" VARCHAR(255) NOT NULL, "home_address_jibun" VARCHAR(255) NOT NULL, "home_address_detail" TEXT, "work_postcode" VARCHAR(255) NOT NULL, "work_address" VARCHAR(255) NOT NULL, "work_address_jibun" VARCHAR(255) NOT NULL, "work_address_detail" VARCHAR(255) NOT NULL, "other_postcode" VARCHAR(255) NOT NULL, "other_address" VARCHAR(255) NOT NULL, "other_address_jibun" VARCHAR(255) NOT NULL, "other_address_detail" TEXT, "home_phone" VARCHAR(255) NOT NULL, "work_phone" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "mail_ok" INTEGER NOT NULL, "email_ok" INTEGER NOT NULL, "sms_ok" INTEGER NOT NULL, "job_code" VARCHAR(255) NOT NULL, "company" VARCHAR(255) NOT NULL, "department" VARCHAR(255) NOT NULL, "position" VARCHAR(255) NOT NULL, FOREIGN KEY ("union_id") REFERENCES "esop_union" ("id") ON DELETE SET NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "member_user_id" ON "member" ("user_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "member_rrn_index" ON "member" ("rrn_index")',
        'CREATE INDEX IF NOT EXISTS "member_union_id" ON "member" ("union_id")',
        'CREATE TABLE IF NOT EXISTS "audit_event" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER, "event" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "ip" VARCHAR(255) NOT NULL, "user_agent" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL)',
        'CREATE INDEX IF NOT EXISTS "auditevent_member_id" ON "audit_event" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "auditevent_event" ON "audit_event" ("event")',
        'CREATE INDEX IF NOT EXISTS "auditevent_created_at" ON "audit_event" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "login_session" ("id" INTEGER NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "member_id" INTEGER NOT NULL, "method" VARCHAR(255) NOT NULL, "ip" VARCHAR(255) NOT NULL, "user_agent" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "last_seen" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "loginsession_token_hash" ON "login_session" ("token_hash")',
        'CREATE INDEX IF NOT EXISTS "loginsession_member_id" ON "login_session" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "roster_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "union_id" INTEGER NOT NULL, "rrn_index" VARCHAR(64) NOT NULL, "name" VARCHAR(255) NOT NULL, "employee_no" VARCHAR(255) NOT NULL, FOREIGN KEY ("union_id") REFERENCES "esop_union" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "rosterentry_union_id" ON "roster_entry" ("union_id")',
        'CREATE INDEX IF NOT EXISTS "rosterentry_rrn_index" ON "roster_entry" ("rrn_index")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "rosterentry_union_id_rrn_index" ON "roster_entry" ("union_id", "rrn_index")',
        'CREATE TABLE IF NOT EXISTS "throttle_counter" ("id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(200) NOT NULL, "window_start" DATETIME NOT NULL, "count" INTEGER NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "throttlecounter_key" ON "throttle_counter" ("key")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "esop_union" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "company" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "union_name" ON "esop_union" ("name")',
        'CREATE TABLE IF NOT EXISTS "member" ("id" SERIAL NOT NULL PRIMARY KEY, "user_id" VARCHAR(12) NOT NULL, "name" VARCHAR(40) NOT NULL, "rrn" TEXT NOT NULL, "rrn_index" VARCHAR(64) NOT NULL, "password_hash" TEXT NOT NULL, "failed_logins" INTEGER NOT NULL, "locked_at" TIMESTAMP, "status" VARCHAR(255) NOT NULL, "union_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "english_name" VARCHAR(255) NOT NULL, "sex" VARCHAR(1) NOT NULL, "nationality" VARCHAR(255) NOT NULL, "mail_to" VARCHAR(255) NOT NULL, "home_postcode" VARCHAR(255) NOT NULL, "home_address" VARCHAR(255) NOT NULL, "home_address_jibun" VARCHAR(255) NOT NULL, "home_address_detail" TEXT, "work_postcode" VARCHAR(255) NOT NULL, "work_address" VARCHAR(255) NOT NULL, "work_address_jibun" VARCHAR(255) NOT NULL, "work_address_detail" VARCHAR(255) NOT NULL, "other_postcode" VARCHAR(255) NOT NULL, "other_address" VARCHAR(255) NOT NULL, "other_address_jibun" VARCHAR(255) NOT NULL, "other_address_detail" TEXT, "home_phone" VARCHAR(255) NOT NULL, "work_phone" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "mail_ok" BOOLEAN NOT NULL, "email_ok" BOOLEAN NOT NULL, "sms_ok" BOOLEAN NOT NULL, "job_code" VARCHAR(255) NOT NULL, "company" VARCHAR(255) NOT NULL, "department" VARCHAR(255) NOT NULL, "position" VARCHAR(255) NOT NULL, FOREIGN KEY ("union_id") REFERENCES "esop_union" ("id") ON DELETE SET NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "member_user_id" ON "member" ("user_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "member_rrn_index" ON "member" ("rrn_index")',
        'CREATE INDEX IF NOT EXISTS "member_union_id" ON "member" ("union_id")',
        'CREATE TABLE IF NOT EXISTS "audit_event" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER, "event" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "ip" VARCHAR(255) NOT NULL, "user_agent" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL)',
        'CREATE INDEX IF NOT EXISTS "auditevent_member_id" ON "audit_event" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "auditevent_event" ON "audit_event" ("event")',
        'CREATE INDEX IF NOT EXISTS "auditevent_created_at" ON "audit_event" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "login_session" ("id" SERIAL NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "member_id" INTEGER NOT NULL, "method" VARCHAR(255) NOT NULL, "ip" VARCHAR(255) NOT NULL, "user_agent" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL, "last_seen" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "loginsession_token_hash" ON "login_session" ("token_hash")',
        'CREATE INDEX IF NOT EXISTS "loginsession_member_id" ON "login_session" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "roster_entry" ("id" SERIAL NOT NULL PRIMARY KEY, "union_id" INTEGER NOT NULL, "rrn_index" VARCHAR(64) NOT NULL, "name" VARCHAR(255) NOT NULL, "employee_no" VARCHAR(255) NOT NULL, FOREIGN KEY ("union_id") REFERENCES "esop_union" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "rosterentry_union_id" ON "roster_entry" ("union_id")',
        'CREATE INDEX IF NOT EXISTS "rosterentry_rrn_index" ON "roster_entry" ("rrn_index")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "rosterentry_union_id_rrn_index" ON "roster_entry" ("union_id", "rrn_index")',
        'CREATE TABLE IF NOT EXISTS "throttle_counter" ("id" SERIAL NOT NULL PRIMARY KEY, "key" VARCHAR(200) NOT NULL, "window_start" TIMESTAMP NOT NULL, "count" INTEGER NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "throttlecounter_key" ON "throttle_counter" ("key")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
