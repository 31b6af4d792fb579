"""Loading the official 도로명주소 한글 전체분 files into the address tables, atomically.

Each import streams every file into fresh staging tables (``address_stg<N>`` …), builds their
indexes, then swaps them in with one transaction (models/address.py ``swap_in``). Searches keep
using the old data until that commit and see the complete new data right after it; a failed or
interrupted import leaves the live tables untouched. Re-running the same import is therefore
idempotent: the result replaces, never adds to, what was there.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from ..db import db
from ..models import address as model
from ..rules.address_query import search_key
from .files import AddressFileError, read_records

log = logging.getLogger(__name__)

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "addresses-sample.txt")
BATCH = 5000
_REGION_CACHE = 8   # term caches kept for this many 시군구; the official files come sorted by 시군구


class Progress:
    """What an import reports while it runs: its phases, and rows read against the files' line count.
    This one says nothing (`make run`'s sample load); the CLI's draws a bar with an ETA."""
    PHASES = ("counting lines", "reading rows", "building indexes", "swapping in")

    def phase(self, name: str, total_rows: int | None = None) -> None:
        pass

    def rows(self, done: int) -> None:
        pass


def count_lines(paths) -> int:
    """Lines in the files (a fast pass in binary; what the ETA of "reading rows" is measured against)."""
    total = 0
    for path in paths:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                total += block.count(b"\n")
    return total


class ImportBusy(RuntimeError):
    """Another import is recorded as running."""


@dataclass
class ImportResult:
    rows: int = 0
    skipped: int = 0
    terms: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)   # the first few skipped lines, for the operator


class _Loader:
    """Turns records into term rows and address rows, and writes them in batches."""

    def __init__(self, database, suffix: str):
        self.database, self.suffix = database, suffix
        self.pg = model.is_postgres(database)
        self.caches: OrderedDict = OrderedDict()
        self.next_term = 1
        self.terms, self.fts, self.addresses = [], [], []
        self.address_count = self.term_count = 0

    def _term(self, region, kind, prefix, name):
        cache = self.caches.get(region)
        if cache is None:
            cache = self.caches[region] = {}
            if len(self.caches) > _REGION_CACHE:
                self.caches.popitem(last=False)
        else:
            self.caches.move_to_end(region)
        term_id = cache.get((kind, prefix, name))
        if term_id is None:
            term_id = cache[(kind, prefix, name)] = self.next_term
            self.next_term += 1
            key = search_key(name)
            self.terms.append((term_id, kind, region[0], region[1], prefix, name, key))
            self.fts.append((term_id, key))
        return term_id

    def add(self, r) -> None:
        region = (r.sido, r.sigungu)
        road_prefix = r.eupmyeondong if r.eupmyeondong.endswith(("읍", "면")) else ""
        road = self._term(region, model.ROAD, road_prefix, r.road_name)
        dong = self._term(region, model.DONG, "", " ".join(p for p in (r.eupmyeondong, r.ri) if p))
        bldg = self._term(region, model.BLDG, "", r.building_name) if search_key(r.building_name) else None
        self.address_count += 1
        self.addresses.append((self.address_count, road, dong, bldg, int(r.postcode), r.bldg_main, r.bldg_sub,
                               int(r.underground_code), r.jibun_main, r.jibun_sub, int(r.is_mountain)))
        if len(self.addresses) >= BATCH:
            self.flush()

    def _insert(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.pg:
            from psycopg2.extras import execute_values
            with self.database.cursor() as cursor:
                execute_values(cursor, f"INSERT INTO {table} VALUES %s", rows, page_size=1000)
        else:
            marks = ",".join("?" * len(rows[0]))
            self.database.connection().executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def flush(self) -> None:
        with self.database.atomic():
            self._insert(f"address_term{self.suffix}", self.terms)
            if not self.pg:
                self._insert(f"address_term_fts{self.suffix}(rowid, key)", self.fts)
            self._insert(f"address{self.suffix}", self.addresses)
        self.term_count += len(self.terms)
        self.terms, self.fts, self.addresses = [], [], []

    def finish(self, tag: str) -> None:
        self.flush()
        s, database = self.suffix, self.database
        with database.atomic():
            model.create_indexes(database, s, tag)
            database.execute_sql(f"INSERT INTO address_region{s} SELECT sido, sigungu, min(id), max(id) "
                                 f"FROM address_term{s} GROUP BY sido, sigungu")
            if not self.pg:
                # One merged FTS segment: every later MATCH reads one b-tree, not dozens.
                database.execute_sql(f"INSERT INTO address_term_fts{s}(address_term_fts{s}) VALUES ('optimize')")
        for table in model.TABLES:
            database.execute_sql(f"ANALYZE {table}{s}")


def _begin(paths, force: bool) -> model.AddressImport:
    with db.atomic():
        running = model.AddressImport.select().where(model.AddressImport.status == "running").first()
        if running and not force:
            raise ImportBusy(f"주소 가져오기 {running.id}번이 {running.started_at:%Y-%m-%d %H:%M}부터 실행 중입니다. "
                             "중단된 작업이면 --force 로 다시 실행하십시오.")
        if running:
            model.AddressImport.update(status="failed", message="superseded (--force)").where(
                model.AddressImport.status == "running").execute()
        return model.AddressImport.create(files=", ".join(os.path.basename(str(p)) for p in paths))


def _drop_leftovers(database) -> None:
    """Staging tables of imports that died (crash, kill) before cleaning up."""
    for run in model.AddressImport.select().where(model.AddressImport.status == "failed"):
        model.drop_tables(database, f"_stg{run.id}")


def import_files(paths, encoding: str | None = None, *, force: bool = False,
                 progress: Progress | None = None) -> ImportResult:
    """Import the given province files as the complete address data set (replacing the previous one)."""
    progress = progress or Progress()
    database = db.obj
    started = time.monotonic()
    run = _begin(paths, force)
    suffix, result = f"_stg{run.id}", ImportResult()

    def skip(error: AddressFileError):
        result.skipped += 1
        if len(result.errors) < 20:
            result.errors.append(str(error))

    try:
        _drop_leftovers(database)
        model.drop_tables(database, suffix)
        model.create_tables(database, suffix)
        loader = _Loader(database, suffix)
        progress.phase("counting lines")
        progress.phase("reading rows", count_lines(paths))
        for path in paths:
            for record in read_records(path, encoding, on_error=skip):
                loader.add(record)
                if loader.address_count % BATCH == 0:
                    progress.rows(loader.address_count + result.skipped)
        progress.rows(loader.address_count + result.skipped)
        progress.phase("building indexes")
        loader.finish(f"g{run.id}")
        progress.phase("swapping in")
        model.swap_in(database, suffix)
    except BaseException as exc:
        model.drop_tables(database, suffix)
        model.AddressImport.update(status="failed", finished_at=dt.datetime.now(),
                                   message=str(exc)[:500]).where(model.AddressImport.id == run.id).execute()
        raise
    result.rows, result.terms = loader.address_count, loader.term_count
    result.seconds = time.monotonic() - started
    model.AddressImport.update(status="done", finished_at=dt.datetime.now(), rows=result.rows,
                               skipped=result.skipped).where(model.AddressImport.id == run.id).execute()
    log.info("address import %s: %s rows, %s skipped, %.1fs", run.id, result.rows, result.skipped, result.seconds)
    return result


def ensure_sample_addresses() -> str:
    """Load the bundled sample when there are no addresses yet, so a first `make run` can search."""
    if model.address_count():
        return "addresses: present"
    try:
        result = import_files([SAMPLE])
    except ImportBusy:
        return "addresses: an import is running"
    return f"addresses: sample loaded ({result.rows})"
