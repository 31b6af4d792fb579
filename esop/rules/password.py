"""Password rules, each returned with its Korean text and pass/fail so the form can show the list live."""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path

# esop/data/common-passwords.txt, found relative to this file so it works
# from any working directory and from an installed package.
COMMON_PASSWORDS_PATH = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"


@dataclass(frozen=True)
class PasswordPolicy:
    # sign-up manual (회원가입 화면): "영문/숫자/특수문자 중 2가지 이상 조합". ASVS 2.1.2 asks for
    # allowing >= 64 characters; the manual's 12-character maximum is a setting (ESOP_PASSWORD_MAX_LENGTH),
    # and flows get the configured policy through policy_from (config.py holds the defaults).
    min_length: int = 8
    max_length: int = 64
    min_classes: int = 2
    max_run: int = 4  # 4 identical characters in a row are refused ("1111", "aaaa")
    max_sequence: int = 4  # 4 consecutive characters are refused ("1234", "qwer")


def policy_from(config) -> PasswordPolicy:
    """The policy the configuration sets (PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH), for every flow."""
    return PasswordPolicy(min_length=config["PASSWORD_MIN_LENGTH"], max_length=config["PASSWORD_MAX_LENGTH"])


@dataclass(frozen=True)
class RuleResult:
    key: str
    text: str
    ok: bool


# Rows a member "walks" on a keyboard.  The digit row includes 0 after 9 so
# "7890" counts; reversed rows are checked too.
_SEQUENCES = (
    "0123456789",
    "1234567890",
    string.ascii_lowercase,
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
)


@functools.cache
def common_passwords() -> frozenset[str]:
    """Lowercased blocklist (ASVS 2.1.7: refuse passwords from breach/top lists)."""
    try:
        text = COMMON_PASSWORDS_PATH.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _classes(pw: str) -> int:
    has_letter = any(c in string.ascii_letters for c in pw)
    has_digit = any(c in string.digits for c in pw)
    has_special = any(c in string.punctuation for c in pw)
    return has_letter + has_digit + has_special


def _has_run(pw: str, n: int) -> bool:
    low = pw.lower()
    return any(len(set(low[i : i + n])) == 1 for i in range(len(low) - n + 1))


def _has_sequence(pw: str, n: int) -> bool:
    low = pw.lower()
    for i in range(len(low) - n + 1):
        chunk = low[i : i + n]
        for seq in _SEQUENCES:
            if chunk in seq or chunk in seq[::-1]:
                return True
    return False


def check_password(
    pw: str | None, user_id: str = "", policy: PasswordPolicy = PasswordPolicy()
) -> list[RuleResult]:
    """Every rule in display order, each with ``ok``; the user-ID rule only when ``user_id`` is given.

    Texts are phrased as requirements ("… 사용 불가") so the same string works
    as a live checklist item and as an error message next to the field.
    """
    pw = pw or ""
    p = policy
    results = [
        RuleResult("length", f"{p.min_length}~{p.max_length}자리", p.min_length <= len(pw) <= p.max_length),
        RuleResult("classes", f"영문/숫자/특수문자 중 {p.min_classes}가지 이상 조합", _classes(pw) >= p.min_classes),
    ]
    uid = (user_id or "").strip().lower()
    if uid:
        # ASVS 2.1.7 / NIST 800-63B 5.1.1.2: refuse context-specific words such as the user name.
        results.append(RuleResult("no_user_id", "아이디 포함 불가", uid not in pw.lower()))
    results += [
        RuleResult(
            "no_repeat",
            f"같은 문자 {p.max_run}번 이상 연속 사용 불가 (예: 1111, aaaa)",
            not _has_run(pw, p.max_run),
        ),
        RuleResult(
            "no_sequence",
            f"연속된 문자 {p.max_sequence}자리 이상 사용 불가 (예: 1234, abcd, qwer)",
            not _has_sequence(pw, p.max_sequence),
        ),
        # An empty field is "not common" — the length rule already fails it.
        RuleResult("not_common", "흔히 쓰이는 비밀번호 사용 불가", pw.lower() not in common_passwords()),
    ]
    return results


def password_errors(
    pw: str | None, user_id: str = "", policy: PasswordPolicy = PasswordPolicy()
) -> list[str]:
    """Texts of the failing rules (empty list = password acceptable)."""
    return [r.text for r in check_password(pw, user_id, policy) if not r.ok]
