"""Audit records of security events (logins, lockouts, consents, provision of data)."""
from __future__ import annotations

import datetime as dt
import json

from flask import g, has_request_context
from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel
from .member import Member


class AuditEvent(BaseModel):
    member = ForeignKeyField(Member, null=True, backref="audit_events", on_delete="SET NULL")
    event = CharField(index=True)  # login.success | login.failure | login.locked | logout | ...
    subject = CharField(default="")  # what was acted on, e.g. the user ID typed at login
    ip = CharField(default="")
    user_agent = CharField(default="")
    detail = TextField(default="{}")
    created_at = DateTimeField(default=dt.datetime.now, index=True)

    class Meta:
        table_name = "audit_event"


def record(event: str, *, member: Member | None = None, subject: str = "", ip: str = "",
           user_agent: str = "", **detail) -> AuditEvent:
    if has_request_context():
        g.audit_recorded = True  # the request's end scans for 보안 알림 (esop/mypage: _dispatch_alerts)
    return AuditEvent.create(member=member, event=event, subject=subject[:120], ip=ip,
                             user_agent=user_agent[:250], detail=json.dumps(detail, ensure_ascii=False))
