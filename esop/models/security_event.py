"""보안 알림: security events derived from the audit records, each shown on 마이페이지 and sent by SMS.

The audit log is the source: any flow that writes `login.locked`, `cert.registered` … raises an
alert without knowing about alerts. Every scanned audit record gets one row here (kind "" when it
raised nothing), and the unique `audit_event_id` makes each alert happen exactly once even when
several app processes scan at the same time.
"""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel
from .member import Member

KINDS = {
    "cert_registered": "인증서 등록",
    "new_device": "새 기기 또는 브라우저에서 로그인",
    "abroad": "해외에서 접속",
    "lockout": "잠금",
    "password_changed": "비밀번호 변경",
    "mobile_changed": "휴대전화번호 변경",
    "unregistered_device": "지정하지 않은 단말기에서 로그인",
    "contact_changed": "연락처(이메일·전화번호) 변경",
}


class SecurityEvent(BaseModel):
    member = ForeignKeyField(Member, backref="security_events", on_delete="CASCADE")
    audit_event_id = IntegerField(unique=True)
    kind = CharField(default="")         # one of KINDS, or "" when the record raised no alert
    summary = CharField(default="")      # Korean sentence shown and sent; never a secret, never a full IP
    masked_ip = CharField(default="")
    device = CharField(default="")       # "Chrome · Windows"
    occurred_at = DateTimeField(default=dt.datetime.now, index=True)
    disavowed_at = DateTimeField(null=True)  # 본인이 아닙니다

    class Meta:
        table_name = "security_event"


def alerts_of(member: Member, limit: int = 50):
    return (SecurityEvent.select().where((SecurityEvent.member == member) & (SecurityEvent.kind != ""))
            .order_by(SecurityEvent.occurred_at.desc(), SecurityEvent.id.desc()).limit(limit))
