"""대출가능금액 rule: collateral × 담보인정비율, cut to 만원, less the existing loan, never below 0."""
from esop.rules.loan import loan_limit


def test_cut_below_10000_won_and_existing_loan_subtracted():
    got = loan_limit(shares=1200, price=25_300, existing_loan=3_000_000, ratio_percent=60)
    assert (got.collateral_value, got.recognised_value, got.limit) == (30_360_000, 18_210_000, 15_210_000)


def test_never_negative_and_nothing_held_is_nothing_lent():
    assert loan_limit(10, 10_000, 5_000_000, 60).limit == 0
    assert loan_limit(0, 25_000, 0, 60).limit == 0
    assert loan_limit(1, 16_666, 0, 60).recognised_value == 0   # 9,999원 → 0 (절사)
