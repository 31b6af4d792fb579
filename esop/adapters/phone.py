"""휴대폰 본인인증 (the carriers' PASS service): a code by SMS to the number in the carrier's books."""
from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass

from . import ProviderError

CARRIERS = ("SKT", "KT", "LG U+", "SKT 알뜰폰", "KT 알뜰폰", "LG U+ 알뜰폰")


@dataclass
class PhoneChallenge:
    expires_at: dt.datetime


class PhoneIdentityVerifier(ABC):
    @abstractmethod
    def request(self, *, subject: str, carrier: str, phone: str, name: str, birth_date: dt.date,
                sex: str) -> PhoneChallenge:
        """Ask the carrier to confirm the subscriber and text a code to the phone."""
        ...

    @abstractmethod
    def confirm(self, *, subject: str, code: str):
        """Check the code the member typed; returns a models.verify.CodeCheck."""
        ...


class SandboxPhoneIdentity(PhoneIdentityVerifier):
    """Every subscriber matches; the code goes to the sandbox outbox; the console can force a timeout."""
    PURPOSE = "phone-identity"

    def __init__(self, sms, seconds: int):
        self.sms, self.seconds = sms, seconds

    def request(self, *, subject, carrier, phone, name, birth_date, sex):
        from ..models import verify
        from ..models.sandbox import switch_on
        if switch_on("provider_timeout"):
            raise ProviderError("본인인증 기관의 응답이 지연되고 있습니다. 잠시 후 다시 시도해 주십시오.")
        row, code = verify.issue(self.PURPOSE, subject, phone, self.seconds)
        self.sms.send(phone, f"[esop 본인인증] 인증번호 [{code}]를 입력해 주십시오. "
                             f"({self.seconds // 60}분 이내, {carrier})", code=code, purpose="본인인증")
        return PhoneChallenge(expires_at=row.expires_at)

    def confirm(self, *, subject, code):
        from ..models import verify
        return verify.check(self.PURPOSE, subject, code)


class UnconfiguredPhoneIdentity(PhoneIdentityVerifier):
    def request(self, **kwargs):
        raise ProviderError("휴대폰 본인인증 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")

    def confirm(self, **kwargs):
        raise ProviderError("휴대폰 본인인증 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")
