"""시간 연장 counted per flow, so extensions can stop after the configured number (WCAG 2.2.1, issue 17)."""

# Frozen DDL: the same statement on SQLite and PostgreSQL.
TABLES = ("signup_flow", "verification_flow")
DDL = "ALTER TABLE {table} ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0"


def apply(migrator, database):
    for table in TABLES:
        if "extensions" not in {c.name for c in database.get_columns(table)}:
            database.execute_sql(DDL.format(table=table))
