"""Every outside party behind a small interface, with a real and a sandbox implementation."""
from __future__ import annotations


class ProviderError(RuntimeError):
    """The outside party did not answer or refused; the message is safe to show to members."""

    def __init__(self, message: str = "외부기관과 연결되지 않습니다. 잠시 후 다시 시도해 주십시오."):
        super().__init__(message)
        self.message = message


class Adapters:
    """The app's adapters, built once from configuration (`current_app.extensions["esop"]`)."""

    def __init__(self, **adapters):
        self.__dict__.update(adapters)

    @classmethod
    def from_config(cls, config) -> "Adapters":
        from ..address import adapter as address
        from . import phone, realname, sms
        from . import ars, bank, holdings, revocation
        from .plugins import load
        sandbox = config["SANDBOX"]
        sender = load(config, "sms") or (sms.SandboxSms() if sandbox else sms.UnconfiguredSms())
        return cls(
            address=address.from_config(config),
            sms=sender,
            realname=load(config, "realname") or (realname.SandboxRealName() if sandbox
                                                  else realname.UnconfiguredRealName()),
            phone_identity=load(config, "phone_identity") or (
                phone.SandboxPhoneIdentity(sender, config["SMS_CODE_SECONDS"]) if sandbox
                else phone.UnconfiguredPhoneIdentity()),
            ars=load(config, "ars") or (ars.SandboxArsCaller() if sandbox else ars.UnconfiguredArsCaller()),
            bank=load(config, "bank") or (bank.SandboxOneWonTransfer() if sandbox
                                          else bank.UnconfiguredOneWonTransfer()),
            revocation=load(config, "revocation") or revocation.from_config(config),
            holdings=load(config, "holdings") or (holdings.SandboxHoldings() if sandbox
                                                  else holdings.UnconfiguredHoldings()),
        )


def adapters():
    from flask import current_app
    return current_app.extensions["esop"]
