"""Verifier internals with an explicit clock: OTP drift and replay, card challenges, masking, lockout."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from esop.db import db
from esop.models import verification
from esop.models.media import (MAX_FAILURES, counter_of, mask_account, spoken_account, unlock)
from esop.results import FieldError
from esop.verify import media_checks
from esop.verify.steps import current_slot, plan_for
from helpers import make_member


@pytest.fixture
def ctx(app):
    with app.app_context(), db.connection_context():
        yield app


def _flow(member, slots):
    flow, _ = verification.create(member, "unit", [s.as_dict() for s in slots], title="t", return_to="/",
                                  cancel_to="/", seconds=900)
    return flow


def _member_with_otp(user_id="otpuser1", digits=6):
    from esop.verify.issuance import issue_otp
    m, _ = make_member(user_id=user_id, mobile="010-1111-2222")
    device, secret = issue_otp(m, digits=digits)
    return m, device


T0 = dt.datetime(2026, 11, 26, 10, 0, 15)


def refusal(check, *args, **kwargs) -> FieldError | None:
    """None when the check passed, else the FieldError it raised."""
    try:
        check(*args, **kwargs)
    except FieldError as err:
        return err
    return None


def otp_ok(*args, **kwargs) -> bool:
    return refusal(media_checks.check_otp, *args, **kwargs) is None


def test_otp_accepts_one_step_of_drift_either_way_not_two(ctx):
    m, device = _member_with_otp()
    for delta, ok in ((-1, True), (1, True), (-2, False), (2, False)):
        flow = _flow(m, plan_for(m, identity=()))
        now = T0 + dt.timedelta(minutes=10 * (delta + 3))  # fresh steps each round
        code = media_checks.otp_code(device, now + dt.timedelta(seconds=30 * delta))
        assert otp_ok(flow, "medium", device.serial, code, now=now) is ok, delta


def test_otp_code_is_accepted_once_even_in_a_second_flow(ctx):
    m, device = _member_with_otp()
    code = media_checks.otp_code(device, T0)
    first, second = _flow(m, plan_for(m, identity=())), _flow(m, plan_for(m, identity=()))
    assert otp_ok(first, "medium", device.serial, code, now=T0)
    again = refusal(media_checks.check_otp, second, "medium", device.serial, code, now=T0 + dt.timedelta(seconds=5))
    assert again is not None and "이미 사용한" in again.message
    # An older step than the last accepted one is a replay too.
    older = media_checks.otp_code(device, T0 - dt.timedelta(seconds=30))
    assert not otp_ok(second, "medium", device.serial, older, now=T0)
    later = media_checks.otp_code(device, T0 + dt.timedelta(seconds=30))
    assert otp_ok(second, "medium", device.serial, later, now=T0 + dt.timedelta(seconds=30))


def test_otp_with_eight_digits(ctx):
    m, device = _member_with_otp("otp8user", digits=8)
    code = media_checks.otp_code(device, T0)
    assert len(code) == 8
    assert not otp_ok(_flow(m, plan_for(m, identity=())), "medium", device.serial, code[:6], now=T0)
    assert otp_ok(_flow(m, plan_for(m, identity=())), "medium", device.serial, code, now=T0)


def test_otp_locks_at_five_and_unlock_restores(ctx):
    m, device = _member_with_otp()
    flow = _flow(m, plan_for(m, identity=()))
    right = media_checks.otp_code(device, T0)
    wrong = "000000" if right != "000000" else "111111"
    results = [refusal(media_checks.check_otp, flow, "medium", device.serial, wrong, now=T0)
               for _ in range(MAX_FAILURES)]
    assert [r.message == media_checks.LOCKED["otp"] for r in results] == [False] * 4 + [True]
    assert "4회 더" in results[0].message
    assert not otp_ok(flow, "medium", device.serial, right, now=T0)
    unlock(device)
    assert otp_ok(flow, "medium", device.serial, right, now=T0)


def test_card_challenge_positions_vary_with_the_random_source_and_stay_fixed(ctx):
    from esop.verify.issuance import issue_card
    m, _ = make_member(user_id="carduser1")
    issue_card(m)
    seen = set()
    for seed in range(20):
        flow = _flow(m, plan_for(m, identity=()))
        ch = media_checks.card_challenge(flow, rng=random.Random(seed))
        assert ch["first"] != ch["second"]
        assert media_checks.card_challenge(flow, rng=random.Random(seed + 100)) == ch
        seen.add((ch["first"], ch["first_half"], ch["second"], ch["second_half"]))
    assert len(seen) > 10


def test_card_checks_the_exact_halves(ctx):
    from esop.verify.issuance import issue_card
    m, _ = make_member(user_id="carduser2")
    card, serial, codes = issue_card(m, rng=random.Random(7))
    flow = _flow(m, plan_for(m, identity=()))
    flow.set_state("card", {"first": 23, "first_half": "front", "second": 12, "second_half": "back"})
    good = (serial[-3:], codes[22][:2], codes[11][2:])
    swapped = (serial[-3:], codes[22][2:], codes[11][:2])
    other_cells = (serial[-3:], codes[21][:2], codes[10][2:])
    for answer in (swapped, other_cells):
        if answer != good:
            assert refusal(media_checks.check_card, flow, "medium", *answer) is not None
    assert refusal(media_checks.check_card, flow, "medium", *good) is None


def test_plan_follows_the_members_media(ctx):
    from esop.verify.issuance import create_account, issue_card
    m, _ = make_member(user_id="planuser1", mobile="010-2222-3333")
    assert [(s.name, s.methods) for s in plan_for(m)] == [("identity", ("sms", "ars", "onetime")),
                                                          ("medium", ("transfer",))]
    issue_card(m)
    create_account(m, "103-136-9999999", "1234")
    assert [(s.name, s.methods) for s in plan_for(m)] == [("account", ("account",)),
                                                          ("identity", ("sms", "ars", "onetime")),
                                                          ("medium", ("card", "transfer"))]
    bare, _ = make_member(user_id="planuser2", rrn=None, name="이영희")
    assert plan_for(bare, medium=False)[0].methods == ("onetime",)  # no phone registered


def test_current_slot_moves_only_when_passed(ctx):
    m, _ = make_member(user_id="slotuser1", mobile="010-2222-4444")
    flow = _flow(m, plan_for(m))
    assert current_slot(flow)["slot"] == "identity"
    verification.mark_passed(flow, "identity", "sms")
    assert current_slot(flow)["slot"] == "medium" and flow.completed_at is None
    verification.mark_passed(flow, "medium", "transfer")
    assert current_slot(flow) is None and flow.completed_at is not None
    assert verification.consume(flow) and not verification.consume(flow)


def test_lock_counter_reserves_at_most_five_and_locks_once(ctx):
    from esop.security import attempts
    from esop.verify.issuance import create_account
    m, _ = make_member(user_id="lockuser1")
    account = create_account(m, "103-136-8888888", "1234")
    counter = counter_of(account)
    tries = [attempts.reserve(counter, account.id) for _ in range(6)]
    assert tries == [1, 2, 3, 4, 5, 0]        # the sixth is refused before any check
    assert [attempts.settle_wrong(counter, account.id, n) for n in (4, 5, 5)] == [False, True, False]
    account = type(account).get_by_id(account.id)
    assert account.locked
    assert not attempts.settle_right(counter, account.id)   # a right answer after the lock is refused


def test_account_masking_reads_sensibly():
    assert mask_account("103-136-2104750") == "103-136-***4750"
    assert mask_account("1031362104750") == "103-136-***4750"
    assert "별" not in spoken_account("103-136-2104750")
    assert spoken_account("103-136-2104750") == "103-136로 시작하고 끝자리가 4750인 계좌"
