"""Korean Standard Classification of Occupations, 7th revision (KSCO-7):
major, sub-major and minor groups read from ``esop/data/ksco7.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_CSV = Path(__file__).resolve().parent.parent / "data" / "ksco7.csv"


@dataclass(frozen=True)
class Occupation:
    code: str
    name: str
    level: int
    parent: str | None


@cache
def _table() -> tuple[dict[str, Occupation], dict[str, tuple[Occupation, ...]]]:
    by_code: dict[str, Occupation] = {}
    kids: dict[str, list[Occupation]] = {}
    with _CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            occ = Occupation(
                code=row["code"],
                name=row["name"],
                level=int(row["level"]),
                parent=row["parent"] or None,
            )
            by_code[occ.code] = occ
            kids.setdefault(occ.parent or "", []).append(occ)
    return by_code, {k: tuple(v) for k, v in kids.items()}


def majors() -> list[Occupation]:
    return list(_table()[1][""])


def children(code: str) -> list[Occupation]:
    # The "" key holds the majors; it must not be reachable as a code.
    if not code:
        return []
    return list(_table()[1].get(code, ()))


def get(code: str) -> Occupation | None:
    return _table()[0].get(code)


def path(code: str) -> list[Occupation]:
    by_code = _table()[0]
    out: list[Occupation] = []
    occ = by_code.get(code)
    while occ is not None:
        out.append(occ)
        occ = by_code.get(occ.parent)  # a major's parent is None, which is no code
    return out[::-1]


def is_minor(code: str) -> bool:
    occ = get(code)
    return occ is not None and occ.level == 3
