"""Issue 15: a fragment's bookkeeping costs as few writes as its rules allow, and every limit still counts."""
from __future__ import annotations

from esop import limits
from esop.db import db
from esop.models.throttle import ThrottleCounter
from servicekit import service_world


def _writes(run) -> list[str]:
    """The statements `run` sent that write (INSERT/UPDATE/DELETE)."""
    sent, execute = [], db.obj.execute_sql
    db.obj.execute_sql = lambda sql, params=None, *a, **k: (sent.append(sql), execute(sql, params, *a, **k))[1]
    try:
        run()
    finally:
        del db.obj.execute_sql
    return [s for s in sent if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def test_limits_sharing_a_window_are_counted_in_one_write_and_each_still_counts():
    with service_world(limits={"idcheck.flow": (3, 600), "idcheck.ip": (5, 600)}):
        keys = {"idcheck.flow": "flow-1", "idcheck.ip": "10.0.0.1"}
        assert len(_writes(lambda: limits.check(keys))) == 1
        answers = [limits.check(keys) for _ in range(3)]
        counts = sorted(c.count for c in ThrottleCounter.select())
    # Both counters saw all four requests; the per-flow limit (3) refuses the fourth.
    assert counts == [4, 4]
    assert answers[:2] == [None, None] and answers[2] is not None and "중복확인" in answers[2].message


def test_limits_with_different_windows_each_keep_their_own_window():
    with service_world(limits={"code.number": (2, 600), "code.ip": (9, 3600)}):
        keys = {"code.number": "010-1111-2222", "code.ip": "10.0.0.2"}
        assert [limits.check(keys) is None for _ in range(3)] == [True, True, False]
        refused = limits.check(keys)
        windows = {c.count for c in ThrottleCounter.select()}
    assert windows == {4} and 0 < refused.retry_after <= 600
