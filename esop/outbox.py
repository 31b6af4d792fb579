"""Texts the member is not waiting for — 보안 알림 and notices — go through the outbox: `enqueue` writes
a row in the caller's transaction (after the code service's limits let it through, esop/codes.py
`notify`), and `flask esop worker` sends it with retries and exponential backoff, then marks it sent,
or 'failed' after ESOP_OUTBOX_MAX_ATTEMPTS (listed by `flask esop outbox` and check-config).

Codes a member is waiting for (인증번호, 확인코드) never wait here: esop/codes.py `send` texts them at
once, in the request, and the member is told at once if the carrier refused.

Several workers may run: a row is claimed by one UPDATE that only one of them can win (PostgreSQL:
FOR UPDATE SKIP LOCKED, so workers pass each other's rows instead of waiting; SQLite: an UPDATE that
repeats the row's seen attempt count in its WHERE). A worker that dies mid-send leaves its row
'sending'; after ESOP_OUTBOX_LEASE_SECONDS another worker claims it again — the one case where a
text can go out twice (at least once, never lost)."""
from __future__ import annotations

import datetime as dt
import logging
import signal
import threading

from flask import current_app
from peewee import DatabaseError, IntegrityError, fn

from .adapters import adapters
from .db import db
from .migrations import is_postgres
from .models.outbox import OutboxMessage

log = logging.getLogger(__name__)

LONGEST_BACKOFF = 3600  # seconds: a carrier down for a day is retried hourly, not daily


def enqueue(key: str, *, purpose: str, to: str, body: str) -> bool:
    """Queue one text under `key` (what raised it); False when that key was queued already."""
    try:
        with db.atomic():
            OutboxMessage.create(key=key, purpose=purpose, to=to, body=body)
    except IntegrityError:
        return False
    return True


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: base, 2×base, 4×base … capped."""
    return min(current_app.config["OUTBOX_BACKOFF_SECONDS"] * 2 ** (attempts - 1), LONGEST_BACKOFF)


def _due(now: dt.datetime):
    lease = dt.timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    return (((OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now))
            | ((OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - lease)))


def claim(limit: int, now: dt.datetime | None = None) -> list[OutboxMessage]:
    """Up to `limit` due rows, each now 'sending' for this worker alone, its attempt counted."""
    now = now or dt.datetime.now()
    claimed = {"status": "sending", "claimed_at": now, "attempts": OutboxMessage.attempts + 1}
    if is_postgres(db.obj):
        due = (OutboxMessage.select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id)
               .limit(limit).for_update("FOR UPDATE SKIP LOCKED"))
        with db.atomic():
            return list(OutboxMessage.update(**claimed).where(OutboxMessage.id.in_(due))
                        .returning(OutboxMessage).execute())
    rows = []
    # The read ends before the first write: a SQLite reader that wants to write while another
    # connection waits to is refused at once ("database is locked"), busy timeout or not.
    for seen in list(OutboxMessage.select().where(_due(now)).order_by(OutboxMessage.id).limit(limit)):
        won = (OutboxMessage.update(**claimed)
               .where((OutboxMessage.id == seen.id) & (OutboxMessage.attempts == seen.attempts) & _due(now))
               .execute())
        if won:
            rows.append(OutboxMessage.get_by_id(seen.id))
    return rows


def _deliver(row: OutboxMessage) -> bool:
    """Send one claimed row; True when sent. Any failure schedules a retry or, at the last, 'failed'."""
    try:
        adapters().sms.send(row.to, row.body, purpose=row.purpose)
    except Exception as err:  # a carrier's refusal or a broken connection alike: retried, never lost
        reason = getattr(err, "message", "") or type(err).__name__
        last = row.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
        retry_at = dt.datetime.now() + dt.timedelta(seconds=backoff(row.attempts))
        (OutboxMessage.update(status="failed" if last else "pending", next_attempt_at=retry_at,
                              last_error=reason[:255], claimed_at=None)
         .where((OutboxMessage.id == row.id) & (OutboxMessage.status == "sending")).execute())
        log.warning("outbox message %s (%s) not sent, try %s: %s%s", row.id, row.purpose, row.attempts, reason,
                    " — gave up" if last else "")
        return False
    (OutboxMessage.update(status="sent", sent_at=dt.datetime.now(), claimed_at=None, last_error="")
     .where(OutboxMessage.id == row.id).execute())
    return True


def drain(batch: int = 20, stop: threading.Event | None = None) -> tuple[int, int]:
    """Claim and send every due row, batch by batch, until none is due or `stop` is set; (sent,
    failed tries)."""
    sent = failed = 0
    while not (stop and stop.is_set()):
        rows = claim(batch)
        if not rows:
            break
        for row in rows:
            if _deliver(row):
                sent += 1
            else:
                failed += 1
    return sent, failed


def run(*, once: bool = False, poll: float = 1.0, stop: threading.Event | None = None) -> None:
    """`flask esop worker`: drain, sleep `poll` seconds, again — until SIGTERM/SIGINT, which lets the
    message in hand finish (systemd and compose stop it that way)."""
    stop = stop or threading.Event()
    if not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    while True:
        try:
            with db.connection_context():
                sent, failed = drain(stop=stop)
        except DatabaseError:
            if once:
                raise
            # The database restarting or busy: a row claimed but not settled is claimed again after
            # the lease, so the loop lives on rather than leaving the outbox to no one.
            log.exception("outbox: database error, trying again in %s s", poll)
            sent = failed = 0
        if sent or failed:
            log.info("outbox: %s sent, %s tries failed", sent, failed)
        if once or stop.wait(poll):
            return


def summary() -> dict[str, int]:
    """{status: count} for the operator (no numbers, no bodies)."""
    counts = dict.fromkeys(("pending", "sending", "sent", "failed"), 0)
    for row in (OutboxMessage.select(OutboxMessage.status, fn.COUNT(OutboxMessage.id).alias("n"))
                .group_by(OutboxMessage.status)):
        counts[row.status] = row.n
    return counts
