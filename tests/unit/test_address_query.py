"""우편번호 검색 input parsing (rules/address_query.py) and the synthetic national file generator."""
from __future__ import annotations

import io
import itertools

import pytest

from esop.address.synth import SIDOS, generate, write_file
from esop.address.files import format_line, parse_line, read_records
from esop.rules.address_query import parse_building, parse_text, search_key

SIDO_NAMES = ["서울특별시", "부산광역시", "경기도", "제주특별자치도", "충청북도", "세종특별자치시"]
SIGUNGUS = {"서울특별시": ["영등포구", "중구", "종로구"], "부산광역시": ["중구", "연제구"],
            "경기도": ["수원시 팔달구"], "제주특별자치도": ["제주시"]}


def parse(text):
    return parse_text(text, SIDO_NAMES, SIGUNGUS)


def test_search_key_keeps_only_hangul_latin_and_digits():
    assert search_key("국제금융로 8길") == "국제금융로8길"
    assert search_key('"한국*증권" OR NEAR(금융)') == "한국증권ornear금융"
    assert search_key("ＳＫ뷰 (1단지)") == "sk뷰1단지"
    assert search_key("'; DROP TABLE address; --") == "droptableaddress"


@pytest.mark.parametrize("text, name, main, sub", [
    ("국제금융로8길", "국제금융로8길", None, None),
    ("국제금융로8길 10", "국제금융로8길", 10, None),
    ("국제금융로 8길 10", "국제금융로8길", 10, None),
    ("국제금융로8길10", "국제금융로8길", 10, None),
    ("세종대로 110-3", "세종대로", 110, 3),
    ("여의도동 34-9", "여의도동", 34, 9),
    ("여의도동 34-9번지", "여의도동", 34, 9),
    ("종로1가 10", "종로1가", 10, None),
    ("한국증권금융", "한국증권금융", None, None),
])
def test_road_mode_splits_name_and_number(text, name, main, sub):
    p = parse(text)
    assert (p.name_key, p.main, p.sub, p.message) == (name, main, sub, None)


def test_mountain_and_underground_numbers():
    assert parse("금사리 산30").mountain and parse("금사리 산 30").main == 30
    p = parse("세종대로 지하 110")
    assert p.underground and p.main == 110 and p.name_key == "세종대로"


def test_postcode_alone_is_a_postcode_search():
    assert parse("07330").postcode == "07330"
    assert parse(" 07330 ").postcode == "07330"
    assert parse("0733").postcode is None


def test_leading_region_words_become_filters():
    p = parse("서울 영등포구 국제금융로8길 10")
    assert (p.sido, p.sigungu, p.name_key, p.main) == ("서울특별시", "영등포구", "국제금융로8길", 10)
    assert parse("서울특별시 국제금융로8길").sido == "서울특별시"
    assert parse("경기 수원시 팔달구 효원로 241").sigungu == "수원시 팔달구"
    assert parse("충북 청주로").sido == "충청북도"
    # 중구 is in two cities: kept as a 시군구 filter without guessing the 시도
    p = parse("중구 세종대로")
    assert (p.sido, p.sigungu) == (None, "중구")
    # 제주시 is a 시군구 of 제주특별자치도, not the 시도 itself
    p = parse("제주시 문연로 6")
    assert (p.sido, p.sigungu, p.name_key) == ("제주특별자치도", "제주시", "문연로")
    # a region alone stays a name (nothing else to search for)
    assert parse("영등포구").name_key == "영등포구"


@pytest.mark.parametrize("text, message", [
    ("", "검색어를 입력해 주십시오."),
    ("   ", "검색어를 입력해 주십시오."),
    ("가", "검색어를 두 글자 이상 입력해 주십시오."),
    ("10", "도로명이나 건물명을 함께 입력해 주십시오."),
    ("10-3", "도로명이나 건물명을 함께 입력해 주십시오."),
    ("***", "도로명, 건물명 또는 지번을 한글로 입력해 주십시오."),
    ("가" * 81, "검색어는 80자 이내로 입력해 주십시오."),
])
def test_bad_road_input_gets_a_message_not_a_search(text, message):
    assert parse(text).message == message


def test_building_mode_is_a_name_only():
    assert parse_building("한국 증권금융").name_key == "한국증권금융"
    assert parse_building("").message == "건물명(아파트명)을 입력해 주십시오."
    assert parse_building("'").message == "건물명을 두 글자 이상 입력해 주십시오."
    assert parse_building("국" * 200).message == "건물명은 80자 이내로 입력해 주십시오."


def test_generator_is_deterministic_and_in_the_official_layout(tmp_path):
    first = list(itertools.islice(generate(3000, seed=5), 200))
    again = list(itertools.islice(generate(3000, seed=5), 200))
    assert first == again
    for record in first:
        assert parse_line(format_line(record)) == record
        assert len(record.mgmt_no) == 26 and len(record.road_code) == 12 and len(record.postcode) == 5
    path = tmp_path / "synthetic.txt"
    rows = write_file(str(path), 3000, seed=5, encoding="cp949")
    records = list(read_records(str(path)))   # CP949 detected by the reader
    assert len(records) == rows and abs(rows - 3000) < 40


def test_generator_spreads_addresses_like_the_country():
    records = list(generate(20000, seed=9))
    sidos = {r.sido for r in records}
    assert sidos == {s[0] for s in SIDOS} and len(sidos) == 17
    by_sido = {s: sum(r.sido == s for r in records) for s in sidos}
    assert by_sido["경기도"] > by_sido["서울특별시"] > by_sido["제주특별자치도"] > by_sido["세종특별자치시"]
    assert {r.sigungu for r in records if r.sido == "세종특별자치시"} == {""}
    assert len({(r.sido, r.sigungu) for r in records}) > 200
    named = sum(bool(r.building_name) for r in records) / len(records)
    assert 0.2 < named < 0.35
    roads = {(r.sigungu, r.road_name) for r in records}
    assert 20 < len(records) / len(roads) < 80   # tens of buildings per road, as in the real files
    assert any(r.road_name.endswith("번길") for r in records) and any(r.ri for r in records)
    # mgmt_no is unique (the official primary key)
    assert len({r.mgmt_no for r in records}) == len(records)


def test_reader_accepts_generated_text_stream():
    text = "\n".join(format_line(r) for r in itertools.islice(generate(500, seed=1), 50))
    assert len(list(read_records(io.StringIO(text)))) == 50
