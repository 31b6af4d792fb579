"""Road-name address tables (empty until an import or the bundled sample fills them) and their indexes.

Frozen DDL: an import builds its staging tables with models/address.py's current DDL; this is the
schema as it was at this step."""
from . import is_postgres, run_frozen

IMPORTS = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "address_import" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, "finished_at" DATETIME, "status" VARCHAR(10) NOT NULL, "files" TEXT NOT NULL, "rows" INTEGER NOT NULL, "skipped" INTEGER NOT NULL, "message" TEXT NOT NULL)',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "address_import" ("id" SERIAL NOT NULL PRIMARY KEY, "started_at" TIMESTAMP NOT NULL, "finished_at" TIMESTAMP, "status" VARCHAR(10) NOT NULL, "files" TEXT NOT NULL, "rows" INTEGER NOT NULL, "skipped" INTEGER NOT NULL, "message" TEXT NOT NULL)',
    ),
}
ADDRESS = {
    "sqlite": (
        'CREATE TABLE address_term (id INTEGER PRIMARY KEY, kind SMALLINT NOT NULL, sido TEXT NOT NULL, sigungu TEXT NOT NULL, prefix TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL)',
        'CREATE TABLE address (id INTEGER PRIMARY KEY, road_term INTEGER NOT NULL, dong_term INTEGER NOT NULL, bldg_term INTEGER, postcode INTEGER NOT NULL, bldg_main INTEGER NOT NULL, bldg_sub INTEGER NOT NULL, underground SMALLINT NOT NULL, jibun_main INTEGER NOT NULL, jibun_sub INTEGER NOT NULL, mountain SMALLINT NOT NULL)',
        'CREATE TABLE address_region (sido TEXT NOT NULL, sigungu TEXT NOT NULL, min_term INTEGER NOT NULL, max_term INTEGER NOT NULL, PRIMARY KEY (sido, sigungu))',
        "CREATE VIRTUAL TABLE address_term_fts USING fts5(key, columnsize=0, tokenize='trigram')",
        'CREATE INDEX ix_addr_road_g0 ON address (road_term, bldg_main, bldg_sub)',
        'CREATE INDEX ix_addr_dong_g0 ON address (dong_term, jibun_main, jibun_sub)',
        'CREATE INDEX ix_addr_bldg_g0 ON address (bldg_term) WHERE bldg_term IS NOT NULL',
        'CREATE INDEX ix_addr_post_g0 ON address (postcode)',
        'CREATE INDEX ix_addr_term_key_g0 ON address_term (key)',
        'CREATE INDEX ix_addr_term_region_g0 ON address_term (sido, sigungu, kind)',
    ),
    "postgresql": (
        'CREATE TABLE address_term (id BIGINT PRIMARY KEY, kind SMALLINT NOT NULL, sido TEXT NOT NULL, sigungu TEXT NOT NULL, prefix TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL)',
        'CREATE TABLE address (id BIGINT PRIMARY KEY, road_term BIGINT NOT NULL, dong_term BIGINT NOT NULL, bldg_term BIGINT, postcode INTEGER NOT NULL, bldg_main INTEGER NOT NULL, bldg_sub INTEGER NOT NULL, underground SMALLINT NOT NULL, jibun_main INTEGER NOT NULL, jibun_sub INTEGER NOT NULL, mountain SMALLINT NOT NULL)',
        'CREATE TABLE address_region (sido TEXT NOT NULL, sigungu TEXT NOT NULL, min_term BIGINT NOT NULL, max_term BIGINT NOT NULL, PRIMARY KEY (sido, sigungu))',
        'CREATE INDEX ix_addr_road_g0 ON address (road_term, bldg_main, bldg_sub)',
        'CREATE INDEX ix_addr_dong_g0 ON address (dong_term, jibun_main, jibun_sub)',
        'CREATE INDEX ix_addr_bldg_g0 ON address (bldg_term) WHERE bldg_term IS NOT NULL',
        'CREATE INDEX ix_addr_post_g0 ON address (postcode)',
        'CREATE INDEX ix_addr_term_key_g0 ON address_term (key text_pattern_ops)',
        'CREATE INDEX ix_addr_term_region_g0 ON address_term (sido, sigungu, kind)',
    ),
}
TRIGRAM_INDEX = 'CREATE INDEX ix_addr_term_trgm_g0 ON address_term USING gin (key gin_trgm_ops)'


def apply(migrator, database):
    if is_postgres(database):
        # Needs the CREATE privilege on the database; without it substring search runs unindexed.
        try:
            with database.atomic():
                database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - any refusal leaves the fallback in place
            pass
    run_frozen(database, IMPORTS)
    if not database.table_exists("address"):
        run_frozen(database, ADDRESS)
        if is_postgres(database) and database.execute_sql(
                "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone():
            database.execute_sql(TRIGRAM_INDEX)
