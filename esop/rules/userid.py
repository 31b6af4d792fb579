"""Member login ID (아이디) rules: 영문·숫자 6~12자리, stored lowercase, with suggestions for taken IDs."""

from __future__ import annotations

import random
from typing import Callable

MIN_LEN = 6  # sign-up manual (회원가입 화면): "영문숫자 6~12 자리"
MAX_LEN = 12

# The manual's rule is "영문숫자 6~12 자리": letters-only IDs are fine; one letter is our addition (below).
HINT = f"영문자를 한 글자 이상 넣어 영문·숫자 {MIN_LEN}~{MAX_LEN}자리"

MSG_EMPTY = "아이디를 입력해 주십시오."
MSG_CHARS = "아이디는 영문과 숫자만 사용할 수 있습니다."
MSG_LENGTH = f"아이디는 {MIN_LEN}~{MAX_LEN}자리로 입력해 주십시오."
MSG_LETTER = "아이디에는 영문자를 한 글자 이상 넣어 주십시오."
MSG_TAKEN = "이미 사용 중인 아이디입니다. 다른 아이디를 입력해 주십시오."

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _fullwidth_to_ascii(s: str) -> str:
    # A Korean IME left in 전각 mode types "ｈｏｎｇ１２３"; those look identical
    # to the member, so map U+FF01..FF5E onto ASCII instead of rejecting them.
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in s)


def normalize_user_id(s: str | None) -> str:
    """Trim, fold full-width letters and lowercase.

    IDs are case-insensitive (stored lowercase) so "Hong123" and "hong123"
    cannot be two different members, and members need not remember case.
    """
    return _fullwidth_to_ascii(s or "").strip().lower()


def check_user_id(s: str | None) -> str | None:
    """Return a Korean message for the ID field, or None when the ID is acceptable."""
    uid = normalize_user_id(s)
    if not uid:
        return MSG_EMPTY
    if not set(uid) <= _ALNUM:  # 한글, spaces, symbols
        return MSG_CHARS
    if not MIN_LEN <= len(uid) <= MAX_LEN:
        return MSG_LENGTH
    # The manual only says "영문숫자"; we also require one letter because an
    # all-digit ID is usually a phone number or birth date (personal data in
    # a login name, and easy to guess).
    if uid.isdigit():
        return MSG_LETTER
    return None


def suggest_user_ids(
    base: str,
    taken: Callable[[str], bool],
    n: int = 3,
    rng: random.Random | None = None,
    max_lookups: int = 20,
) -> list[str]:
    """Up to ``n`` free, valid IDs made from ``base`` plus digits ("중복된 아이디" help).

    Suffixes are random rather than base1, base2, … so the list does not reveal
    which neighbouring IDs exist (OWASP: avoid account enumeration), and
    ``max_lookups`` bounds how many times ``taken`` (a DB query) is called.
    Pass ``rng=random.Random(seed)`` for deterministic output in tests.
    """
    rng = rng or random.Random()
    stem = "".join(c for c in normalize_user_id(base) if c in _ALNUM)
    if not any(c.isalpha() for c in stem):
        return []  # digits-only stems cannot become valid IDs by appending digits
    stem_norm = normalize_user_id(base)
    out: list[str] = []
    lookups = 0
    for _ in range(max_lookups * 5):  # hard bound even if candidates keep failing
        if len(out) >= n or lookups >= max_lookups:
            break
        # 2-4 digits, but at least enough to reach MIN_LEN (at most 5, as the stem has a letter);
        # truncate the stem so the whole ID stays within MAX_LEN.
        width = max(rng.randint(2, 4), MIN_LEN - len(stem))
        cand = stem[: MAX_LEN - width] + "".join(str(rng.randrange(10)) for _ in range(width))
        if cand == stem_norm or cand in out or check_user_id(cand) is not None:
            continue
        lookups += 1
        if not taken(cand):
            out.append(cand)
    return out
