"""Official road-name address file layout (rnaddrkor_*.txt) and the shipped sample."""

import io
from pathlib import Path

import pytest

from esop.address.files import (
    COLUMN_COUNT,
    COLUMNS,
    AddressFileError,
    AddressRecord,
    format_line,
    parse_line,
    read_records,
)

SAMPLE = Path(__file__).resolve().parents[2] / "esop" / "data" / "addresses-sample.txt"

# A real line of rnaddrkor_seoul.txt (서울 종로구 자하문로 94) as quoted in a public
# loader script; used to pin the column positions to the published files.
OFFICIAL_ROW = (
    "11110101310001200009400000|1111010100|서울특별시|종로구|청운동||0|144|3|"
    "111103100012|자하문로|0|94|0|1111051500|청운효자동|03047||20110729|0||||"
)


def _sample_records():
    return list(read_records(SAMPLE))


def _ksfc(records):
    (row,) = [r for r in records if r.building_name == "한국증권금융"]
    return row


def _record(**overrides):
    values = dict(
        mgmt_no="41670250900000100000300000",
        sido="경기도",
        sigungu="여주시",
        eupmyeondong="금사면",
        ri="금사리",
        is_mountain=False,
        jibun_main=30,
        jibun_sub=0,
        road_code="416709000001",
        road_name="금사로",
        is_underground=False,
        bldg_main=3,
        bldg_sub=0,
        postcode="12345",
    )
    values.update(overrides)
    return AddressRecord(**values)


# --- layout -----------------------------------------------------------------


def test_layout_has_24_columns_in_official_order():
    assert COLUMN_COUNT == 24
    assert COLUMNS[0] == "mgmt_no"            # 도로명주소관리번호
    assert COLUMNS[16] == "postcode"          # 기초구역번호
    assert COLUMNS[21] == "registry_building_name"  # 건축물대장건물명
    assert COLUMNS[22] == "sigungu_building_name"   # 시군구용건물명
    assert COLUMNS[23] == "note"              # 비고
    assert len(set(COLUMNS)) == 24


def test_parses_a_row_shaped_like_the_published_files():
    r = parse_line(OFFICIAL_ROW)
    assert r.road_address == "서울특별시 종로구 자하문로 94"
    assert r.jibun_address == "서울특별시 종로구 청운동 144-3"
    assert r.postcode == "03047"
    assert r.legal_dong_code == "1111010100"
    assert r.adm_dong_name == "청운효자동"
    assert r.effective_date == "20110729"
    assert r.building_name == ""
    assert r.apartment is False
    assert format_line(r) == OFFICIAL_ROW


# --- the shipped sample -------------------------------------------------------


def test_sample_parses_and_every_postcode_is_five_digits():
    records = _sample_records()
    assert len(records) >= 14
    for r in records:
        assert len(r.postcode) == 5 and r.postcode.isdigit(), r
        assert len(r.mgmt_no) == 26 and r.mgmt_no.isdigit(), r
        assert len(r.road_code) == 12 and r.road_code.startswith(r.legal_dong_code[:5]), r
        assert r.building_name


def test_sample_ksfc_head_office():
    r = _ksfc(_sample_records())
    assert r.road_address == "서울특별시 영등포구 국제금융로8길 10"
    assert r.jibun_address == "서울특별시 영등포구 여의도동 34-9"
    assert r.postcode == "07330"


def test_sample_supports_the_manual_example_searches():
    records = _sample_records()
    assert len([r for r in records if "국제금융로8길" in r.road_address]) >= 2
    assert [r.building_name for r in records if "국제금융로8길 10" in r.road_address] == ["한국증권금융"]
    assert any(r.sido == "서울특별시" and "한국증권금융" in r.building_name for r in records)


def test_sample_mgmt_numbers_are_unique():
    records = _sample_records()
    assert len({r.mgmt_no for r in records}) == len(records)


def test_sample_round_trips_line_for_line():
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert [format_line(r) for r in _sample_records()] == lines


# --- encodings and stream types -------------------------------------------------


def test_cp949_bytes_parse_the_same():
    text = SAMPLE.read_text(encoding="utf-8")
    assert list(read_records(io.BytesIO(text.encode("cp949")))) == _sample_records()


def test_utf8_bom_crlf_and_text_streams_parse_the_same():
    text = SAMPLE.read_text(encoding="utf-8")
    expected = _sample_records()
    bom_crlf = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    assert list(read_records(io.BytesIO(bom_crlf))) == expected
    assert list(read_records(io.StringIO(text))) == expected
    assert list(read_records(io.BytesIO(text.encode("cp949")), encoding="cp949")) == expected


def test_ascii_header_lines_do_not_fool_detection():
    # The first non-ASCII line decides, not the first line.
    data = ("\n\n" + OFFICIAL_ROW + "\n").encode("cp949")
    (r,) = read_records(io.BytesIO(data))
    assert r.sido == "서울특별시"


def test_reads_in_blocks_larger_than_one_buffer(tmp_path):
    path = tmp_path / "rnaddrkor_seoul.txt"
    path.write_bytes(((OFFICIAL_ROW + "\n") * 2000).encode("cp949"))  # > 64 KiB
    assert sum(1 for _ in read_records(path)) == 2000


# --- malformed lines -----------------------------------------------------------


def test_wrong_column_count_raises_with_line_number():
    data = OFFICIAL_ROW + "\n\n" + OFFICIAL_ROW.rsplit("|", 1)[0] + "\n"
    with pytest.raises(AddressFileError) as info:
        list(read_records(io.StringIO(data)))
    assert info.value.line_no == 3
    assert "23" in info.value.message


def test_non_numeric_building_number_raises():
    fields = OFFICIAL_ROW.split("|")
    fields[12] = "9x"
    with pytest.raises(AddressFileError) as info:
        parse_line("|".join(fields), 7)
    assert info.value.line_no == 7
    assert "bldg_main" in info.value.message


def test_bad_postcode_raises():
    fields = OFFICIAL_ROW.split("|")
    fields[16] = "110-034"  # the pre-2015 six-digit postcode
    with pytest.raises(AddressFileError):
        parse_line("|".join(fields))


def test_records_before_a_bad_line_are_still_yielded():
    data = OFFICIAL_ROW + "\n" + "garbage\n"
    it = read_records(io.StringIO(data))
    assert next(it).road_name == "자하문로"
    with pytest.raises(AddressFileError) as info:
        next(it)
    assert info.value.line_no == 2


def test_on_error_lets_the_caller_skip_bad_lines():
    bad_bytes = "서울특별시".encode("cp949")
    data = (OFFICIAL_ROW + "\n").encode("utf-8") + b"x|" + bad_bytes + b"\n" + b"short|line\n"
    data += (OFFICIAL_ROW + "\n").encode("utf-8")
    errors = []
    records = list(read_records(io.BytesIO(data), on_error=errors.append))
    assert len(records) == 2
    assert [e.line_no for e in errors] == [2, 3]


# --- formatting ----------------------------------------------------------------


def test_jibun_with_ri_and_mountain_lot():
    r = _record(is_mountain=True, jibun_main=30, jibun_sub=2)
    assert r.jibun_address == "경기도 여주시 금사면 금사리 산30-2"


def test_road_address_keeps_eup_myeon_and_marks_underground():
    assert _record().road_address == "경기도 여주시 금사면 금사로 3"
    under = _record(eupmyeondong="서교동", ri="", is_underground=True, bldg_main=188, bldg_sub=1)
    assert under.road_address == "경기도 여주시 금사로 지하 188-1"
    sejong = _record(sido="세종특별자치시", sigungu="", eupmyeondong="보람동", ri="")
    assert sejong.road_address == "세종특별자치시 금사로 3"


def test_building_name_prefers_sigungu_name():
    both = _record(registry_building_name="대장명", sigungu_building_name="시군구명")
    assert both.building_name == "시군구명"
    registry_only = _record(registry_building_name="대장명")
    assert registry_only.building_name == "대장명"
    given = _record(building_name="한국증권금융")
    assert given.sigungu_building_name == "한국증권금융"
    with pytest.raises(ValueError):
        _record(building_name="다른이름", registry_building_name="대장명")


@pytest.mark.parametrize(
    "record",
    [
        _record(),
        _record(is_mountain=True, jibun_sub=7, apartment=True, building_name="래미안"),
        _record(is_underground=True, bldg_sub=12, effective_date="20240101", note="비고"),
        _record(underground_code="2"),  # 공중
    ],
)
def test_format_line_round_trips(record):
    line = format_line(record)
    assert line.count("|") == COLUMN_COUNT - 1
    assert parse_line(line) == record


def test_format_line_refuses_values_that_would_break_the_layout():
    with pytest.raises(ValueError):
        _record(road_name="금사|로")
    with pytest.raises(ValueError):
        _record(postcode="1234")
