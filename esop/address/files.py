"""Reader/writer for the official road-name address full files (도로명주소 한글 전체분).

The road-name address service (도로명주소 안내시스템 / 주소정보누리집,
business.juso.go.kr, 주소정보 제공 > 도로명주소 한글 > 전체분) publishes one file per
province every month: ``rnaddrkor_seoul.txt``, ``rnaddrkor_busan.txt`` ... One
line is one road-name address (one building or building group), 24 columns
separated by ``|``, no header line, no quoting. Older releases are CP949, newer
ones UTF-8; both are read here (see :func:`read_records`).

The companion files ``jibun_rnaddrkor_*.txt`` (related lot numbers, 14 columns)
are a different layout and are not handled by this module.

Pure standard library, so that a bulk loader or a synthetic-data generator can
use it without pulling in Flask or a database.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator, Optional, Union

__all__ = [
    "COLUMNS",
    "COLUMN_COUNT",
    "AddressFileError",
    "AddressRecord",
    "format_line",
    "parse_line",
    "read_records",
]

# Official column order of the 도로명주소 한글 전체분 file (rnaddrkor_*.txt).
# The Korean names are the ones used in the published layout.
COLUMNS: tuple[str, ...] = (
    "mgmt_no",                 # 1  도로명주소관리번호 (26, PK)
    "legal_dong_code",         # 2  법정동코드 (10)
    "sido",                    # 3  시도명
    "sigungu",                 # 4  시군구명
    "eupmyeondong",            # 5  법정읍면동명
    "ri",                      # 6  법정리명
    "mountain_flag",           # 7  산여부 (0: 대지, 1: 산)
    "jibun_main",              # 8  지번본번(번지)
    "jibun_sub",               # 9  지번부번(호)
    "road_code",               # 10 도로명코드 (12 = 시군구코드 5 + 도로명번호 7)
    "road_name",               # 11 도로명
    "underground_flag",        # 12 지하여부 (0: 지상, 1: 지하, 2: 공중)
    "bldg_main",               # 13 건물본번
    "bldg_sub",                # 14 건물부번
    "adm_dong_code",           # 15 행정동코드 (참고용)
    "adm_dong_name",           # 16 행정동명 (참고용)
    "postcode",                # 17 기초구역번호(우편번호, 5 digits since 2015-08-01)
    "prev_road_address",       # 18 이전도로명주소
    "effective_date",          # 19 효력발생일 (YYYYMMDD)
    "apartment_flag",          # 20 공동주택구분 (0: 비공동주택, 1: 공동주택)
    "change_reason_code",      # 21 이동사유코드 (31: 신규, 34: 수정, 63: 폐지)
    "registry_building_name",  # 22 건축물대장건물명
    "sigungu_building_name",   # 23 시군구용건물명
    "note",                    # 24 비고
)
COLUMN_COUNT = len(COLUMNS)  # 24

_IDX = {name: i for i, name in enumerate(COLUMNS)}

# 지하여부 values seen in the official documentation. 3 (수상) appears in some
# third-party transcriptions of the layout; accept it rather than reject data.
_UNDERGROUND_CODES = frozenset({"0", "1", "2", "3"})
_POSTCODE_RE = re.compile(r"[0-9]{5}")
_DIGITS_RE = re.compile(r"[0-9]+")
_TEXT_FIELDS = (
    "mgmt_no", "sido", "sigungu", "eupmyeondong", "ri", "road_code", "road_name",
    "building_name", "legal_dong_code", "adm_dong_code", "adm_dong_name",
    "prev_road_address", "effective_date", "change_reason_code",
    "registry_building_name", "sigungu_building_name", "note", "underground_code",
)
_BLOCK = 1 << 16


class AddressFileError(ValueError):
    """A line of an address file could not be parsed.

    ``line_no`` is 1-based and counts every physical line, blank ones included,
    so it matches what an editor shows. By default :func:`read_records` raises
    it (which ends the iteration); pass ``on_error`` to log-and-skip instead.
    """

    def __init__(self, line_no: int, message: str):
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no
        self.message = message


@dataclass(frozen=True)
class AddressRecord:
    """One row of a rnaddrkor_*.txt file.

    The first sixteen fields are the ones the app uses. The remaining fields
    keep the other official columns so that :func:`format_line` can write a
    record back in the official layout without losing anything; a generator
    may leave them at their defaults.
    """

    mgmt_no: str
    sido: str
    sigungu: str
    eupmyeondong: str
    ri: str
    is_mountain: bool
    jibun_main: int
    jibun_sub: int
    road_code: str
    road_name: str
    is_underground: bool
    bldg_main: int
    bldg_sub: int
    postcode: str
    building_name: str = ""
    apartment: bool = False
    # --- remaining official columns (pass-through) ---
    legal_dong_code: str = ""
    adm_dong_code: str = ""
    adm_dong_name: str = ""
    prev_road_address: str = ""
    effective_date: str = ""
    change_reason_code: str = ""
    registry_building_name: str = ""   # 건축물대장건물명
    sigungu_building_name: str = ""    # 시군구용건물명
    note: str = ""
    underground_code: str = ""         # raw 지하여부; "" = derive from is_underground

    def __post_init__(self) -> None:
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"{name} must be str, got {type(value).__name__}")
            if "|" in value or "\n" in value or "\r" in value:
                raise ValueError(f"{name} must not contain '|' or line breaks: {value!r}")
        for name in ("jibun_main", "jibun_sub", "bldg_main", "bldg_sub"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        for name in ("is_mountain", "is_underground", "apartment"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be bool")
        if not _POSTCODE_RE.fullmatch(self.postcode):
            raise ValueError(f"postcode must be 5 digits, got {self.postcode!r}")

        # 지하여부: keep the raw code (2 = 공중 is neither above nor under ground).
        code = self.underground_code
        if code == "":
            object.__setattr__(self, "underground_code", "1" if self.is_underground else "0")
        elif code not in _UNDERGROUND_CODES:
            raise ValueError(f"underground_code must be one of 0/1/2/3, got {code!r}")
        elif self.is_underground != (code == "1"):
            raise ValueError(f"is_underground={self.is_underground} contradicts underground_code={code!r}")

        # Building name: 시군구용건물명 wins over 건축물대장건물명. A generator may give
        # only building_name; it is then written to the 시군구용건물명 column.
        if not self.registry_building_name and not self.sigungu_building_name and self.building_name:
            object.__setattr__(self, "sigungu_building_name", self.building_name)
        preferred = self.sigungu_building_name or self.registry_building_name
        if not self.building_name:
            object.__setattr__(self, "building_name", preferred)
        elif self.building_name != preferred:
            raise ValueError(
                f"building_name {self.building_name!r} differs from the name columns ({preferred!r})"
            )

    @property
    def road_address(self) -> str:
        """``서울특별시 영등포구 국제금융로8길 10`` (읍·면 are part of a road address, 동 is not)."""
        parts = [self.sido, self.sigungu]
        if self.eupmyeondong.endswith(("읍", "면")):
            parts.append(self.eupmyeondong)
        parts.append(self.road_name)
        number = str(self.bldg_main) + (f"-{self.bldg_sub}" if self.bldg_sub else "")
        if self.is_underground:
            parts.append("지하")
        parts.append(number)
        return " ".join(p for p in parts if p)

    @property
    def jibun_address(self) -> str:
        """``서울특별시 영등포구 여의도동 34-9`` (``… 금사리 산30`` for a mountain lot)."""
        number = ("산" if self.is_mountain else "") + str(self.jibun_main)
        if self.jibun_sub:
            number += f"-{self.jibun_sub}"
        parts = [self.sido, self.sigungu, self.eupmyeondong, self.ri, number]
        return " ".join(p for p in parts if p)


# ---------------------------------------------------------------------------
# parsing


def _int_field(fields: list[str], name: str, line_no: int, *, allow_empty: bool) -> int:
    raw = fields[_IDX[name]].strip()
    if raw == "" and allow_empty:
        return 0
    if not _DIGITS_RE.fullmatch(raw):
        raise AddressFileError(line_no, f"{name} (column {_IDX[name] + 1}) is not a number: {raw!r}")
    return int(raw)


def _flag(fields: list[str], name: str, allowed: Iterable[str], line_no: int) -> str:
    raw = fields[_IDX[name]].strip()
    if raw not in allowed:
        raise AddressFileError(line_no, f"{name} has unexpected value {raw!r}")
    return raw


def parse_line(line: str, line_no: int = 1) -> AddressRecord:
    """Parse one line (without its line break) of the official layout."""
    fields = line.split("|")
    if len(fields) != COLUMN_COUNT:
        raise AddressFileError(line_no, f"expected {COLUMN_COUNT} columns, got {len(fields)}")
    f = {name: fields[i] for i, name in enumerate(COLUMNS)}

    mountain = _flag(fields, "mountain_flag", ("0", "1"), line_no)
    underground = _flag(fields, "underground_flag", _UNDERGROUND_CODES, line_no)
    apartment = _flag(fields, "apartment_flag", ("0", "1", ""), line_no)
    postcode = f["postcode"].strip()
    if not _POSTCODE_RE.fullmatch(postcode):
        raise AddressFileError(line_no, f"postcode (기초구역번호) is not 5 digits: {postcode!r}")

    try:
        return AddressRecord(
            mgmt_no=f["mgmt_no"],
            sido=f["sido"],
            sigungu=f["sigungu"],
            eupmyeondong=f["eupmyeondong"],
            ri=f["ri"],
            is_mountain=mountain == "1",
            jibun_main=_int_field(fields, "jibun_main", line_no, allow_empty=False),
            jibun_sub=_int_field(fields, "jibun_sub", line_no, allow_empty=True),
            road_code=f["road_code"],
            road_name=f["road_name"],
            is_underground=underground == "1",
            bldg_main=_int_field(fields, "bldg_main", line_no, allow_empty=False),
            bldg_sub=_int_field(fields, "bldg_sub", line_no, allow_empty=True),
            postcode=postcode,
            building_name="",  # derived from the two name columns
            apartment=apartment == "1",
            legal_dong_code=f["legal_dong_code"],
            adm_dong_code=f["adm_dong_code"],
            adm_dong_name=f["adm_dong_name"],
            prev_road_address=f["prev_road_address"],
            effective_date=f["effective_date"],
            change_reason_code=f["change_reason_code"],
            registry_building_name=f["registry_building_name"],
            sigungu_building_name=f["sigungu_building_name"],
            note=f["note"],
            underground_code=underground,
        )
    except AddressFileError:
        raise
    except (TypeError, ValueError) as exc:  # e.g. a '|' can't occur here, but stay safe
        raise AddressFileError(line_no, str(exc)) from exc


def format_line(record: AddressRecord) -> str:
    """Write ``record`` in the official layout (no trailing line break).

    ``parse_line(format_line(r)) == r`` holds for every valid record.
    """
    values = {
        "mgmt_no": record.mgmt_no,
        "legal_dong_code": record.legal_dong_code,
        "sido": record.sido,
        "sigungu": record.sigungu,
        "eupmyeondong": record.eupmyeondong,
        "ri": record.ri,
        "mountain_flag": "1" if record.is_mountain else "0",
        "jibun_main": str(record.jibun_main),
        "jibun_sub": str(record.jibun_sub),
        "road_code": record.road_code,
        "road_name": record.road_name,
        "underground_flag": record.underground_code,
        "bldg_main": str(record.bldg_main),
        "bldg_sub": str(record.bldg_sub),
        "adm_dong_code": record.adm_dong_code,
        "adm_dong_name": record.adm_dong_name,
        "postcode": record.postcode,
        "prev_road_address": record.prev_road_address,
        "effective_date": record.effective_date,
        "apartment_flag": "1" if record.apartment else "0",
        "change_reason_code": record.change_reason_code,
        "registry_building_name": record.registry_building_name,
        "sigungu_building_name": record.sigungu_building_name,
        "note": record.note,
    }
    return "|".join(values[name] for name in COLUMNS)


# ---------------------------------------------------------------------------
# streaming reader


Source = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]


def _split_lines(fobj, newline):
    """Yield physical lines (without the line break) from a binary or text stream."""
    pending = newline[:0]
    while True:
        block = fobj.read(_BLOCK)
        if not block:
            break
        pending += block
        *complete, pending = pending.split(newline)
        yield from complete
    if pending:
        yield pending


def _iter_text_lines(
    fobj: IO, encoding: str | None
) -> Iterator[tuple[int, Union[str, AddressFileError]]]:
    """Yield ``(line_no, text)`` with the encoding detected on the first non-ASCII line.

    An undecodable line yields ``(line_no, AddressFileError)`` instead.
    """
    first = fobj.read(0)
    if isinstance(first, str):
        for line_no, line in enumerate(_split_lines(fobj, "\n"), start=1):
            if line_no == 1 and line.startswith("\ufeff"):
                line = line[1:]
            yield line_no, line.rstrip("\r")
        return

    chosen = codecs.lookup(encoding).name if encoding else None
    for line_no, raw in enumerate(_split_lines(fobj, b"\n"), start=1):
        if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
            if chosen is None:
                chosen = "utf-8"
        raw = raw.rstrip(b"\r")
        if chosen is None and not raw.isascii():
            # First line with non-ASCII bytes decides. Korean text in CP949 is
            # essentially never valid UTF-8 (its lead bytes sit in the UTF-8
            # continuation range), so a failed UTF-8 decode means CP949.
            try:
                raw.decode("utf-8")
                chosen = "utf-8"
            except UnicodeDecodeError:
                chosen = "cp949"
        try:
            text = raw.decode(chosen or "ascii")
        except UnicodeDecodeError as exc:
            # Yielded, not raised: a generator that raises cannot be resumed.
            yield line_no, AddressFileError(line_no, f"not valid {chosen or 'ascii'}: {exc.reason}")
            continue
        yield line_no, text


def read_records(
    source: Source,
    encoding: str | None = None,
    *,
    on_error: Optional[Callable[[AddressFileError], None]] = None,
) -> Iterator[AddressRecord]:
    """Stream :class:`AddressRecord` objects from a rnaddrkor_*.txt file.

    ``source`` is a path, a binary file object or a text file object. With
    ``encoding=None`` the encoding of a binary source is detected: a UTF-8 BOM
    or a first non-ASCII line that decodes as UTF-8 means UTF-8, otherwise
    CP949. Lines are read lazily, so a 1 GB file costs one block of memory.

    Blank lines are skipped. A malformed line (wrong column count, a
    non-numeric number, a bad flag or postcode, undecodable bytes) raises
    :class:`AddressFileError` carrying its line number when the iterator
    reaches it; records before it have already been yielded. If ``on_error``
    is given it is called with the error instead and the line is skipped; it
    may re-raise to stop.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fobj:
            yield from read_records(fobj, encoding, on_error=on_error)
        return
    for line_no, line in _iter_text_lines(source, encoding):
        try:
            if isinstance(line, AddressFileError):
                raise line
            if not line.strip():
                continue
            record = parse_line(line, line_no)
        except AddressFileError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        yield record
