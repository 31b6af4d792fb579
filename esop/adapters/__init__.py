"""Every outside party behind a small interface, with a real and a sandbox implementation."""
from __future__ import annotations

from dataclasses import dataclass


class ProviderError(RuntimeError):
    """The outside party did not answer or refused; the message is safe to show to members."""

    def __init__(self, message: str = "외부기관과 연결되지 않습니다. 잠시 후 다시 시도해 주십시오."):
        super().__init__(message)
        self.message = message


@dataclass
class Adapters:
    sms: object
    realname: object

    @classmethod
    def from_config(cls, config) -> "Adapters":
        from . import realname, sms
        if config["SANDBOX"]:
            return cls(sms=sms.SandboxSms(), realname=realname.SandboxRealName())
        return cls(sms=sms.UnconfiguredSms(), realname=realname.UnconfiguredRealName())
