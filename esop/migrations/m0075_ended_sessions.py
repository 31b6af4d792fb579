"""Login sessions ended from another device (다른 기기 로그아웃): the ended device is told why (issue 16).

The table as it was at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "ended_login_session" ("id" INTEGER NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "reason" VARCHAR(255) NOT NULL, "ended_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "endedloginsession_token_hash" ON "ended_login_session" ("token_hash")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "ended_login_session" ("id" SERIAL NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "reason" VARCHAR(255) NOT NULL, "ended_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "endedloginsession_token_hash" ON "ended_login_session" ("token_hash")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
