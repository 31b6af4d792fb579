"""Numeric codes typed by members: SMS verification codes, OTP numbers, PINs."""

from __future__ import annotations

from .digits import is_ascii_digits, normalize_digits


def _has_final_consonant(word: str) -> bool:
    # Korean particles depend on whether the last syllable has 받침
    # (인증번호를 / 비밀번호를 / OTP를 but 암호문을); non-Hangul endings are treated
    # as vowel-final, which reads naturally for "OTP", "PIN".
    last = word.rstrip()[-1:] or "가"
    code = ord(last) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def _josa(word: str, with_final: str, without_final: str) -> str:
    return word + (with_final if _has_final_consonant(word) else without_final)


def check_numeric_code(
    s: str | None, min_len: int, max_len: int | None = None, label: str = "인증번호"
) -> tuple[str | None, str | None]:
    """Return (normalised digits, None) when OK, or (None, Korean message).

    Spaces and hyphens are removed first (GOV.UK "Confirm a phone number":
    people copy codes as "123 456"); full-width digits are accepted.
    ``label`` names the field in the message, e.g. "OTP 번호", "PIN".
    """
    max_len = min_len if max_len is None else max_len
    d = normalize_digits(s)
    if not d:
        return None, f"{_josa(label, '을', '를')} 입력해 주십시오."
    size = f"{min_len}자리" if min_len == max_len else f"{min_len}~{max_len}자리"
    if not is_ascii_digits(d) or not min_len <= len(d) <= max_len:
        return None, f"{_josa(label, '은', '는')} 숫자 {size}로 입력해 주십시오."
    return d, None
