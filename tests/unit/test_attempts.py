"""The one attempt counter (esop/security/attempts.py) on a table of its own, without the app, so
`make mutate` reaches it (issue 13): tries reserved before the check, at most `limit` of them, a right
answer clears only an unlocked row, and only the request that used the last try locks the row."""
from __future__ import annotations

import pytest
from peewee import CharField, IntegerField

from esop.db import BaseModel
from esop.security import attempts
from servicekit import service_world

LIMIT = 3


class Secret(BaseModel):
    tries = IntegerField(default=0)
    state = CharField(default="open")


def counter() -> attempts.Counter:
    return attempts.Counter(Secret, Secret.tries, LIMIT, usable=lambda: Secret.state == "open",
                            lock=lambda: {Secret.state: "locked"})


@pytest.fixture
def rows():
    with service_world(Secret):
        yield Secret.create(), Secret.create()   # the second shows a row is counted alone


def fresh(row) -> Secret:
    return Secret.get_by_id(row.id)


def test_each_try_is_numbered_and_the_one_past_the_limit_is_refused(rows):
    row, other = rows
    assert [attempts.reserve(counter(), row.id) for _ in range(LIMIT + 1)] == [1, 2, 3, 0]
    assert fresh(row).tries == LIMIT and fresh(other).tries == 0
    assert attempts.reserve(counter(), other.id) == 1


def test_a_locked_row_reserves_nothing(rows):
    row, _ = rows
    Secret.update(state="locked").where(Secret.id == row.id).execute()
    assert attempts.reserve(counter(), row.id) == 0
    assert fresh(row).tries == 0


def test_a_right_answer_clears_the_count_of_its_row_only(rows):
    row, other = rows
    for r in rows:
        attempts.reserve(counter(), r.id)
        attempts.reserve(counter(), r.id)
    assert attempts.settle_right(counter(), row.id) is True
    assert fresh(row).tries == 0 and fresh(other).tries == 2


def test_a_right_answer_after_the_lock_is_refused(rows):
    row, _ = rows
    attempts.reserve(counter(), row.id)
    Secret.update(state="locked").where(Secret.id == row.id).execute()
    assert attempts.settle_right(counter(), row.id) is False
    assert fresh(row).tries == 1


def test_only_the_try_that_used_the_last_one_locks(rows):
    row, other = rows
    tries = [attempts.reserve(counter(), row.id) for _ in range(LIMIT)]
    attempts.reserve(counter(), other.id)
    assert [attempts.settle_wrong(counter(), row.id, n) for n in tries] == [False, False, True]
    assert fresh(row).state == "locked" and fresh(other).state == "open"
    assert attempts.settle_wrong(counter(), row.id, LIMIT) is False   # already locked: no second alert


def test_a_last_try_number_locks_only_a_row_whose_count_reached_the_limit(rows):
    row, _ = rows
    attempts.reserve(counter(), row.id)
    # A try numbered `limit` on a row whose count was cleared meanwhile (a right answer raced it).
    assert attempts.settle_wrong(counter(), row.id, LIMIT) is False
    assert fresh(row).state == "open"
    for _ in range(LIMIT - 1):
        attempts.reserve(counter(), row.id)
    assert attempts.settle_wrong(counter(), row.id, LIMIT) is True
    assert fresh(row).state == "locked"
