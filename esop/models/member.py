"""Members: identity (encrypted RRN + blind index), credentials, lockout, and the 2-4 profile."""
from __future__ import annotations

import datetime as dt

from peewee import (BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel, db, sql_once
from ..security import crypto
from ..security.attempts import Counter
from .fields import EncryptedField
from .union import Union


class Member(BaseModel):
    user_id = CharField(max_length=12, unique=True)
    name = CharField(max_length=40)
    rrn = EncryptedField("member.rrn")
    rrn_index = CharField(max_length=64, unique=True)  # HMAC; "is this RRN a member?" without decrypting
    password_hash = TextField()
    failed_logins = IntegerField(default=0)
    locked_at = DateTimeField(null=True)
    status = CharField(default="active")  # active | withdrawn
    union = ForeignKeyField(Union, null=True, backref="members", on_delete="SET NULL")
    created_at = DateTimeField(default=dt.datetime.now)
    # 2-4 고객정보입력
    english_name = CharField(default="")
    sex = CharField(max_length=1, default="")
    nationality = CharField(default="한국")
    mail_to = CharField(default="home")  # 우편물 수령지: home | work
    home_postcode = CharField(default="")
    home_address = CharField(default="")
    home_address_jibun = CharField(default="")
    home_address_detail = EncryptedField("member.home_detail", null=True)
    work_postcode = CharField(default="")
    work_address = CharField(default="")
    work_address_jibun = CharField(default="")
    work_address_detail = CharField(default="")
    other_postcode = CharField(default="")
    other_address = CharField(default="")
    other_address_jibun = CharField(default="")
    other_address_detail = EncryptedField("member.other_detail", null=True)
    home_phone = CharField(default="")
    work_phone = CharField(default="")
    mobile = CharField(default="")
    email = CharField(default="")
    mail_ok = BooleanField(default=False)
    email_ok = BooleanField(default=False)
    sms_ok = BooleanField(default=False)
    job_code = CharField(default="")
    job_revision = CharField(default="7")  # the 한국표준직업분류 revision job_code belongs to (m0076)
    company = CharField(default="")
    department = CharField(default="")
    position = CharField(default="")

    class Meta:
        table_name = "member"

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


def password_counter(limit: int):
    """The login password's consecutive failures (security/attempts.py); a lock lasts until 비밀번호 재등록."""
    return Counter(Member, Member.failed_logins, limit, usable=lambda: Member.locked_at.is_null(),
                   lock=lambda: {Member.locked_at: dt.datetime.now()})


def rrn_index(rrn_digits: str) -> str:
    return crypto.keyring().blind_index(rrn_digits, "rrn")


def member_by_user_id(user_id: str) -> Member | None:
    return Member.get_or_none(Member.user_id == user_id.strip().lower())


def member_by_rrn(rrn_digits: str) -> Member | None:
    return Member.get_or_none(Member.rrn_index == rrn_index(rrn_digits))


def user_id_taken(user_id: str) -> bool:
    sql = sql_once("user_id_taken", lambda: Member.select(Member.id).where(Member.user_id == "").limit(1))
    return bool(db.execute_sql(sql, (user_id.strip().lower(), 1)).fetchall())
