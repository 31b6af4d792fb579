"""2-2's answers kept in the sign-up flow (issue 16): 전문보기 and 이전 from 2-3 bring them back.

The column as it was at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": ("""ALTER TABLE "signup_flow" ADD COLUMN "consent_answers" TEXT NOT NULL DEFAULT '{}'""",),
    "postgresql": ("""ALTER TABLE "signup_flow" ADD COLUMN IF NOT EXISTS "consent_answers" TEXT NOT NULL DEFAULT '{}'""",),
}


def apply(migrator, database):
    # SQLite has no ADD COLUMN IF NOT EXISTS: a database that has the column already is left alone.
    if "consent_answers" not in {column.name for column in database.get_columns("signup_flow")}:
        run_frozen(database, DDL)
