"""SMS sender: the sandbox writes to the sandbox outbox; production wires a carrier gateway."""
from __future__ import annotations

from abc import ABC, abstractmethod

from . import ProviderError


class SmsSender(ABC):
    @abstractmethod
    def send(self, to: str, body: str, *, code: str = "", purpose: str = "") -> None:
        ...


class SandboxSms(SmsSender):
    def send(self, to, body, *, code="", purpose=""):
        from ..models.sandbox import SandboxMessage
        SandboxMessage.create(to=to, body=body, code=code, purpose=purpose)


class UnconfiguredSms(SmsSender):
    """Production without an SMS gateway configured: fail clearly instead of pretending."""

    def send(self, to, body, *, code="", purpose=""):
        raise ProviderError("문자 발송 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")
