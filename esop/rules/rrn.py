"""주민등록번호/외국인등록번호 (RRN) parsing, check digit, masking and test-data generation."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .digits import is_ascii_digits, normalize_digits

MSG_FRONT = "주민등록번호 앞자리는 생년월일 6자리 숫자로 입력해 주십시오."
MSG_BACK = "주민등록번호 뒷자리 7자리를 입력해 주십시오."
MSG_BIRTH = "주민등록번호의 생년월일이 올바르지 않습니다."
MSG_CHECK = "올바른 주민등록번호가 아닙니다. 다시 확인해 주십시오."

# 주민등록법 시행규칙 별지 서식 / 행정안전부 안내: the 7th digit encodes the
# century of birth and sex; 5-8 are used on 외국인등록번호 (출입국관리법
# 시행규칙).  value: (century base, sex, foreigner)
_SEVENTH: dict[str, tuple[int, str, bool]] = {
    "9": (1800, "M", False),
    "0": (1800, "F", False),
    "1": (1900, "M", False),
    "2": (1900, "F", False),
    "3": (2000, "M", False),
    "4": (2000, "F", False),
    "5": (1900, "M", True),
    "6": (1900, "F", True),
    "7": (2000, "M", True),
    "8": (2000, "F", True),
}

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

# Since 2020-10-05 (주민등록법 시행규칙 개정) the six digits after the 7th are
# assigned at random, so there is no check digit.  Everybody born in 2020 or
# later only ever had a new-style number, so for them we skip the check.
#
# Trade-off (deliberate): numbers *newly issued* after 2020-10 to people born
# earlier (번호 변경, 귀화, re-issue) are random too and would fail the legacy
# check.  We still apply it for birth years < 2020 because it catches most
# typing mistakes for the vast majority of members; the rare member with a
# re-issued number gets MSG_CHECK and must be helped by the branch.  If that
# becomes a real problem, set CHECK_DIGIT_BEFORE_YEAR to 0 to disable it.
CHECK_DIGIT_BEFORE_YEAR = 2020


@dataclass(frozen=True)
class RrnResult:
    ok: bool
    error: str | None = None
    field: Literal["front", "back"] | None = None
    birth_date: date | None = None
    sex: Literal["M", "F"] | None = None
    foreigner: bool | None = None
    digits: str | None = None  # 13 ASCII digits, only when ok


def _fail(msg: str, field: Literal["front", "back"]) -> RrnResult:
    return RrnResult(ok=False, error=msg, field=field)


def check_digit(first12: str, foreigner: bool = False) -> int:
    """Legacy check digit for the first 12 digits.

    Citizens: (11 - Σ(d·w) mod 11) mod 10 with weights 2..9,2..5.
    Foreigners: the commonly documented 외국인등록번호 variant, the same
    value + 2 (mod 10).  Some references say foreigners use the citizen
    formula unchanged; we follow the variant the product brief asked for.
    """
    total = sum(int(d) * w for d, w in zip(first12, _WEIGHTS, strict=True))  # 12 digits, 12 weights
    check = (11 - total % 11) % 10
    if foreigner:
        check = (check + 2) % 10
    return check


def parse_rrn(front: str, back: str, today: date | None = None) -> RrnResult:
    """Validate the two RRN input boxes; never raises for bad input."""
    front_d = normalize_digits(front)
    back_d = normalize_digits(back)
    if len(front_d) != 6 or not is_ascii_digits(front_d):
        return _fail(MSG_FRONT, "front")
    if len(back_d) != 7 or not is_ascii_digits(back_d):
        return _fail(MSG_BACK, "back")

    century, sex, foreigner = _SEVENTH[back_d[0]]  # every digit 0-9 has a meaning
    # 1800s births only ever had citizen numbers (9/0); anything else is a typo
    # we cannot detect here, so no extra rule.

    try:
        birth = date(century + int(front_d[:2]), int(front_d[2:4]), int(front_d[4:]))
    except ValueError:  # 13월, 2월 30일, 1900-02-29 …
        return _fail(MSG_BIRTH, "front")
    if birth > (today or date.today()):
        # A future birth date usually means the 7th digit has the wrong
        # century (e.g. 3 instead of 1), but the member sees the date first.
        return _fail(MSG_BIRTH, "front")

    digits = front_d + back_d
    if birth.year < CHECK_DIGIT_BEFORE_YEAR:
        if check_digit(digits[:12], foreigner) != int(digits[12]):
            return _fail(MSG_CHECK, "back")

    return RrnResult(ok=True, birth_date=birth, sex=sex, foreigner=foreigner, digits=digits)


def mask_rrn(digits13: str) -> str:
    """"7103211234567" → "710321-1******" (birth date and sex digit stay visible).

    개인정보 보호법 시행령 제19조: RRN is 고유식별정보; only the first 7 digits
    may be displayed.  Returns "" for anything that is not 13 digits, so a
    bad value is never echoed unmasked.
    """
    d = normalize_digits(digits13)
    if len(d) != 13 or not is_ascii_digits(d):
        return ""
    return f"{d[:6]}-{d[6]}******"


def spoken_mask(digits13: str) -> str:
    """Screen-reader text for the masked RRN, e.g. "710321 다시 1, 뒤 6자리 가림".

    "******" is read by screen readers as "별표 별표 …", which is noise;
    WCAG 1.1.1 asks for a text alternative that says what is hidden.
    """
    d = normalize_digits(digits13)
    if len(d) != 13 or not is_ascii_digits(d):
        return ""
    return f"{d[:6]} 다시 {d[6]}, 뒤 6자리 가림"


def generate_valid_rrn(
    birth: date, sex: str, foreigner: bool = False, rng: random.Random | None = None
) -> str:
    """13 digits that ``parse_rrn`` accepts (test and demo data only).

    Raises ValueError for impossible requests (that is a programming error,
    not member input).
    """
    if sex not in ("M", "F"):
        raise ValueError("sex must be 'M' or 'F'")
    rng = rng or random.Random()
    seventh = next(
        (k for k, (c, s, f) in _SEVENTH.items()
         if c == birth.year // 100 * 100 and s == sex and f == foreigner),
        None,
    )
    if seventh is None:
        raise ValueError(f"no RRN 7th digit for year={birth.year} foreigner={foreigner}")
    first12 = f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}" + seventh + "".join(str(rng.randrange(10)) for _ in range(5))
    if birth.year < CHECK_DIGIT_BEFORE_YEAR:
        last = check_digit(first12, foreigner)
    else:
        last = rng.randrange(10)  # new-style numbers: random tail
    return first12 + str(last)
