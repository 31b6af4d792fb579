"""2채널 인증(ARS승인): a call to the member's registered number asks them to key in two digits
shown on the screen and approve. The sandbox places the call in the sandbox console instead."""
from __future__ import annotations

import secrets
from abc import ABC, abstractmethod

from . import ProviderError

# Answers of the call centre, as this app understands them.
PENDING, APPROVED, DECLINED, MISMATCH = "pending", "approved", "declined", "mismatch"


class ArsCaller(ABC):
    @abstractmethod
    def call(self, *, phone: str, digits: str, purpose: str) -> str:
        """Place the approval call; returns the provider's reference for status queries."""

    @abstractmethod
    def status(self, reference: str) -> str:
        """pending | approved | declined | mismatch (digits keyed in did not match)."""


class SandboxArsCaller(ArsCaller):
    def call(self, *, phone, digits, purpose):
        from ..models.sandbox import switch_on
        from ..models.sandbox_verify import SandboxArsCall
        from ..rules.phone import mask_phone
        if switch_on("provider_timeout"):
            raise ProviderError("ARS 인증 기관의 응답이 지연되고 있습니다. 잠시 후 다시 시도해 주십시오.")
        reference = "ars-" + secrets.token_hex(8)
        SandboxArsCall.create(reference=reference, phone=mask_phone(phone), digits=digits, purpose=purpose)
        return reference

    def status(self, reference):
        from ..db import db, sql_once
        from ..models.sandbox_verify import SandboxArsCall
        # Asked every 2 s while a member waits (the poll): the one column, its SQL composed once (issue 15).
        sql = sql_once("sandbox_ars_status", lambda: SandboxArsCall.select(SandboxArsCall.status)
                       .where(SandboxArsCall.reference == ""))
        row = db.execute_sql(sql, (reference,)).fetchone()
        return row[0] if row else DECLINED


def answer_sandbox_call(reference: str, approve: bool, keyed: str) -> str:
    """What the person at the sandbox phone did: key in digits, then approve or decline."""
    import datetime as dt
    import hmac

    from ..models.sandbox_verify import SandboxArsCall
    row = SandboxArsCall.get_or_none(SandboxArsCall.reference == reference)
    if row is None or row.status != PENDING:
        return row.status if row else DECLINED
    if not approve:
        result = DECLINED
    else:
        result = APPROVED if hmac.compare_digest(row.digits, (keyed or "").strip()) else MISMATCH
    SandboxArsCall.update(status=result, answered_at=dt.datetime.now()).where(
        (SandboxArsCall.id == row.id) & (SandboxArsCall.status == PENDING)).execute()
    return result


class UnconfiguredArsCaller(ArsCaller):
    """Production without an ARS provider configured: fail clearly instead of pretending."""
    MESSAGE = "2채널 인증(ARS) 기관이 설정되지 않았습니다. 다른 인증 방법을 선택하시거나 고객센터(1544-8333)로 문의해 주십시오."

    def call(self, **kwargs):
        raise ProviderError(self.MESSAGE)

    def status(self, reference):
        raise ProviderError(self.MESSAGE)
