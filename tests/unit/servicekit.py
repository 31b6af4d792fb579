"""The smallest world the code service, the named limits and the attempt counter run in, without
create_app (issue 13: `make mutate` runs tests/unit once per mutant, and an app costs seconds): an
in-memory SQLite database with only the tables they write, a test keyring and a bare Flask app with
the settings esop/codes.py reads."""
from __future__ import annotations

import base64
import contextlib

from flask import Flask
from peewee import SqliteDatabase

from esop.config import LIMITS
from esop.db import db
from esop.models.audit import AuditEvent
from esop.models.throttle import ThrottleCounter
from esop.models.verify import OneTimeCode
from esop.security import crypto

SMS_CODE_SECONDS = 180
CODE_RESEND_SECONDS = 60


def key(n: int) -> str:
    return base64.urlsafe_b64encode(bytes([n]) * 32).decode()


@contextlib.contextmanager
def service_world(*models, limits: dict[str, tuple[int, int]] | None = None):
    """Yield a bare Flask app (context pushed) over a fresh in-memory database holding the code,
    throttle and audit tables plus `models`; the previous database and keyring come back after."""
    previous_db, previous_ring = db.obj, crypto._keyring
    database = SqliteDatabase(":memory:")
    db.initialize(database)
    database.create_tables([OneTimeCode, ThrottleCounter, AuditEvent, *models])
    crypto.install(crypto.Keyring(f"k1:{key(1)}", key(2)))
    app = Flask("esop-unit")
    app.config.update(SMS_CODE_SECONDS=SMS_CODE_SECONDS, CODE_RESEND_SECONDS=CODE_RESEND_SECONDS,
                      LIMITS=dict(LIMITS, **(limits or {})))
    try:
        with app.app_context():
            yield app
    finally:
        database.close()
        db.initialize(previous_db)
        crypto._keyring = previous_ring
