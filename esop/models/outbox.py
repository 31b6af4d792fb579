"""The outbox: texts the member is not waiting for (보안 알림, notices), written in the transaction that
raised them and sent by `flask esop worker` (esop/outbox.py), with retries, so a carrier's bad minute
loses nothing. Never a code: a code the member types back is sent at once by esop/codes.py."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, IntegerField, TextField

from ..db import BaseModel

STATUSES = ("pending", "sending", "sent", "failed")


class OutboxMessage(BaseModel):
    key = CharField(unique=True)          # what raised it ("security_event:12"): enqueued once, sent once
    purpose = CharField()                 # the SMS adapter's purpose ("security.alert")
    to = CharField()                      # the number, as the member record holds it
    body = TextField()                    # never a code (the listing still shows no bodies)
    status = CharField(default="pending")  # one of STATUSES
    attempts = IntegerField(default=0)    # sends tried, counted when a worker claims the row
    next_attempt_at = DateTimeField(default=dt.datetime.now)
    claimed_at = DateTimeField(null=True)  # a 'sending' row older than the lease is claimed again
    last_error = CharField(default="")    # the provider's message of the last failed try
    created_at = DateTimeField(default=dt.datetime.now)
    sent_at = DateTimeField(null=True)

    class Meta:
        table_name = "outbox_message"
        indexes = ((("status", "next_attempt_at"), False),)
