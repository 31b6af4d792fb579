"""KSCO-7 occupation table (the bundled esop/data/ksco7.csv, as parsed for loading): shape, hierarchy
and a few official entries."""

from collections import Counter
from pathlib import Path

import pytest

from esop.rules import ksco as rules

KSCO7 = Path(__file__).resolve().parents[2] / "esop" / "data" / "ksco7.csv"
ksco = rules.parse_table(KSCO7.read_text(encoding="utf-8"), "7")


def _all():
    out = []
    stack = ksco.majors()
    while stack:
        occ = stack.pop()
        out.append(occ)
        stack.extend(ksco.children(occ.code))
    return out


def test_counts_per_level():
    # Statistics Korea notice 2017-191: 10 major, 52 sub-major, 156 minor groups.
    assert Counter(o.level for o in _all()) == {1: 10, 2: 52, 3: 156}


def test_codes_are_unique():
    codes = [o.code for o in _all()]
    assert len(codes) == len(set(codes))


def test_every_parent_exists_one_level_up():
    for occ in _all():
        if occ.level == 1:
            assert occ.parent is None
            continue
        parent = ksco.get(occ.parent)
        assert parent is not None, occ
        assert parent.level == occ.level - 1, occ


def test_child_codes_extend_parent_code():
    for occ in _all():
        for child in ksco.children(occ.code):
            assert child.code.startswith(occ.code)
            assert len(child.code) == len(occ.code) + 1


def test_majors():
    assert [o.code for o in ksco.majors()] == list("123456789A")


@pytest.mark.parametrize(
    ("code", "name", "level"),
    [
        ("1", "관리자", 1),
        ("3", "사무 종사자", 1),
        ("8", "장치·기계 조작 및 조립 종사자", 1),
        ("A", "군인", 1),
        ("11", "공공 기관 및 기업 고위직", 2),
        ("42", "돌봄·보건 및 개인 생활 서비스직", 2),
        ("A0", "군인", 2),
        ("111", "의회 의원·고위 공무원 및 공공단체 임원", 3),
        ("223", "데이터 및 네트워크 관련 전문가", 3),
        ("320", "금융 사무 종사자", 3),
        ("A01", "장교", 3),
    ],
)
def test_known_entries(code, name, level):
    occ = ksco.get(code)
    assert occ is not None
    assert (occ.name, occ.level) == (name, level)


def test_children_of_major_are_sub_majors():
    kids = ksco.children("1")
    assert [o.code for o in kids] == ["11", "12", "13", "14", "15"]
    assert all(o.level == 2 for o in kids)


def test_children_of_leaf_or_unknown_is_empty():
    assert ksco.children("111") == []
    assert ksco.children("zz") == []
    assert ksco.children("") == []


def test_unknown_code():
    assert ksco.get("zz") is None
    assert ksco.get("") is None
    assert ksco.path("zz") == []
    assert not ksco.is_minor("zz")


def test_path_of_minor():
    p = ksco.path("111")
    assert [o.code for o in p] == ["1", "11", "111"]
    assert [o.level for o in p] == [1, 2, 3]


def test_is_minor():
    assert ksco.is_minor("111")
    assert ksco.is_minor("A09")
    assert not ksco.is_minor("11")
    assert not ksco.is_minor("1")


def test_occupation_is_frozen():
    occ = ksco.get("1")
    with pytest.raises(AttributeError):
        occ.name = "x"
