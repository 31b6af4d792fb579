"""Certificate clouds: 금융인증서 (금융결제원) and 클라우드 공동인증서 (코스콤 SignKorea).

A cloud knows its subscribers by name, birth date and mobile number, lists their certificates,
and signs a challenge with one of them only after the right 6-digit PIN (5 wrong PINs lock it).
The sandbox keeps real keys sealed under the PIN (pki/wallet.py) in its own tables.
"""
from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass

from . import ProviderError

MAX_PIN_FAILURES = 5
CLOUD_NAMES = {"financial": "금융인증서 클라우드(금융결제원)", "joint": "클라우드 공동인증서(코스콤)"}


@dataclass
class CloudCertificate:
    id: int
    subject: str
    issuer: str
    institution: str
    serial: str
    not_after: dt.datetime
    locked: bool

    @property
    def expired(self) -> bool:
        return self.not_after < dt.datetime.now()


class PinRefused(Exception):
    """Wrong PIN (remaining > 0) or the certificate is locked (remaining == 0)."""

    def __init__(self, remaining: int, locked_now: bool = False):
        super().__init__(remaining)
        self.remaining = remaining
        self.locked_now = locked_now   # this very try locked it: the one that records the lock
        if remaining > 0:
            self.message = (f"인증서 비밀번호가 일치하지 않습니다. 비밀번호 {MAX_PIN_FAILURES - remaining}회 오류, "
                            f"{remaining}회 더 틀리면 이 인증서의 사용이 제한됩니다.")
        else:
            self.message = ("인증서 비밀번호를 5회 잘못 입력하여 이 인증서의 사용이 제한되었습니다. "
                            "인증서를 발급받은 기관에서 비밀번호를 재설정하거나 인증서를 재발급받아 주십시오.")


class CertCloud(ABC):
    def __init__(self, kind: str):
        self.kind = kind
        self.label = CLOUD_NAMES[kind]

    @abstractmethod
    def subscriber(self, name: str, birth_date: dt.date, phone: str) -> int | None:
        """The wallet id of a known subscriber, or None (a new customer)."""

    @abstractmethod
    def join(self, name: str, birth_date: dt.date, phone: str) -> int:
        """Subscribe (after 약관동의); returns the wallet id."""

    @abstractmethod
    def notify(self, phone: str, body: str, *, code: str = "") -> None:
        """A message from the cloud to the subscriber's phone (device check, connection code)."""

    @abstractmethod
    def certificates(self, wallet_id: int) -> list[CloudCertificate]:
        ...

    @abstractmethod
    def sign(self, wallet_id: int, cert_id: int, pin: str, nonce: str):
        """A pki.verifier.SignedAssertion over `nonce`; PinRefused on a wrong PIN or a locked certificate."""


class SandboxCertCloud(CertCloud):
    def __init__(self, kind: str, sms):
        super().__init__(kind)
        self.sms = sms

    def _timeout(self):
        from ..models.sandbox import switch_on
        if switch_on("provider_timeout"):
            raise ProviderError("인증서 클라우드의 응답이 지연되고 있습니다. 잠시 후 다시 시도해 주십시오.")

    def subscriber(self, name, birth_date, phone):
        from ..models.certcloud import CloudWallet
        self._timeout()
        row = CloudWallet.get_or_none((CloudWallet.cloud == self.kind) & (CloudWallet.name == name)
                                      & (CloudWallet.birth_date == birth_date) & (CloudWallet.phone == phone))
        return row.id if row else None

    def join(self, name, birth_date, phone):
        return wallet_for(self.kind, name, birth_date, phone).id

    def notify(self, phone, body, *, code=""):
        self.sms.send(phone, body, code=code, purpose=self.label)

    def certificates(self, wallet_id):
        from ..models.certcloud import WalletCertificate
        self._timeout()
        rows = (WalletCertificate.select().where(WalletCertificate.wallet == wallet_id)
                .order_by(WalletCertificate.not_after.desc()))
        return [CloudCertificate(r.id, r.subject, _issuer_of(r.cert_pem), r.issuer_label, r.serial,
                                 r.not_after, r.locked_at is not None) for r in rows]

    def sign(self, wallet_id, cert_id, pin, nonce):
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding

        from ..models.certcloud import WalletCertificate, pin_counter
        from ..pki import wallet
        from ..pki.verifier import SignedAssertion
        from ..security import attempts
        self._timeout()
        row = WalletCertificate.get_or_none((WalletCertificate.id == cert_id)
                                            & (WalletCertificate.wallet == wallet_id))
        if row is None:
            raise ProviderError("선택하신 인증서를 클라우드에서 찾을 수 없습니다. 목록에서 다시 선택해 주십시오.")
        # Counted before the PIN is tried (security/attempts.py): concurrent wrong PINs get five tries in all.
        counter = pin_counter(MAX_PIN_FAILURES)
        try_no = attempts.reserve(counter, row.id)
        if not try_no:
            raise PinRefused(0)
        try:
            key_pem, secret = wallet.unseal(pin, row.salt, row.sealed, f"wallet-cert:{row.serial}")
        except wallet.WrongPin:
            locked_now = attempts.settle_wrong(counter, row.id, try_no)
            raise PinRefused(MAX_PIN_FAILURES - try_no, locked_now) from None
        if not attempts.settle_right(counter, row.id):   # a racing wrong PIN locked it meanwhile
            raise PinRefused(0)
        key = serialization.load_pem_private_key(key_pem, password=None)
        signature = key.sign(nonce.encode(), padding.PKCS1v15(), hashes.SHA256())
        return SignedAssertion(cert_pem=row.cert_pem, signature=signature, binding_secret=secret)


class UnconfiguredCertCloud(CertCloud):
    """Production without a contract with the cloud: say so instead of pretending."""

    def _no(self, *args, **kwargs):
        raise ProviderError(f"{self.label} 연동이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")

    subscriber = join = notify = certificates = sign = _no


def _issuer_of(cert_pem: str) -> str:
    from cryptography import x509

    from ..pki.ca import issuer_name
    return issuer_name(x509.load_pem_x509_certificate(cert_pem.encode()))


def wallet_for(cloud: str, name: str, birth_date: dt.date, phone: str):
    from peewee import IntegrityError

    from ..db import db
    from ..models.certcloud import CloudWallet
    key = dict(cloud=cloud, name=name, birth_date=birth_date, phone=phone)
    try:
        with db.atomic():
            row, _ = CloudWallet.get_or_create(**key)
    except IntegrityError:
        row = CloudWallet.get(**key)
    return row


def sandbox_issue(*, cloud: str, name: str, rrn_digits: str, phone: str, pin: str, expired: bool = False,
                  institution: str = "모의은행", ca_kind: str | None = None):
    """A certificate issued 'at another institution' into the person's wallet at `cloud` (sandbox only)."""
    from cryptography.hazmat.primitives import serialization

    from ..models.certcloud import WalletCertificate
    from ..pki import ca, wallet
    from ..rules.rrn import parse_rrn
    parsed = parse_rrn(rrn_digits[:6], rrn_digits[6:])
    if not parsed.ok:
        raise ValueError(parsed.error)
    cert, key, secret = ca.issue(ca_kind or cloud, name=name, rrn_digits=parsed.digits,
                                 institution=institution, expired=expired)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    serial = format(cert.serial_number, "x")
    salt, sealed = wallet.seal(pin, key_pem, secret, f"wallet-cert:{serial}")
    row = wallet_for(cloud, name, parsed.birth_date, phone)
    return WalletCertificate.create(
        wallet=row, cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode(), serial=serial,
        subject=ca.holder_name(cert), issuer_label=institution,
        not_after=cert.not_valid_after_utc.astimezone().replace(tzinfo=None), salt=salt, sealed=sealed)


def from_config(config) -> dict:
    if config["SANDBOX"]:
        from .sms import SandboxSms
        return {kind: SandboxCertCloud(kind, SandboxSms()) for kind in CLOUD_NAMES}
    return {kind: UnconfiguredCertCloud(kind) for kind in CLOUD_NAMES}
