"""A bank's own provider package in miniature, for tests/unit/test_adapter_plugins.py: factories that
ESOP_ADAPTER_* settings name."""
from __future__ import annotations

from esop.adapters.geoip import GeoIp
from esop.adapters.realname import RealNameVerifier


class StrictBureau(RealNameVerifier):
    """Answers 'not the same person' for every name except one, and remembers what it was asked."""
    asked: list[tuple[str, str]] = []

    def __init__(self, config):
        self.timeout = config.get("OCSP_TIMEOUT")   # a real one would read its own settings here

    def verify(self, name, rrn_digits):
        StrictBureau.asked.append((name, rrn_digits[:6]))
        return name == "김한국"


def bureau(config):
    return StrictBureau(config)


def not_an_adapter(config):
    return object()


class SeoulOnly(GeoIp):
    def country(self, ip):
        return "KR"


def geoip(config):
    return SeoulOnly()


# --- one non-sandbox provider for every slot (issue 13: "a fake real provider for every slot drives
# sign-up, 추가인증 and 인증센터"). They keep what they sent in memory, never in esop's sandbox tables,
# so a view that read a sandbox table instead of asking the code service would find nothing.

import datetime as _dt
import secrets as _secrets

from esop.adapters import ars as _ars
from esop.adapters.bank import OneWonTransfer
from esop.adapters.certcloud import CertCloud, SandboxCertCloud
from esop.adapters.holdings import Holdings, HoldingsSystem
from esop.adapters.immigration import DepartureRecords
from esop.adapters.phone import PhoneChallenge, PhoneIdentityVerifier
from esop.adapters.revocation import RevocationChecker
from esop.adapters.sms import SmsSender
from esop.models.verify import CodeCheck

OUTBOX: list[dict] = []   # every message any fake provider sent: {"to", "body", "code", "by"}


def sent_code(to: str) -> str:
    return next(m["code"] for m in reversed(OUTBOX) if m["to"] == to and m["code"])


class GatewaySms(SmsSender):
    def send(self, to, body, *, code="", purpose=""):
        OUTBOX.append({"to": to, "body": body, "code": code, "by": "sms"})


class Pass(PhoneIdentityVerifier):
    """A carrier's PASS: it makes, texts and checks its own codes (in its own memory)."""
    codes: dict[str, tuple[str, int]] = {}

    def request(self, *, subject, carrier, phone, name, birth_date, sex):
        code = f"{_secrets.randbelow(10 ** 6):06d}"
        Pass.codes[subject] = (code, 0)
        OUTBOX.append({"to": phone, "body": f"PASS {code}", "code": code, "by": "pass"})
        return PhoneChallenge(expires_at=_dt.datetime.now() + _dt.timedelta(minutes=3))

    def confirm(self, *, subject, code):
        expected, _ = Pass.codes.get(subject, ("", 0))
        if not expected:
            return CodeCheck(False, "none")
        if code != expected:
            return CodeCheck(False, "wrong", 4)
        del Pass.codes[subject]
        return CodeCheck(True)


class Switchboard(_ars.ArsCaller):
    def call(self, *, phone, digits, purpose):
        OUTBOX.append({"to": phone, "body": f"ARS {digits}", "code": "", "by": "ars"})
        return f"call-{len(OUTBOX)}"

    def status(self, reference):
        return _ars.APPROVED


class Gateway(OneWonTransfer):
    def send(self, *, bank, account, holder, memo):
        OUTBOX.append({"to": account, "body": memo, "code": memo.removeprefix("esop"), "by": "bank"})
        return f"tx-{len(OUTBOX)}"


class NeverLeft(DepartureRecords):
    def departed(self, name, rrn_digits):
        return False


class AlwaysGood(RevocationChecker):
    def status(self, cert, issuer):
        return "good"


class VendorCloud(CertCloud):
    """A cloud vendor's SDK: wallets as the sandbox keeps them, messages through the vendor's own
    gateway (OUTBOX), not esop's sandbox outbox."""

    def __init__(self, kind):
        super().__init__(kind)
        self.store = SandboxCertCloud(kind, GatewaySms())

    def subscriber(self, name, birth_date, phone):
        return self.store.subscriber(name, birth_date, phone)

    def join(self, name, birth_date, phone):
        return self.store.join(name, birth_date, phone)

    def notify(self, phone, body, *, code=""):
        OUTBOX.append({"to": phone, "body": body, "code": code, "by": f"cloud-{self.kind}"})

    def certificates(self, wallet_id):
        return self.store.certificates(wallet_id)

    def sign(self, wallet_id, cert_id, pin, nonce):
        return self.store.sign(wallet_id, cert_id, pin, nonce)


FACTORIES = {
    "realname": "bureau", "phone_identity": "pass_", "sms": "sms", "ars": "ars", "bank": "bank",
    "revocation": "revocation", "geoip": "geoip", "immigration": "immigration",
    "certcloud_financial": "financial_cloud", "certcloud_joint": "joint_cloud", "holdings": "holdings",
}


def pass_(config):
    return Pass()


def sms(config):
    return GatewaySms()


def ars(config):
    return Switchboard()


def bank(config):
    return Gateway()


def revocation(config):
    return AlwaysGood()


def immigration(config):
    return NeverLeft()


def financial_cloud(config):
    return VendorCloud("financial")


def joint_cloud(config):
    return VendorCloud("joint")


class UnionLedger(HoldingsSystem):
    def holdings(self, member):
        return Holdings(shares=100, price=20_000, existing_loan=0, as_of=_dt.date(2026, 11, 30))


def holdings(config):
    return UnionLedger()
