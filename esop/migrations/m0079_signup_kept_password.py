"""2-4's password kept across a no-JS submit that failed elsewhere (issue 17): the member's argon2 hash
and the ID it was checked against ('아이디 포함 불가'); never the password itself.

The columns as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": ("""ALTER TABLE "signup_flow" ADD COLUMN "kept_password_hash" TEXT""",
               """ALTER TABLE "signup_flow" ADD COLUMN "kept_password_for" VARCHAR(255) NOT NULL DEFAULT ''"""),
    "postgresql": ("""ALTER TABLE "signup_flow" ADD COLUMN IF NOT EXISTS "kept_password_hash" TEXT""",
                   """ALTER TABLE "signup_flow" ADD COLUMN IF NOT EXISTS "kept_password_for" VARCHAR(255) NOT NULL DEFAULT ''"""),
}


def apply(migrator, database):
    # SQLite has no ADD COLUMN IF NOT EXISTS: a database that has the columns already is left alone.
    if "kept_password_hash" not in {column.name for column in database.get_columns("signup_flow")}:
        run_frozen(database, DDL)
