"""Road-name addresses: the live tables, the staging copies an import fills, and the searches on them.

Layout (chosen for 6.4 million rows, see README "주소 데이터"):
- ``address_term``: each distinct name once per 시군구 — a road (kind 1), a 읍면동+리 (kind 2) or a
  building name (kind 3) — with ``key``, its :func:`~esop.rules.address_query.search_key`.
  Substring search runs over these ~1-2 million short names, not over 6.4 million addresses.
  SQLite: an FTS5 trigram index ``address_term_fts`` (rowid = term id);
  PostgreSQL: a pg_trgm GIN index on ``key``.
- ``address``: one row per road address, numbers only, pointing at its three terms.
- ``address_region``: 시도/시군구 with the term-id range they occupy (for the selects and to
  narrow an FTS scan to one region).

An import builds ``<table>_stg<N>`` copies and :func:`swap_in` replaces the live tables in one
transaction, so a search sees the whole old country or the whole new one (STYLE 8).
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import (BigIntegerField, CharField, DateTimeField, IntegerField, PostgresqlDatabase, SmallIntegerField,
                    TextField)

from ..db import BaseModel, db
from ..rules.address_query import search_key

ROAD, DONG, BLDG = 1, 2, 3
TABLES = ("address", "address_term", "address_region")


class AddressTerm(BaseModel):
    id = BigIntegerField(primary_key=True)
    kind = SmallIntegerField()
    sido = TextField()
    sigungu = TextField()
    prefix = TextField()     # road: the 읍/면 a road address names; else ""
    name = TextField()       # road name, "읍면동 리", or building name, as displayed
    key = TextField()

    class Meta:
        table_name = "address_term"


class Address(BaseModel):
    id = BigIntegerField(primary_key=True)
    road_term = BigIntegerField()
    dong_term = BigIntegerField()
    bldg_term = BigIntegerField(null=True)
    postcode = IntegerField()
    bldg_main = IntegerField()
    bldg_sub = IntegerField()
    underground = SmallIntegerField()   # official 지하여부: 0 지상, 1 지하, 2 공중
    jibun_main = IntegerField()
    jibun_sub = IntegerField()
    mountain = SmallIntegerField()

    class Meta:
        table_name = "address"


class AddressImport(BaseModel):
    """One import run: the lock against two at once, and the operator's record of what was loaded."""
    started_at = DateTimeField(default=dt.datetime.now)
    finished_at = DateTimeField(null=True)
    status = CharField(max_length=10, default="running")   # running | done | failed
    files = TextField(default="")
    rows = IntegerField(default=0)
    skipped = IntegerField(default=0)
    message = TextField(default="")

    class Meta:
        table_name = "address_import"


def is_postgres(database=None) -> bool:
    # By type: the pooled class (postgresql+pool://) is not named Postgres… but is one.
    return isinstance(database or db.obj, PostgresqlDatabase)


# ---------------------------------------------------------------------------
# schema: the same DDL builds the live tables (migration) and each import's staging copies


def create_tables(database, suffix: str = "") -> None:
    """Tables named ``address{suffix}`` …, without secondary indexes (built after the bulk load)."""
    pg = is_postgres(database)
    big = "BIGINT" if pg else "INTEGER"
    for sql in (
        f"CREATE TABLE address_term{suffix} (id {big} PRIMARY KEY, kind SMALLINT NOT NULL, "
        "sido TEXT NOT NULL, sigungu TEXT NOT NULL, prefix TEXT NOT NULL, name TEXT NOT NULL, "
        "key TEXT NOT NULL)",
        f"CREATE TABLE address{suffix} (id {big} PRIMARY KEY, road_term {big} NOT NULL, "
        f"dong_term {big} NOT NULL, bldg_term {big}, postcode INTEGER NOT NULL, "
        "bldg_main INTEGER NOT NULL, bldg_sub INTEGER NOT NULL, underground SMALLINT NOT NULL, "
        "jibun_main INTEGER NOT NULL, jibun_sub INTEGER NOT NULL, mountain SMALLINT NOT NULL)",
        f"CREATE TABLE address_region{suffix} (sido TEXT NOT NULL, sigungu TEXT NOT NULL, "
        f"min_term {big} NOT NULL, max_term {big} NOT NULL, PRIMARY KEY (sido, sigungu))",
    ):
        database.execute_sql(sql)
    if not pg:
        # Trigram: substring match in any script. The keys are stored (not contentless) so the table
        # can be read like any other (backups, audits that scan every table); ~2 % of the database.
        database.execute_sql(f"CREATE VIRTUAL TABLE address_term_fts{suffix} USING fts5("
                             "key, columnsize=0, tokenize='trigram')")


def create_indexes(database, suffix: str, tag: str) -> None:
    """Secondary indexes; ``tag`` keeps names unique across generations (index names outlive renames)."""
    pg = is_postgres(database)
    key_ops = " text_pattern_ops" if pg else ""   # PostgreSQL: prefix LIKE on any collation
    for sql in (
        f"CREATE INDEX ix_addr_road_{tag} ON address{suffix} (road_term, bldg_main, bldg_sub)",
        f"CREATE INDEX ix_addr_dong_{tag} ON address{suffix} (dong_term, jibun_main, jibun_sub)",
        f"CREATE INDEX ix_addr_bldg_{tag} ON address{suffix} (bldg_term) WHERE bldg_term IS NOT NULL",
        f"CREATE INDEX ix_addr_post_{tag} ON address{suffix} (postcode)",
        f"CREATE INDEX ix_addr_term_key_{tag} ON address_term{suffix} (key{key_ops})",
        f"CREATE INDEX ix_addr_term_region_{tag} ON address_term{suffix} (sido, sigungu, kind)",
    ):
        database.execute_sql(sql)
    if pg and has_pg_trgm(database):
        database.execute_sql(f"CREATE INDEX ix_addr_term_trgm_{tag} ON address_term{suffix} "
                             "USING gin (key gin_trgm_ops)")


def has_pg_trgm(database) -> bool:
    """Without the extension (no privilege to create it) substring search still works, unindexed."""
    return bool(database.execute_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone())


def _all_tables(database) -> tuple[str, ...]:
    return TABLES if is_postgres(database) else TABLES + ("address_term_fts",)


def drop_tables(database, suffix: str) -> None:
    for table in _all_tables(database):
        database.execute_sql(f"DROP TABLE IF EXISTS {table}{suffix}")


def swap_in(database, suffix: str) -> None:
    """Replace the live tables by the staging ones in one transaction.

    SQLite (WAL): readers keep their snapshot until the commit and then see the new tables;
    PostgreSQL: DROP/RENAME take an exclusive lock for the instant of the commit, waiting
    searches then resolve the names to the new tables.
    """
    pg = is_postgres(database)
    with database.atomic():
        if pg:
            # Same tables, same order as consistent_read(): a search holding them delays the swap
            # instead of deadlocking with it.
            database.execute_sql(f"LOCK TABLE {', '.join(TABLES)} IN ACCESS EXCLUSIVE MODE")
        for table in _all_tables(database):
            database.execute_sql(f"DROP TABLE IF EXISTS {table}")
            database.execute_sql(f"ALTER TABLE {table}{suffix} RENAME TO {table}")
            if not pg and database.table_exists("sqlite_stat1"):
                # SQLite keeps planner statistics by table name and a rename does not carry them;
                # without them it scans a whole 시도 instead of using the key index.
                database.execute_sql("DELETE FROM sqlite_stat1 WHERE tbl = ?", (table,))
                database.execute_sql("UPDATE sqlite_stat1 SET tbl = ? WHERE tbl = ?", (table, table + suffix))


# ---------------------------------------------------------------------------
# searches (the LocalAddressSearch adapter composes these)


@contextmanager
def consistent_read():
    """One search's several statements read one generation, even if an import swaps meanwhile.

    SQLite (WAL): a transaction reads one snapshot from its first read to its end.
    PostgreSQL: read-committed statements each see the latest commit, so the tables are share-locked
    for the transaction; swap_in waits for it (and it for swap_in), in the same table order.
    """
    if is_postgres():
        with db.atomic():
            db.execute_sql(f"LOCK TABLE {', '.join(TABLES)} IN ACCESS SHARE MODE")
            yield
    else:
        # DEFERRED: a read-only transaction takes no write lock (the database's default is
        # IMMEDIATE, for read-then-write transactions), so searches never queue behind writers.
        with db.atomic(lock_type="DEFERRED"):
            yield


@dataclass(frozen=True)
class AddressRow:
    id: int
    postcode: str
    road_address: str
    jibun_address: str
    building_name: str


def _sql(sql: str) -> str:
    return sql.replace("?", "%s") if is_postgres() else sql


def _rows(sql: str, params=()) -> list[tuple]:
    return db.execute_sql(_sql(sql), tuple(params)).fetchall()


def regions() -> list[tuple[str, str, int, int]]:
    """(시도, 시군구, first term id, last term id) of the imported data."""
    return _rows("SELECT sido, sigungu, min_term, max_term FROM address_region")


def _region_where(sido, sigungu, use_index: bool = True) -> tuple[str, list]:
    # SQLite's "+column" keeps the planner off the region index when the key index is the narrow one
    # (it otherwise guesses a key range to be wide and scans the whole 시군구).
    plus = "" if use_index or is_postgres() else "+"
    where, params = "", []
    if sido:
        where += f" AND {plus}t.sido = ?"
        params.append(sido)
    if sigungu:
        where += f" AND {plus}t.sigungu = ?"
        params.append(sigungu)
    return where, params


def match_terms(key: str, kinds: tuple[int, ...], sido=None, sigungu=None, term_range=None,
                limit: int = 200) -> list[tuple[int, int, int]]:
    """Terms whose key equals, starts with or contains ``key``: (rank 0/1/2, kind, id), best first."""
    key = search_key(key)   # already done by the parser; repeated so no caller can pass an FTS operator
    if not key:
        return []
    kind_sql = f"t.kind IN ({','.join(str(int(k)) for k in kinds)})"
    region, region_params = _region_where(sido, sigungu)
    by_key, _ = _region_where(sido, sigungu, use_index=False)
    found: dict[int, tuple[int, int, int, int]] = {}

    def take(rank, rows):
        for term_id, kind, length in rows:
            if term_id not in found or found[term_id][0] > rank:
                found[term_id] = (rank, length, kind, term_id)

    select = "SELECT t.id, t.kind, length(t.key) FROM address_term t WHERE "
    base = f"{select}{kind_sql}{region}"
    keyed = f"{select}+{kind_sql}{by_key}" if not is_postgres() else base
    take(0, _rows(keyed + " AND t.key = ? LIMIT ?", [*region_params, key, limit]))
    if is_postgres():
        take(1, _rows(keyed + " AND t.key LIKE ? LIMIT ?", [*region_params, key + "%", limit]))
    else:
        take(1, _rows(keyed + " AND t.key > ? AND t.key < ? LIMIT ?",
                      [*region_params, key, key + "\U0010ffff", limit]))
    if len(key) < 3 and sigungu:
        # Trigrams need three characters; one 시군구's few thousand names can be scanned instead.
        contains = "strpos(t.key, ?) > 0" if is_postgres() else "instr(t.key, ?) > 0"
        take(2, _rows(base + f" AND {contains} LIMIT ?", [*region_params, key, limit]))
    elif len(key) >= 3:
        # Measured on 6.4 million rows: the trigram index limited to the region's term-id range
        # answers in 0.05-0.1 ms where scanning the 시군구's names takes 2-3 ms.
        if is_postgres():
            take(2, _rows(base + " AND t.key LIKE ? LIMIT ?", [*region_params, f"%{key}%", limit]))
        else:
            lo, hi = term_range or (None, None)
            window = " AND address_term_fts.rowid BETWEEN ? AND ?" if term_range else ""
            # key holds only [0-9a-z가-힣] (search_key), so the quoted phrase is a plain substring.
            take(2, _rows("SELECT t.id, t.kind, length(t.key) FROM address_term_fts "
                          "JOIN address_term t ON t.id = address_term_fts.rowid "
                          f"WHERE address_term_fts MATCH ?{window} AND {kind_sql}{region} LIMIT ?",
                          [f'"{key}"', *([lo, hi] if term_range else []), *region_params, limit]))
    ranked = sorted(found.values(), key=lambda r: (r[0], kinds.index(r[2]), r[1], r[3]))
    return [(rank, kind, term_id) for rank, _length, kind, term_id in ranked]


_NUMBER_COLUMNS = {ROAD: ("road_term", "bldg_main", "bldg_sub"),
                   DONG: ("dong_term", "jibun_main", "jibun_sub"),
                   BLDG: ("bldg_term", None, None)}


def address_ids(kind: int, term_ids: list[int], main=None, sub=None, *, mountain=False,
                underground=False, limit: int = 1001) -> list[int]:
    """Addresses of these terms, in index order (term, number), optionally with a given number."""
    column, main_col, sub_col = _NUMBER_COLUMNS[kind]
    where, params = [f"{column} IN ({','.join('?' * len(term_ids))})"], list(term_ids)
    if main is not None and main_col:
        where.append(f"{main_col} = ?")
        params.append(main)
        if sub is not None:
            where.append(f"{sub_col} = ?")
            params.append(sub)
    if mountain and kind == DONG:
        where.append("mountain = 1")
    if underground and kind == ROAD:
        where.append("underground = 1")
    order = f"{column}, {main_col}, {sub_col}, id" if main_col else f"{column}, id"
    return [r[0] for r in _rows(f"SELECT id FROM address WHERE {' AND '.join(where)} "
                                f"ORDER BY {order} LIMIT ?", [*params, limit])]


def address_ids_by_postcode(postcode: int, limit: int = 1001) -> list[int]:
    return [r[0] for r in _rows("SELECT id FROM address WHERE postcode = ? ORDER BY postcode, id LIMIT ?",
                                [postcode, limit])]


def _number(main: int, sub: int) -> str:
    return f"{main}-{sub}" if sub else str(main)


def address_rows(ids: list[int]) -> list[AddressRow]:
    """The display form of these addresses, in the order given."""
    if not ids:
        return []
    rows = _rows(
        "SELECT a.id, a.postcode, a.bldg_main, a.bldg_sub, a.underground, a.jibun_main, a.jibun_sub, "
        "a.mountain, r.sido, r.sigungu, r.prefix, r.name, d.name, b.name "
        "FROM address a JOIN address_term r ON r.id = a.road_term "
        "JOIN address_term d ON d.id = a.dong_term LEFT JOIN address_term b ON b.id = a.bldg_term "
        f"WHERE a.id IN ({','.join('?' * len(ids))})", ids)
    by_id = {}
    for (aid, postcode, b_main, b_sub, underground, j_main, j_sub, mountain,
         sido, sigungu, prefix, road, dong, building) in rows:
        # Same wording as AddressRecord.road_address / .jibun_address (esop/address/files.py).
        road_address = " ".join(p for p in (sido, sigungu, prefix, road, "지하" if underground == 1 else "",
                                            _number(b_main, b_sub)) if p)
        jibun = ("산" if mountain else "") + _number(j_main, j_sub)
        jibun_address = " ".join(p for p in (sido, sigungu, dong, jibun) if p)
        by_id[aid] = AddressRow(aid, f"{postcode:05d}", road_address, jibun_address, building or "")
    return [by_id[i] for i in ids if i in by_id]


def address_by_id(address_id: int) -> AddressRow | None:
    rows = address_rows([address_id])
    return rows[0] if rows else None


def address_count() -> int:
    return _rows("SELECT count(*) FROM address")[0][0]
