"""A made-up 한국표준직업분류 revision "9" for tests of loading and naming revisions (never shipped:
esop only ships official tables, PROVENANCE.md)."""
from __future__ import annotations

from esop.rules import ksco

TEST_TABLE = """code,name,level,parent
1,시험 대분류 하나,1,
11,시험 중분류 하나,2,1
111,시험 소분류 가,3,11
112,시험 소분류 나,3,11
2,시험 대분류 둘,1,
21,시험 중분류 둘,2,2
211,시험 소분류 다,3,21
"""


def know_revision9(monkeypatch) -> str:
    """Revision "9" known for this test, with the counts of TEST_TABLE (2 major, 2 sub-major, 3 minor)."""
    monkeypatch.setitem(ksco.REVISIONS, "9", ksco.Revision("9", "시험용 (tests only)", (2, 2, 3)))
    return "9"
