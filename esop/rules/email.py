"""E-mail address check: simple, strict enough for a bank sign-up form, without DNS look-ups."""

from __future__ import annotations

import re

MSG_EMPTY = "이메일 주소를 입력해 주십시오."
MSG_INVALID = "이메일 주소 형식이 올바르지 않습니다. (예: hong@example.com)"
MSG_TOO_LONG = "이메일 주소가 너무 깁니다. 254자 이하로 입력해 주십시오."

MAX_LENGTH = 254  # RFC 5321 4.5.3.1.3 path limit minus the angle brackets (RFC 3696 errata 1690)

# RFC 5322 "dot-atom" local part (no quoted strings: mail servers and
# members alike rarely handle them) and an LDH host name with a dot
# (RFC 1035 / 5890: labels of letters, digits, hyphens; TLD not all digits).
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z")


def normalize_email(s: str | None) -> str:
    """Trim surrounding whitespace and lowercase the domain (domains are case-insensitive, RFC 4343).

    The local part keeps its case: RFC 5321 2.4 leaves it to the receiving server.
    """
    s = (s or "").strip()
    local, at, domain = s.rpartition("@")
    return f"{local}@{domain.lower()}" if at else s


def check_email(s: str | None) -> str | None:
    """Korean message for the e-mail field, or None when the address looks deliverable."""
    s = (s or "").strip()  # a trailing space from copy/paste is not the member's mistake
    if not s:
        return MSG_EMPTY
    if len(s) > MAX_LENGTH:
        return MSG_TOO_LONG
    if s.count("@") != 1 or any(c.isspace() for c in s) or not s.isascii():
        # Internationalised addresses (RFC 6531) are refused: our mail
        # relay and the bank's core system only take ASCII.
        return MSG_INVALID
    local, domain = s.split("@")
    if not local or len(local) > 64 or not _LOCAL.match(local):  # RFC 5321 4.5.3.1.1
        return MSG_INVALID
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return MSG_INVALID
    if labels[-1].isdigit():  # no TLD is all digits: this is an IP address ("user@1.2.3.4") or a typo
        return MSG_INVALID
    return None
