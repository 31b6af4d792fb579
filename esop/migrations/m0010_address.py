"""Road-name address tables (empty until an import or the bundled sample fills them) and their indexes."""
from ..models.address import AddressImport, create_indexes, create_tables, is_postgres


def apply(migrator, database):
    if is_postgres(database):
        # Needs the CREATE privilege on the database; without it substring search runs unindexed.
        try:
            with database.atomic():
                database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - any refusal leaves the fallback in place
            pass
    database.create_tables([AddressImport], safe=True)
    if not database.table_exists("address"):
        create_tables(database)
        create_indexes(database, "", "g0")
