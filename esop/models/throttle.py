"""Fixed-window counters in the database, so every app process sees the same throttle."""
from __future__ import annotations

import datetime as dt
import hashlib

from peewee import CharField, DateTimeField, IntegerField

from ..db import BaseModel, db, write_transaction


class ThrottleCounter(BaseModel):
    key = CharField(max_length=200, unique=True)
    window_start = DateTimeField()
    count = IntegerField(default=0)

    class Meta:
        table_name = "throttle_counter"


def _bounded(key: str) -> str:
    """Keys carry what members typed (IDs, numbers): long ones are hashed to fit the column."""
    if len(key) <= 120:
        return key
    return key[:56] + "#" + hashlib.sha256(key.encode()).hexdigest()


def hit(key: str, limit: int, window_seconds: int, now: dt.datetime | None = None) -> tuple[bool, int]:
    """Count one attempt; return (allowed, seconds until the window resets)."""
    now = now or dt.datetime.now()
    key = _bounded(key)
    window = dt.timedelta(seconds=window_seconds)
    with write_transaction():
        ThrottleCounter.delete().where((ThrottleCounter.key == key)
                                       & (ThrottleCounter.window_start <= now - window)).execute()
        (ThrottleCounter.insert(key=key, window_start=now, count=1)
         .on_conflict(conflict_target=[ThrottleCounter.key],
                      update={ThrottleCounter.count: ThrottleCounter.count + 1})
         .execute())
        row = ThrottleCounter.get(ThrottleCounter.key == key)
    retry_after = max(1, int((row.window_start + window - now).total_seconds()))
    return row.count <= limit, retry_after


def count_failure(key: str, window_seconds: int, now: dt.datetime | None = None) -> int:
    """Count one failure under `key` and return how many there have been in the window."""
    hit(key, 1 << 30, window_seconds, now)
    return ThrottleCounter.get(ThrottleCounter.key == _bounded(key)).count
