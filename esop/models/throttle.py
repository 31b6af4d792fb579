"""Fixed-window counters in the database, so every app process sees the same throttle."""
from __future__ import annotations

import datetime as dt
import re

from peewee import CharField, DateTimeField, IntegerField

from ..db import BaseModel, db, write_transaction
from ..security import crypto


class ThrottleCounter(BaseModel):
    key = CharField(max_length=200, unique=True)
    window_start = DateTimeField()
    count = IntegerField(default=0)

    class Meta:
        table_name = "throttle_counter"


# No counter's window is longer: `flask esop purge` deletes counters whose window started before this.
LONGEST_WINDOW = dt.timedelta(days=1)

# "limit:login.ip:", "code.resend:verify.sms:", "login:unknown:": what is counted, named by the code. The rest of
# a key is what a member typed or sent (an ID — sometimes an RRN typed by mistake —, a phone number,
# an IP), so only its keyed hash is stored (issue 13; 개인정보의 안전성 확보조치 기준 제7조).
_PREFIX = re.compile(r"[a-z][a-z0-9_.-]{0,39}:[a-z][a-z0-9_.@-]{0,39}:")   # @: a named network's own limit


def _stored_key(key: str) -> str:
    """The readable prefix of `key` and an HMAC (index key) of the whole key, never the typed part."""
    match = _PREFIX.match(key)
    prefix = match.group(0) if match else ""
    return prefix + crypto.keyring().blind_index(key, "throttle")[:40]


def _upsert_sql(database, rows: int) -> str:
    """One statement per call: insert each counter, or count one more in its window, or start a new
    window when the old one has passed — and read the result back (RETURNING). A single INSERT … ON
    CONFLICT DO UPDATE is atomic on SQLite and PostgreSQL alike, so no read-then-write transaction
    is needed; it replaces a DELETE, an upsert and a SELECT inside BEGIN IMMEDIATE."""
    p = database.param
    values = ", ".join([f"({p}, {p}, 1)"] * rows)
    stale = f"throttle_counter.window_start <= {p}"
    return (f'INSERT INTO throttle_counter ("key", window_start, "count") VALUES {values} '
            f'ON CONFLICT ("key") DO UPDATE SET '
            f'"count" = CASE WHEN {stale} THEN 1 ELSE throttle_counter."count" + 1 END, '
            f'window_start = CASE WHEN {stale} THEN excluded.window_start ELSE throttle_counter.window_start END '
            f'RETURNING "key", "count", window_start')


def _can_return() -> bool:
    import sqlite3

    from peewee import SqliteDatabase
    return not isinstance(db.obj, SqliteDatabase) or sqlite3.sqlite_version_info >= (3, 35, 0)


def _count(keys: list[str], window: dt.timedelta, now: dt.datetime) -> dict[str, tuple[int, dt.datetime]]:
    """Count one attempt under each key (same window); {key: (count in window, window start)}."""
    if window > LONGEST_WINDOW:
        raise ValueError(f"a throttle window of {window} outlives the purge's {LONGEST_WINDOW}")
    field = ThrottleCounter.window_start
    if _can_return():
        at, cutoff = field.db_value(now), field.db_value(now - window)
        params = [v for key in keys for v in (key, at)] + [cutoff, cutoff]
        rows = db.execute_sql(_upsert_sql(db.obj, len(keys)), params).fetchall()
        return {key: (count, field.python_value(start)) for key, count, start in rows}
    out = {}  # SQLite before 3.35: the same in three statements per key, in one transaction
    with write_transaction():
        for key in keys:
            ThrottleCounter.delete().where((ThrottleCounter.key == key)
                                           & (ThrottleCounter.window_start <= now - window)).execute()
            (ThrottleCounter.insert(key=key, window_start=now, count=1)
             .on_conflict(conflict_target=[ThrottleCounter.key],
                          update={ThrottleCounter.count: ThrottleCounter.count + 1})
             .execute())
            row = ThrottleCounter.get(ThrottleCounter.key == key)
            out[key] = (row.count, row.window_start)
    return out


def hit_many(limits: dict[str, int], window_seconds: int, now: dt.datetime | None = None) -> list[tuple[bool, int]]:
    """Count one attempt under each key (one statement, one commit); [(allowed, seconds until that
    window resets)] in the order of `limits`."""
    now = now or dt.datetime.now()
    window = dt.timedelta(seconds=window_seconds)
    bounded = {key: _stored_key(key) for key in limits}
    counts = _count(list(dict.fromkeys(bounded.values())), window, now)
    out = []
    for key, limit in limits.items():
        count, start = counts[bounded[key]]
        out.append((count <= limit, max(1, int((start + window - now).total_seconds()))))
    return out


def hit(key: str, limit: int, window_seconds: int, now: dt.datetime | None = None) -> tuple[bool, int]:
    """Count one attempt; return (allowed, seconds until the window resets)."""
    return hit_many({key: limit}, window_seconds, now)[0]


def refund(key: str) -> None:
    """Give back one attempt counted under `key` (a provider that did not answer, issue 16). Counting
    first and refunding after keeps admission atomic: parallel requests each hold their slot meanwhile."""
    (ThrottleCounter.update(count=ThrottleCounter.count - 1)
     .where((ThrottleCounter.key == _stored_key(key)) & (ThrottleCounter.count > 0)).execute())


def count_failure(key: str, window_seconds: int, now: dt.datetime | None = None) -> int:
    """Count one failure under `key` and return how many there have been in the window."""
    key = _stored_key(key)
    return _count([key], dt.timedelta(seconds=window_seconds), now or dt.datetime.now())[key][0]
