"""What a verifier answers: passed or not, a Korean message for the member, the field it is about."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Outcome:
    ok: bool
    message: str = ""
    field: str = ""
    locked: bool = False

    @classmethod
    def passed(cls, message: str = "") -> "Outcome":
        return cls(True, message)

    @classmethod
    def error(cls, field: str, message: str, locked: bool = False) -> "Outcome":
        return cls(False, message, field, locked)


def failure_message(what: str, failures: int, max_failures: int, locked_text: str) -> str:
    if failures >= max_failures:
        return locked_text
    return (f"{what}가 일치하지 않습니다. {failures}회 오류, "
            f"{max_failures - failures}회 더 틀리면 사용이 제한됩니다.")
