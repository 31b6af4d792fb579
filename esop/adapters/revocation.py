"""Certificate status at the issuing CA (OCSP): a certificate its issuer has revoked — lost, stolen,
re-issued — must not log in or be registered. When the CA cannot tell us, the certificate is refused
for now (fail closed) with a message to try again.

Production asks the responder named in the certificate (금융결제원 and 코스콤 publish one in every
certificate's Authority Information Access). The sandbox CAs answer in process with the same signed
DER, so the same reading and checking runs in both."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import urllib.request
from abc import ABC, abstractmethod

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from ..pki import ocsp
from . import ProviderError

log = logging.getLogger(__name__)
UNAVAILABLE = "인증기관에서 인증서의 폐지 여부를 확인하지 못했습니다. 잠시 후 다시 시도해 주십시오."


class RevocationChecker(ABC):
    @abstractmethod
    def status(self, cert: x509.Certificate, issuer: x509.Certificate) -> str:
        """'good', 'revoked' or 'unknown'; ProviderError when the CA gave no usable answer."""


class OcspOverHttp(RevocationChecker):
    """Answers are kept in this process until their nextUpdate (thisUpdate + 24 h without one): the CA
    vouches for them that long, and a login then costs no round trip to the responder."""

    CACHE_SIZE = 10000  # certificates; past it, ended answers go first, then the oldest

    def __init__(self, timeout: float = 5.0):
        self.timeout = timeout
        self.cache: dict[tuple[bytes, int], ocsp.Answer] = {}
        self.clock = lambda: dt.datetime.now(dt.timezone.utc)

    def status(self, cert, issuer):
        now = self.clock()
        key = (hashlib.sha256(issuer.public_bytes(Encoding.DER)).digest(), cert.serial_number)
        cached = self.cache.get(key)
        if cached is not None and now < cached.until:
            return cached.status
        answer = self._ask(cert, issuer, now)
        self._keep(key, answer, now)
        return answer.status

    def _keep(self, key, answer: ocsp.Answer, now: dt.datetime) -> None:
        if len(self.cache) >= self.CACHE_SIZE:
            self.cache = {k: a for k, a in self.cache.items() if now < a.until}
            while len(self.cache) >= self.CACHE_SIZE:
                self.cache.pop(next(iter(self.cache)))
        self.cache[key] = answer

    def _ask(self, cert, issuer, now) -> ocsp.Answer:
        url = ocsp.responder_url(cert)
        if not url or not url.lower().startswith(("http://", "https://")):
            log.warning("certificate %x names no OCSP responder", cert.serial_number)
            raise ProviderError(UNAVAILABLE)
        body, nonce = ocsp.build_request(cert, issuer)
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/ocsp-request",
                                                  "Accept": "application/ocsp-response"})
        try:  # the scheme is checked above: http(s) only
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # nosec B310
                der = answer.read(65536)
        except OSError as exc:
            log.warning("OCSP responder %s did not answer: %s", url, exc)
            raise ProviderError(UNAVAILABLE) from exc
        return _read(der, cert, issuer, nonce, now)


class SandboxOcsp(RevocationChecker):
    """The sandbox CAs' responder (console: 인증서 폐지, and a switch for 'no answer'); certificates of
    other CAs (ESOP_TRUSTED_CA_FILE while the sandbox is on) are asked over HTTP."""

    def __init__(self, timeout: float = 5.0):
        self.remote = OcspOverHttp(timeout)

    def status(self, cert, issuer):
        from ..models.sandbox import SandboxRevocation, switch_on
        from ..pki.ca import sandbox_issuer_of
        authority = sandbox_issuer_of(cert)
        if authority is None:
            return self.remote.status(cert, issuer)
        if switch_on("ocsp_down"):
            raise ProviderError(UNAVAILABLE)
        from cryptography.hazmat.primitives import serialization

        def revoked_at(serial: int):
            row = SandboxRevocation.get_or_none((SandboxRevocation.ca_kind == authority.kind)
                                                & (SandboxRevocation.serial == format(serial, "x")))
            return row.revoked_at.astimezone() if row else None

        body, nonce = ocsp.build_request(cert, issuer)
        key = serialization.load_pem_private_key(authority.key_pem.encode(), password=None)
        der = ocsp.answer(body, issuer, key, revoked_at)
        # Not cached: the console's 인증서 폐지 takes effect at the next login.
        return _read(der, cert, issuer, nonce).status


def _read(der: bytes, cert, issuer, nonce, now: dt.datetime | None = None) -> ocsp.Answer:
    try:
        return ocsp.read_answer(der, cert, issuer, nonce, now)
    except ocsp.OcspError as exc:
        log.warning("OCSP answer about certificate %x refused: %s", cert.serial_number, exc)
        raise ProviderError(UNAVAILABLE) from exc


def from_config(config) -> RevocationChecker:
    timeout = float(config.get("OCSP_TIMEOUT", 5.0))
    return SandboxOcsp(timeout) if config["SANDBOX"] else OcspOverHttp(timeout)
