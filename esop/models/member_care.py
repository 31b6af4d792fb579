"""What 마이페이지 keeps beside the member: password history, profile drafts, withdrawals."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel
from .fields import EncryptedField
from .member import Member

# 전자금융감독규정 practice / KISA 패스워드 선택·이용 안내서: the previous passwords may not be reused.
PASSWORD_HISTORY = 5


class PasswordHistory(BaseModel):
    """A hash a member used before (argon2id, as stored); never the password itself."""
    member = ForeignKeyField(Member, backref="password_history", on_delete="CASCADE")
    password_hash = TextField()
    retired_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "password_history"


class ProfileDraft(BaseModel):
    """고객정보 변경 values typed before a no-JS trip to 우편번호 검색; encrypted, one per member."""
    member = ForeignKeyField(Member, backref="profile_drafts", unique=True, on_delete="CASCADE")
    values = EncryptedField("profile_draft.values")
    saved_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "profile_draft"


class Withdrawal(BaseModel):
    """회원탈퇴: when, and until when the remaining (non-identifying) records are kept."""
    member = ForeignKeyField(Member, backref="withdrawals", unique=True, on_delete="CASCADE")
    withdrawn_at = DateTimeField(default=dt.datetime.now)
    method = CharField(default="password+rrn")
    keep_until = DateTimeField()

    class Meta:
        table_name = "withdrawal"


def previous_hashes(member: Member) -> list[str]:
    rows = (PasswordHistory.select(PasswordHistory.password_hash).where(PasswordHistory.member == member)
            .order_by(PasswordHistory.retired_at.desc(), PasswordHistory.id.desc()).limit(PASSWORD_HISTORY))
    return [r.password_hash for r in rows]
