"""우리사주 잔고·대출 시스템: how many shares a member holds in the 우리사주조합 account, their price, and
what is already lent on them — the facts 대출가능금액 is computed from (esop/rules/loan.py)."""
from __future__ import annotations

import datetime as dt
import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass

from . import ProviderError

DOWN_MESSAGE = "우리사주 잔고·대출 시스템과 연결되지 않습니다. 잠시 후 다시 조회해 주십시오."


@dataclass(frozen=True)
class Holdings:
    shares: int          # 보유 우리사주 (주)
    price: int           # 기준가격 (원/주): the previous trading day's closing price
    existing_loan: int   # 기존 대출잔액 (원)
    as_of: dt.date       # 기준일


class HoldingsSystem(ABC):
    @abstractmethod
    def holdings(self, member) -> Holdings:
        """The member's holdings as the system has them; ProviderError when it does not answer."""


class SandboxHoldings(HoldingsSystem):
    """Figures derived from the user ID (the same every time), unless the sandbox console set them;
    the console's 'holdings_down' switch makes the system unavailable."""

    def holdings(self, member):
        from ..models.sandbox import switch_on
        from ..models.sandbox_holdings import SandboxHolding
        if switch_on("holdings_down"):
            raise ProviderError(DOWN_MESSAGE)
        seed = int.from_bytes(hashlib.sha256(member.user_id.encode()).digest()[:8], "big")
        set_by_console = SandboxHolding.get_or_none(SandboxHolding.user_id == member.user_id)

        def figure(name, default):
            value = getattr(set_by_console, name, None)
            return default if value is None else value
        return Holdings(shares=figure("shares", 50 + seed % 1951),
                        price=figure("price", 10_000 + (seed // 1951) % 90 * 500),
                        existing_loan=figure("existing_loan", 0),
                        as_of=dt.date.today() - dt.timedelta(days=1))


class UnconfiguredHoldings(HoldingsSystem):
    def holdings(self, member):
        raise ProviderError("우리사주 잔고·대출 시스템이 설정되지 않았습니다. 고객센터(1544-8333)로 문의해 주십시오.")
