"""Korean mobile and landline numbers: normalise to the hyphenated form, or None when invalid."""

from __future__ import annotations

from .digits import is_ascii_digits, normalize_digits

MSG_MOBILE_EMPTY = "휴대폰 번호를 입력해 주십시오."
MSG_MOBILE_INVALID = "휴대폰 번호를 정확히 입력해 주십시오. (예: 010-1234-5678)"
MSG_PHONE_EMPTY = "전화번호를 입력해 주십시오."
MSG_PHONE_INVALID = "전화번호를 지역번호와 함께 정확히 입력해 주십시오. (예: 02-123-4567)"

# 전기통신번호관리세칙 (과학기술정보통신부): mobile prefixes.  010 numbers have an
# 8-digit subscriber part today, but early 010 and the old 011/016-019 ranges
# also issued 7-digit ones that are still in use, so 7 or 8 is accepted for all.
MOBILE_PREFIXES = ("010", "011", "016", "017", "018", "019")

# Geographic area codes (2015 개편): 02 Seoul, then 031-033, 041-044, 051-055, 061-064.
AREA_CODES = (
    "031", "032", "033",
    "041", "042", "043", "044",
    "051", "052", "053", "054", "055",
    "061", "062", "063", "064",
)

# 전국대표번호 (대표번호): 15xx, 16xx, 18xx followed by 4 digits, e.g. 1588-1234.
_REP_PREFIXES = ("15", "16", "18")


def _clean(s: str | None) -> str | None:
    d = normalize_digits(s)
    # "+82 10-1234-5678" / "82-10-…": international form typed from a phone's
    # contact card.  Drop the country code and restore the trunk 0.
    # No Korean number starts with 8, so "82" without the "+" is the country code too.
    if d.startswith(("+82", "82")):
        d = "0" + d.removeprefix("+")[2:].removeprefix("0")
    return d if is_ascii_digits(d) else None


def _split(d: str, head: int) -> str:
    rest = d[head:]
    mid = len(rest) - 4
    return f"{d[:head]}-{rest[:mid]}-{rest[mid:]}"


def normalize_mobile(s: str | None) -> str | None:
    """"01012345678" / "010 1234 5678" → "010-1234-5678"; None when not a mobile number."""
    d = _clean(s)
    if not d or d[:3] not in MOBILE_PREFIXES or len(d) not in (10, 11):
        return None
    return _split(d, 3)


def normalize_phone(s: str | None, allow_mobile: bool = False) -> str | None:
    """Landline / 070 / 대표번호 → hyphenated form ("02-123-4567", "031-1234-5678", "1588-1234").

    With ``allow_mobile=True`` mobile numbers are accepted as well (for a
    "연락처" field that takes either).
    """
    d = _clean(s)
    if not d:
        return None
    if allow_mobile and (m := normalize_mobile(d)):
        return m
    if d.startswith("02") and len(d) in (9, 10):  # 02 + 7-8 digits
        return _split(d, 2)
    if (d[:3] in AREA_CODES) and len(d) in (10, 11):  # 0xx + 7-8 digits
        return _split(d, 3)
    if d.startswith("070") and len(d) == 11:  # 인터넷전화 070-XXXX-XXXX
        return _split(d, 3)
    if d[:2] in _REP_PREFIXES and len(d) == 8:
        return f"{d[:4]}-{d[4:]}"
    return None


def mask_phone(s: str | None) -> str:
    """"010-4784-1234" → "010-4784-****" (last four digits hidden).

    Unrecognised input is still masked on its last four digits rather than
    echoed, so this is safe for logs and screens.
    """
    norm = normalize_mobile(s) or normalize_phone(s)
    if norm:
        return norm[:-4] + "****"
    d = normalize_digits(s)
    return d[:-4] + "*" * min(len(d), 4)
