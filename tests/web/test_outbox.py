"""The outbox (issue 14): a security-alert SMS the carrier refused is retried with backoff, given up
on after the last try and shown to the operator (never its text); with a worker configured the web
process only queues, and `flask esop worker --once` sends."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from esop import outbox
from esop.db import db
from esop.models.outbox import OutboxMessage
from esop.models.sandbox import SandboxMessage, set_switch
from mypage_steps import login, member

MOBILE = "010-2222-3333"
FAST = {"ESOP_OUTBOX_BACKOFF_SECONDS": "0.05", "ESOP_OUTBOX_MAX_ATTEMPTS": "3"}


def _texts() -> list[str]:
    with db.connection_context():
        return [m.body for m in SandboxMessage.select().where(SandboxMessage.to == MOBILE)]


def _queued() -> list[OutboxMessage]:
    with db.connection_context():
        return list(OutboxMessage.select().order_by(OutboxMessage.id))


def _lock_out(app) -> None:
    for _ in range(5):
        login(app.test_client(), password="Wrong#0000")


def _carrier(down: bool) -> None:
    with db.connection_context():
        set_switch("sms_down", down)


def test_a_security_alert_the_carrier_refused_is_retried_and_sent_once(make_app):
    app = make_app(env=FAST)
    member()
    _carrier(down=True)
    _lock_out(app)
    assert _texts() == []
    [row] = _queued()
    assert (row.status, row.attempts, row.purpose) == ("pending", 1, "security.alert") and row.last_error
    _carrier(down=False)
    time.sleep(0.1)                      # the backoff after one failed try
    with app.app_context(), db.connection_context():
        assert outbox.drain() == (1, 0)
        assert outbox.drain() == (0, 0)  # sent once
    [text] = _texts()
    assert "5회 잘못 입력하여 잠겼습니다" in text
    assert _queued()[0].status == "sent"


def test_after_the_last_try_it_is_failed_and_listed_for_the_operator_without_its_text(make_app):
    app = make_app(env=FAST)
    member()
    _carrier(down=True)
    _lock_out(app)
    with app.app_context(), db.connection_context():
        for _ in range(3):
            time.sleep(0.25)             # 0.05, 0.1, 0.2 s: doubling
            outbox.drain()
    [row] = _queued()
    assert (row.status, row.attempts) == ("failed", 3)
    result = app.test_cli_runner().invoke(args=["esop", "outbox"])
    assert result.exit_code == 0, repr(result.exception)
    out = result.output
    assert "failed=1" in out and "security.alert" in out and "tries=3" in out
    assert "잠겼습니다" not in out and MOBILE not in out and "010-2222-****" in out


def test_backoff_doubles_up_to_an_hour(make_app):
    app = make_app(env={"ESOP_OUTBOX_BACKOFF_SECONDS": "30"})
    with app.app_context():
        assert [outbox.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
        assert outbox.backoff(20) == outbox.LONGEST_BACKOFF


def test_with_a_worker_the_web_process_only_queues_and_worker_once_sends(make_app):
    app = make_app(env={"ESOP_OUTBOX_WORKER": "1"})
    member()
    _lock_out(app)
    assert _texts() == [] and [r.status for r in _queued()] == ["pending"]
    result = app.test_cli_runner().invoke(args=["esop", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert len(_texts()) == 1 and [r.status for r in _queued()] == ["sent"]


def test_a_row_is_claimed_by_one_worker_and_a_dead_workers_row_again_after_the_lease(make_app):
    app = make_app(env={"ESOP_OUTBOX_WORKER": "1", "ESOP_OUTBOX_LEASE_SECONDS": "60"})
    with app.app_context(), db.connection_context():
        for n in range(3):
            assert outbox.enqueue(f"test:{n}", purpose="test", to=MOBILE, body="hello")
        assert not outbox.enqueue("test:0", purpose="test", to=MOBILE, body="hello")   # once per key
        first, second = outbox.claim(2), outbox.claim(10)
        assert len(first) == 2 and len(second) == 1
        assert not {r.id for r in first} & {r.id for r in second}
        assert outbox.claim(10) == []
        later = dt.datetime.now() + dt.timedelta(seconds=61)   # their worker died mid-send
        assert len(outbox.claim(10, now=later)) == 3


@pytest.mark.parametrize("bad", ["0", "many"])
def test_outbox_settings_are_checked_at_start(make_app, bad):
    from esop.config import ConfigError
    with pytest.raises(ConfigError, match="ESOP_OUTBOX_MAX_ATTEMPTS"):
        make_app(env={"ESOP_OUTBOX_MAX_ATTEMPTS": bad})
