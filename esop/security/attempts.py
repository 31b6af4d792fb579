"""The one attempt counter of every secret: login password, 예수금계좌 password, OTP, 보안카드,
1회용 인증번호 and the certificate cloud PIN (5 consecutive failures lock; 전자금융감독규정 practice).

Protocol (ASVS v5 6.3.1 — counted atomically, so parallel requests cannot get past the limit):
  1. `reserve` counts the try BEFORE the secret is checked, in one conditional UPDATE
     (… SET count = count + 1 WHERE id = ? AND <not locked> AND count < limit). Only a request whose
     reservation succeeded may check the secret, so at most `limit` guesses are ever evaluated,
     however many workers race: a slow argon2 check no longer reads a stale "not locked".
  2. A right answer `settle_right`: the count is cleared only while the row is still unlocked; when a
     racing wrong guess locked it meanwhile, the right answer is refused too.
  3. A wrong answer `settle_wrong`: the reserved try stays counted; the try that used the last one
     locks the row with a conditional UPDATE (… WHERE <not locked>), so exactly one request makes
     the transition — and only that one records the `*.locked` event that raises the security alert.
Plain peewee on SQLite (every transaction BEGIN IMMEDIATE) and PostgreSQL (row lock of the UPDATE).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..db import write_transaction


@dataclass(frozen=True)
class Counter:
    """Where one secret's consecutive failures live: a row's `count` field, its limit, when the row is
    still usable (`usable()`, an SQL condition) and the values that lock it (`lock()`)."""
    model: type
    count: object
    limit: int
    usable: Callable[[], object]
    lock: Callable[[], dict]


def reserve(counter: Counter, row_id: int) -> int:
    """Count one try before checking; its number (1 … limit), or 0 when the row is locked or every
    remaining try is already taken (refuse without checking the secret)."""
    m = counter.model
    with write_transaction():
        won = m.update({counter.count: counter.count + 1}).where(
            (m.id == row_id) & counter.usable() & (counter.count < counter.limit)).execute()
        if won != 1:
            return 0
        # Same transaction, row still locked by our UPDATE: nobody else changed it in between.
        return m.select(counter.count).where(m.id == row_id).scalar()


def settle_right(counter: Counter, row_id: int) -> bool:
    """The secret was right: clear the count unless the row was locked meanwhile. False: refuse."""
    m = counter.model
    return m.update({counter.count: 0}).where((m.id == row_id) & counter.usable()).execute() == 1


def settle_wrong(counter: Counter, row_id: int, try_no: int) -> bool:
    """The secret was wrong (the try stays counted). True only for the one request that locked the
    row — it alone records the lock and so raises one alert per lock, not one per failure."""
    if try_no < counter.limit:
        return False
    m = counter.model
    return m.update(counter.lock()).where(
        (m.id == row_id) & counter.usable() & (counter.count >= counter.limit)).execute() == 1
