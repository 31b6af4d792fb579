"""The sandbox certificate clouds: wallets, sealed certificates, browser connections, device tokens.

In production these live at the clouds (금융결제원 for 금융인증서, 코스콤 for 클라우드 공동인증서);
here they are the sandbox's own tables, reached only through adapters/certcloud.py.
"""
from __future__ import annotations

import datetime as dt

from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from ..db import BaseModel
from ..flowengine import Flow, Step
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
    step = CharField(default="info")       # CLOUD_LINK's steps
    device_number = CharField(default="")  # the 2 digits shown on screen (기기인증)
    device_status = CharField(default="")  # pending | confirmed | declined | expired
    device_tries = IntegerField(default=0)
    device_expires_at = DateTimeField(null=True)
    device_ars_ref = CharField(default="")   # the ARS adapter's reference of the call asked for, if any
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


# The link's steps (one window, so every step's page is the window): 고객정보 → 약관동의 (a new joint
# subscriber) → 기기인증, or 고객정보 → 확인코드 (financial); 연결 only from a confirmed device or code.
WINDOW = "certcenter.cloud_window"
CLOUD_LINK = Flow(
    name="cloud_link", model=CloudLink, session_key="cloud:{}", entry=WINDOW, url_args=("kind", "purpose"),
    steps=(Step("info", WINDOW), Step("terms", WINDOW, after=("info",), revisit=False),
           Step("device", WINDOW, after=("info", "terms"), revisit=False),
           Step("code", WINDOW, after=("info",), revisit=False),
           Step("connected", WINDOW, after=("device", "code"))),
    restart_object="클라우드 연결을", missing="클라우드 연결을 처음부터 진행해 주십시오.",
    idle_setting="CLOUD_LINK_IDLE_SECONDS")


def pin_counter(limit: int) -> Counter:
    """A wallet certificate's wrong-PIN counter (security/attempts.py); locked until the issuer resets it."""
    return Counter(WalletCertificate, WalletCertificate.pin_failures, limit,
                   usable=lambda: WalletCertificate.locked_at.is_null(),
                   lock=lambda: {WalletCertificate.locked_at: dt.datetime.now()})


def device_counter(limit: int) -> Counter:
    """Wrong replies to a 기기인증 number (security/attempts.py); the last one declines the check."""
    return Counter(CloudLink, CloudLink.device_tries, limit, usable=lambda: CloudLink.device_status == "pending",
                   lock=lambda: {CloudLink.device_status: "declined"})


