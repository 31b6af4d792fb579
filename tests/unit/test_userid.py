"""아이디 rules: esop.rules.userid."""
import random

import pytest

from esop.rules import userid
from esop.rules.userid import check_user_id, normalize_user_id, suggest_user_ids


@pytest.mark.parametrize("uid", ["hong12", "HongGil1234", "abcdef", "a12345", "hong12345678", "ｈｏｎｇ１２３"])
def test_valid(uid):
    assert check_user_id(uid) is None


def test_normalize():
    assert normalize_user_id("  HongGil1 ") == "honggil1"
    assert normalize_user_id("ＨＯＮＧ１２３") == "hong123"
    assert normalize_user_id(None) == ""


@pytest.mark.parametrize("uid", ["", "   ", None])
def test_empty(uid):
    assert check_user_id(uid) == userid.MSG_EMPTY


@pytest.mark.parametrize("uid", ["hong1", "a", "abcde"])
def test_too_short(uid):
    assert check_user_id(uid) == userid.MSG_LENGTH


@pytest.mark.parametrize("uid", ["hong123456789", "abcdefghijklmnop"])
def test_too_long(uid):
    assert check_user_id(uid) == userid.MSG_LENGTH


@pytest.mark.parametrize("uid", ["홍길동123", "hong길동12", "ㅎㅇ1234", "hong_123", "hong-123", "hong.123", "hong 123", "hong@123", "hóng123"])
def test_hangul_symbols_spaces(uid):
    assert check_user_id(uid) == userid.MSG_CHARS


def test_digits_only_refused():
    assert check_user_id("01012345678") == userid.MSG_LETTER
    assert check_user_id("123456") == userid.MSG_LETTER


def test_suggestions_are_valid_free_and_distinct():
    taken = {"hong12", "hong123"}
    out = suggest_user_ids("hong", taken.__contains__, n=3, rng=random.Random(1))
    assert len(out) == 3 and len(set(out)) == 3
    for s in out:
        assert check_user_id(s) is None and s not in taken and s.startswith("hong")


def test_suggestions_long_base_truncated():
    out = suggest_user_ids("HongGilDong12", lambda s: False, rng=random.Random(2))
    assert out and all(check_user_id(s) is None for s in out)
    assert all(s.startswith("honggil") for s in out)


def test_suggestions_deterministic_with_rng():
    a = suggest_user_ids("kimcs", lambda s: False, rng=random.Random(5))
    b = suggest_user_ids("kimcs", lambda s: False, rng=random.Random(5))
    assert a == b


def test_suggestions_bounded_when_everything_taken():
    calls = []

    def taken(s):
        calls.append(s)
        return True

    assert suggest_user_ids("hong", taken, max_lookups=10) == []
    assert len(calls) == 10


def test_no_suggestions_without_letters():
    assert suggest_user_ids("홍길동", lambda s: False) == []
    assert suggest_user_ids("123456", lambda s: False) == []
