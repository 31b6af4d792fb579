"""SMS sender: the sandbox writes to the sandbox outbox; production wires a carrier gateway."""
from __future__ import annotations

import secrets
from abc import ABC, abstractmethod

from . import ProviderError


class SmsSender(ABC):
    @abstractmethod
    def send(self, to: str, body: str, *, code: str = "", purpose: str = "") -> None:
        ...


class SandboxSms(SmsSender):
    def send(self, to, body, *, code="", purpose=""):
        from ..models.sandbox import SandboxMessage, switch_on
        # A carrier's bad day, to see the outbox retry (esop/outbox.py): every send, or one in three.
        if switch_on("sms_down") or (switch_on("sms_flaky") and secrets.randbelow(3) == 0):
            raise ProviderError("문자 발송 기관이 응답하지 않습니다. 잠시 후 다시 시도해 주십시오.")
        SandboxMessage.create(to=to, body=body, code=code, purpose=purpose)


class UnconfiguredSms(SmsSender):
    """Production without an SMS gateway configured: fail clearly instead of pretending."""

    def send(self, to, body, *, code="", purpose=""):
        raise ProviderError("문자 발송 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")
