"""Korean Standard Classification of Occupations (KSCO, 한국표준직업분류): the revisions esop knows,
a revision's major, sub-major and minor groups as a tree, and the check of an official table before
it is loaded (`flask esop import-jobs`). Pure: the tree comes from text, storage is elsewhere."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

COLUMNS = ("code", "name", "level", "parent")
# Official codes: digits, or A for the armed forces (A, A0, A01); one character per level.
_CODE = re.compile(r"[1-9A][0-9]{0,2}")


@dataclass(frozen=True)
class Revision:
    number: str
    notice: str           # the 통계청 고시 that published it
    counts: tuple[int, int, int]  # 대분류, 중분류, 소분류 as published

    @property
    def label(self) -> str:
        return f"한국표준직업분류 제{self.number}차"


# The revisions a file may be loaded as; their group counts are Statistics Korea's own (PROVENANCE.md).
REVISIONS = {
    "7": Revision("7", "통계청 고시 제2017-191호", (10, 52, 156)),
    "8": Revision("8", "통계청 고시 제2024-328호", (10, 57, 167)),
}


@dataclass(frozen=True)
class Occupation:
    code: str
    name: str
    level: int
    parent: str | None


class TableError(ValueError):
    """A table that is not a KSCO revision; the message names the line and the problem."""


class Tree:
    """One revision's groups: majors, children, lookups by code."""

    def __init__(self, revision: str, rows: list[Occupation]):
        self.revision = revision
        self.rows = tuple(rows)
        self._by_code = {o.code: o for o in rows}
        kids: dict[str, list[Occupation]] = {}
        for occ in rows:
            kids.setdefault(occ.parent or "", []).append(occ)
        self._kids = {k: tuple(v) for k, v in kids.items()}

    @property
    def label(self) -> str:
        return label(self.revision)

    def majors(self) -> list[Occupation]:
        return list(self._kids.get("", ()))

    def children(self, code: str) -> list[Occupation]:
        # The "" key holds the majors; it must not be reachable as a code.
        return list(self._kids.get(code, ())) if code else []

    def get(self, code: str) -> Occupation | None:
        return self._by_code.get(code)

    def path(self, code: str) -> list[Occupation]:
        out: list[Occupation] = []
        occ = self._by_code.get(code)
        while occ is not None:
            out.append(occ)
            occ = self._by_code.get(occ.parent)  # a major's parent is None, which is no code
        return out[::-1]

    def is_minor(self, code: str) -> bool:
        occ = self.get(code)
        return occ is not None and occ.level == 3


def label(revision: str) -> str:
    known = REVISIONS.get(revision)
    return known.label if known else f"한국표준직업분류 {revision}"


def parse_table(text: str, revision: str) -> Tree:
    """The CSV `code,name,level,parent` (the shape of esop/data/ksco7.csv: one row per group, parent one
    level up), checked whole: TableError on the first line that breaks the hierarchy, a repeated code,
    or counts other than the revision's published ones."""
    known = REVISIONS.get(revision)
    if known is None:
        raise TableError(f"알 수 없는 개정 차수 {revision!r}: {', '.join(sorted(REVISIONS))} 중 하나여야 합니다.")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise TableError(f"line 1: the header must be {','.join(COLUMNS)}, not {','.join(header or [])!r}")
    seen: dict[str, Occupation] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        occ = _row(number, cells, seen)
        seen[occ.code] = occ
    counts = Counter(o.level for o in seen.values())
    found = tuple(counts.get(level, 0) for level in (1, 2, 3))
    if found != known.counts:
        raise TableError(f"{known.label} has {'/'.join(map(str, known.counts))} major/sub-major/minor groups "
                         f"({known.notice}); this file has {'/'.join(map(str, found))}")
    return Tree(revision, list(seen.values()))


def _row(number: int, cells: list[str], seen: dict[str, Occupation]) -> Occupation:
    if len(cells) != len(COLUMNS):
        raise TableError(f"line {number}: {len(cells)} columns, expected {len(COLUMNS)} ({','.join(COLUMNS)})")
    code, name, level_text, parent = (c.strip() for c in cells)
    if not _CODE.fullmatch(code):
        raise TableError(f"line {number}: code {code!r} is not a KSCO code (1-3 characters, digits or A)")
    if code in seen:
        raise TableError(f"line {number}: code {code} appears twice")
    if not name:
        raise TableError(f"line {number}: code {code} has no name")
    if level_text not in ("1", "2", "3") or int(level_text) != len(code):
        raise TableError(f"line {number}: code {code} must be level {len(code)}, not {level_text!r}")
    level = int(level_text)
    if level == 1:
        if parent:
            raise TableError(f"line {number}: major group {code} cannot have a parent ({parent})")
        return Occupation(code, name, 1, None)
    if parent != code[:-1]:
        raise TableError(f"line {number}: code {code} must have parent {code[:-1]}, not {parent!r}")
    if parent not in seen:
        raise TableError(f"line {number}: parent {parent} of {code} is not listed above it")
    return Occupation(code, name, level, parent)
