"""What a member typed into 우편번호 검색, taken apart: region, name, building or lot number, postcode.

Pure functions (no Flask, no database): the known 시도/시군구 names are passed in.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TEXT = 80          # longer input is refused with a message, never searched
MIN_NAME = 2           # "종로" is a real road; one syllable matches half the country

_POSTCODE = re.compile(r"[0-9]{5}")
# A trailing number: 지하 (underground building), 산 (mountain lot), 10, 10-1, 34-9번지.
_NUMBER = re.compile(r"(지하)?(산)?([0-9]{1,5})(?:-([0-9]{1,5}))?(?:번지|번)?")
# "국제금융로8길10" or "여의도동34-9" typed without a space: split after the name's last syllable.
_GLUED = re.compile(r"(.+[로길동리가])((?:지하|산)?[0-9]{1,5}(?:-[0-9]{1,5})?(?:번지|번)?)")
_KEEP = re.compile(r"[^0-9a-z가-힣]")

# Two-letter abbreviations members type for provinces (the rest are prefixes: 서울 → 서울특별시).
_SIDO_SHORT = {
    "충북": ("충청북도",), "충남": ("충청남도",), "전북": ("전북특별자치도", "전라북도"),
    "전남": ("전라남도",), "경북": ("경상북도",), "경남": ("경상남도",),
}


def search_key(text: str) -> str:
    """The comparable form of a name: NFKC, lower case, only Hangul syllables, Latin letters and digits.

    Both the index and the query use it, so spaces and punctuation never decide a match
    ("국제금융로 8길" finds 국제금융로8길) and no FTS or SQL operator survives into a query.
    """
    return _KEEP.sub("", unicodedata.normalize("NFKC", text).lower())


@dataclass(frozen=True)
class ParsedText:
    sido: str | None = None
    sigungu: str | None = None
    postcode: str | None = None
    name_key: str = ""
    main: int | None = None        # building number (road) or lot main number (지번)
    sub: int | None = None
    mountain: bool = False         # 산 lot
    underground: bool = False      # 지하 building
    message: str | None = None     # why nothing is searched, in Korean, for the member


def _resolve_sido(token: str, sidos: list[str]) -> str | None:
    if token in sidos:
        return token
    for full in _SIDO_SHORT.get(token, ()):
        if full in sidos:
            return full
    if len(token) >= 2:
        # "서울", "서울시", "경기" → the one 시도 starting with it (ambiguous prefixes resolve to none)
        stem = token[:-1] if token.endswith("시") and len(token) > 2 else token
        found = [s for s in sidos if s.startswith(stem)]
        if len(found) == 1:
            return found[0]
    return None


def _strip_region(tokens: list[str], sidos: list[str], sigungus: dict[str, list[str]]):
    sido = sigungu = None
    every_sigungu = {n for ns in sigungus.values() for n in ns}
    if tokens and tokens[0] not in every_sigungu:  # "제주시" is a 시군구, not 제주특별자치도
        sido = _resolve_sido(tokens[0], sidos)
        if sido:
            tokens = tokens[1:]
    names = sigungus.get(sido, []) if sido else every_sigungu
    for width in (2, 1):  # "수원시 팔달구" is one 시군구 of two words
        if len(tokens) > width and " ".join(tokens[:width]) in names:
            sigungu = " ".join(tokens[:width])
            tokens = tokens[width:]
            break
    if sigungu and not sido:
        owners = [s for s, ns in sigungus.items() if sigungu in ns]
        sido = owners[0] if len(owners) == 1 else None  # 중구 exists in six cities: keep unfiltered
    return sido, sigungu, tokens


def parse_text(text: str, sidos: list[str] = (), sigungus: dict[str, list[str]] | None = None) -> ParsedText:
    """Split road-mode input: "서울 영등포구 국제금융로8길 10", "여의도동 34-9", "07330"."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return ParsedText(message="검색어를 입력해 주십시오.")
    if len(text) > MAX_TEXT:
        return ParsedText(message=f"검색어는 {MAX_TEXT}자 이내로 입력해 주십시오.")
    if _POSTCODE.fullmatch(text):
        return ParsedText(postcode=text)
    tokens = [t for t in re.split(r"[\s,()]+", text) if t]
    if len(tokens) == 1 and _NUMBER.fullmatch(tokens[0]):
        return ParsedText(message="도로명이나 건물명을 함께 입력해 주십시오.")
    if tokens:
        glued = _GLUED.fullmatch(tokens[-1])
        if glued:
            tokens[-1:] = [glued.group(1), glued.group(2)]
    sido, sigungu, tokens = _strip_region(list(tokens), list(sidos), sigungus or {})
    main = sub = None
    mountain = underground = False
    if len(tokens) >= 2 and tokens[-2] in ("지하", "산") and _NUMBER.fullmatch(tokens[-1]):
        tokens[-2:] = [tokens[-2] + tokens[-1]]
    if len(tokens) >= 2:
        number = _NUMBER.fullmatch(tokens[-1])
        if number:
            underground, mountain = bool(number.group(1)), bool(number.group(2))
            main = int(number.group(3))
            sub = int(number.group(4)) if number.group(4) else None
            tokens = tokens[:-1]
    key = search_key("".join(tokens))
    if not key:
        return ParsedText(sido=sido, sigungu=sigungu, message="도로명, 건물명 또는 지번을 한글로 입력해 주십시오.")
    if len(key) < MIN_NAME:
        return ParsedText(sido=sido, sigungu=sigungu, message="검색어를 두 글자 이상 입력해 주십시오.")
    return ParsedText(sido=sido, sigungu=sigungu, name_key=key, main=main, sub=sub,
                      mountain=mountain, underground=underground)


def parse_building(text: str) -> ParsedText:
    """Building-mode input is a name only (한국증권금융, 래미안); the region comes from the selects."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return ParsedText(message="건물명(아파트명)을 입력해 주십시오.")
    if len(text) > MAX_TEXT:
        return ParsedText(message=f"건물명은 {MAX_TEXT}자 이내로 입력해 주십시오.")
    key = search_key(text)
    if len(key) < MIN_NAME:
        return ParsedText(message="건물명을 두 글자 이상 입력해 주십시오.")
    return ParsedText(name_key=key)
