"""The sandbox 우리사주 holdings/loan system's console figures (issue 16, 대출가능금액 조회).

The table as it was at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "sandbox_holding" ("id" INTEGER NOT NULL PRIMARY KEY, "user_id" VARCHAR(255) NOT NULL, "shares" INTEGER, "price" INTEGER, "existing_loan" INTEGER, "updated_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxholding_user_id" ON "sandbox_holding" ("user_id")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "sandbox_holding" ("id" SERIAL NOT NULL PRIMARY KEY, "user_id" VARCHAR(255) NOT NULL, "shares" BIGINT, "price" BIGINT, "existing_loan" BIGINT, "updated_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxholding_user_id" ON "sandbox_holding" ("user_id")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
