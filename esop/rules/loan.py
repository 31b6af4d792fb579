"""대출가능금액: what 우리사주 held as collateral allows, by the 담보인정비율 (a setting), less what is lent."""
from __future__ import annotations

from dataclasses import dataclass

# Limits are quoted in 만원: the part below 10,000원 is cut off (절사), never rounded up.
LOAN_UNIT = 10_000


@dataclass(frozen=True)
class LoanLimit:
    collateral_value: int    # 담보평가금액: shares × price
    ratio_percent: int       # 담보인정비율
    recognised_value: int    # 담보인정금액: collateral × ratio, cut to LOAN_UNIT
    existing_loan: int       # 기존 대출잔액
    limit: int               # 대출가능금액: recognised − existing, never below 0


def loan_limit(shares: int, price: int, existing_loan: int, ratio_percent: int) -> LoanLimit:
    collateral = shares * price
    recognised = collateral * ratio_percent // 100 // LOAN_UNIT * LOAN_UNIT
    return LoanLimit(collateral, ratio_percent, recognised, existing_loan, max(recognised - existing_loan, 0))
