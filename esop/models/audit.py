"""Audit records of security events (logins, lockouts, consents, provision of data)."""
from __future__ import annotations

import datetime as dt
import json
import re

from flask import g, has_request_context
from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel
from ..rules.userid import normalize_user_id
from ..security import crypto
from .member import Member


class AuditEvent(BaseModel):
    member = ForeignKeyField(Member, null=True, backref="audit_events", on_delete="SET NULL")
    event = CharField(index=True)  # login.success | login.failure | login.locked | logout | ...
    subject = CharField(default="")  # what was acted on: a member's ID, a flow purpose, or hmac:<keyed hash>
    ip = CharField(default="")
    user_agent = CharField(default="")
    detail = TextField(default="{}")
    created_at = DateTimeField(default=dt.datetime.now, index=True)

    class Meta:
        table_name = "audit_event"


# A code-chosen name (a verification purpose such as "recovery" or "fin31") is readable on a
# known member's record; it never holds a long run of digits (an RRN or a phone number).
_LABEL = re.compile(r"[a-z][a-z0-9_.-]{0,39}")
_DIGIT_RUN = re.compile(r"[0-9]{6}")


def stored_subject(subject: str, member: Member | None) -> str:
    """What the operator needs and no more (issue 13; 개인정보의 안전성 확보조치 기준 제7조): a known
    member's own ID; a code-chosen label on their record; anything else — an unknown ID, an RRN
    typed as an ID, a certificate reference — as a keyed hash, so attempts with the same typed text
    still line up without the text itself being stored."""
    if not subject:
        return ""
    if member is not None:
        if normalize_user_id(subject) == member.user_id:
            return member.user_id
        if _LABEL.fullmatch(subject) and not _DIGIT_RUN.search(subject):
            return subject
    return "hmac:" + crypto.keyring().blind_index(normalize_user_id(subject), "audit.subject")[:24]


def record(event: str, *, member: Member | None = None, subject: str = "", ip: str = "",
           user_agent: str = "", **detail) -> AuditEvent:
    if has_request_context():
        g.audit_recorded = True  # the request's end scans for 보안 알림 (esop/mypage: _dispatch_alerts)
    return AuditEvent.create(member=member, event=event, subject=stored_subject(subject, member), ip=ip,
                             user_agent=user_agent[:250], detail=json.dumps(detail, ensure_ascii=False))
