"""The sandbox certificate clouds: wallets, sealed certificates, browser connections, device tokens.

In production these live at the clouds (금융결제원 for 금융인증서, 코스콤 for 클라우드 공동인증서);
here they are the sandbox's own tables, reached only through adapters/certcloud.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from ..security.attempts import Counter


class CloudWallet(BaseModel):
    """One person at one cloud, known by name, birth date and mobile number."""
    cloud = CharField()                # financial | joint
    name = CharField()
    birth_date = DateField()
    phone = CharField()
    joined_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cloud_wallet"
        indexes = ((("cloud", "name", "birth_date", "phone"), True),)


class WalletCertificate(BaseModel):
    """A certificate in a wallet; its private key and binding secret sealed under the PIN (pki/wallet.py)."""
    wallet = ForeignKeyField(CloudWallet, backref="certificates", on_delete="CASCADE")
    cert_pem = TextField()
    serial = CharField()
    subject = CharField()
    issuer_label = CharField(default="")   # the institution that issued it, e.g. 모의은행
    not_after = DateTimeField()
    salt = CharField()
    sealed = TextField()
    pin_failures = IntegerField(default=0)
    locked_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "wallet_certificate"


class CloudLink(BaseModel):
    """This browser's connection to a cloud (the session keeps only a random key to it)."""
    key_hash = CharField(max_length=64, unique=True)
    cloud = CharField()
    purpose = CharField(default="")
    name = CharField(default="")
    birth_date = DateField(null=True)
    phone = CharField(default="")
    auto = BooleanField(default=False)     # 자동연결 asked for
    step = CharField(default="info")       # info | terms | device | code | connected
    device_number = CharField(default="")  # the 2 digits shown on screen (기기인증)
    device_status = CharField(default="")  # pending | confirmed | declined | expired
    device_tries = IntegerField(default=0)
    device_expires_at = DateTimeField(null=True)
    wallet = ForeignKeyField(CloudWallet, null=True, on_delete="CASCADE")
    created_at = DateTimeField(default=dt.datetime.now)
    last_seen = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cloud_link"


class CloudDevice(BaseModel):
    """A browser kept connected (자동연결): the signed cookie names this row, which can be revoked."""
    token_hash = CharField(max_length=64, unique=True)
    wallet = ForeignKeyField(CloudWallet, on_delete="CASCADE")
    expires_at = DateTimeField()
    revoked_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cloud_device"


def pin_counter(limit: int) -> Counter:
    """A wallet certificate's wrong-PIN counter (security/attempts.py); locked until the issuer resets it."""
    return Counter(WalletCertificate, WalletCertificate.pin_failures, limit,
                   usable=lambda: WalletCertificate.locked_at.is_null(),
                   lock=lambda: {WalletCertificate.locked_at: dt.datetime.now()})


def device_counter(limit: int) -> Counter:
    """Wrong replies to a 기기인증 number (security/attempts.py); the last one declines the check."""
    return Counter(CloudLink, CloudLink.device_tries, limit, usable=lambda: CloudLink.device_status == "pending",
                   lock=lambda: {CloudLink.device_status: "declined"})


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)
