"""A synthetic, national-size road-name address file in the official layout (for tests and benchmarks).

Shapes follow the real 도로명주소 한글 전체분: 17 시도 weighted roughly by their number of
addresses, 250-odd 시군구 (Seoul's real 25 구, made-up names elsewhere), 읍면동 with 리 in 읍·면,
main roads (…로, …대로) with numbered side roads (…번길, …길), odd/even building numbers, lot
numbers, postcodes in each 시도's real leading-digit range, and about a quarter of the addresses
named (apartment complexes, villas, offices, schools, public offices). Deterministic for a seed.
Every name is invented: nothing here is a real address except the 시도 and Seoul's 구 names.
"""
from __future__ import annotations

import argparse
import random
import sys
from typing import Iterator

from .files import AddressRecord, format_line

# 시도: (name, share of addresses in ‰, number of 시군구, first two digits of its postcodes, 시군구 code prefix)
SIDOS = (
    ("서울특별시", 85, 25, (1, 8), 11), ("부산광역시", 50, 16, (46, 49), 26), ("대구광역시", 35, 9, (41, 43), 27),
    ("인천광역시", 33, 10, (21, 23), 28), ("광주광역시", 20, 5, (61, 62), 29), ("대전광역시", 17, 5, (34, 35), 30),
    ("울산광역시", 16, 5, (44, 45), 31), ("세종특별자치시", 6, 1, (30, 30), 36), ("경기도", 165, 42, (10, 18), 41),
    ("강원특별자치도", 56, 18, (24, 26), 51), ("충청북도", 53, 14, (27, 29), 43), ("충청남도", 73, 15, (31, 33), 44),
    ("전북특별자치도", 67, 14, (54, 56), 52), ("전라남도", 90, 22, (57, 59), 46), ("경상북도", 112, 23, (36, 40), 47),
    ("경상남도", 101, 22, (50, 53), 48), ("제주특별자치도", 22, 2, (63, 63), 50),
)
SEOUL_GU = ("종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구",
            "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구",
            "관악구", "서초구", "강남구", "송파구", "강동구")
_SYL = ("가", "강", "경", "고", "광", "금", "남", "녹", "대", "덕", "동", "두", "마", "명", "목", "문", "미", "백",
        "보", "봉", "부", "사", "산", "삼", "상", "서", "석", "선", "성", "송", "수", "신", "안", "양", "연", "영",
        "오", "용", "우", "운", "원", "월", "은", "의", "인", "장", "정", "조", "중", "지", "진", "창", "천", "청",
        "초", "태", "평", "포", "풍", "하", "학", "한", "해", "향", "화", "효", "흥")
_BRANDS = ("래미안", "푸르지오", "자이", "힐스테이트", "더샵", "롯데캐슬", "아이파크", "e편한세상", "현대", "삼성",
           "대우", "한신", "주공", "우성", "쌍용", "벽산", "동아", "신동아", "한양", "극동", "SK뷰", "호반베르디움")
_KINDS = (("아파트", 30, True), ("빌라", 25, False), ("빌딩", 15, False), ("맨션", 6, True), ("오피스텔", 8, False),
          ("상가", 6, False), ("초등학교", 3, False), ("행정복지센터", 2, False), ("우체국", 2, False),
          ("교회", 3, False))


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(syllables))


class _District:
    """One 시군구: its 읍면동 (with 리), roads and running numbers."""

    def __init__(self, rng, sido_idx, sido, name, code, postcodes, rural):
        self.rng, self.sido, self.name, self.code = rng, sido, name, code
        self.postcodes = postcodes
        n_dong = rng.randint(8, 30)
        self.dongs = []
        for i in range(n_dong):
            suffix = rng.choice(("읍", "면", "면")) if rural and i % 3 else "동"
            dong = _word(rng, 2) + ("1가" if suffix == "동" and rng.random() < 0.05 else "") + suffix
            ris = [_word(rng, 2) + "리" for _ in range(rng.randint(4, 12))] if suffix != "동" else [""]
            self.dongs.append((100 + i * 3, dong, ris))
        self.roads: list[tuple[int, str]] = []

    def make_roads(self, count: int) -> None:
        """About one main road (…로, …대로) in six; the rest are its numbered side roads (…번길, …길)."""
        rng, names, mains = self.rng, set(), []
        while len(self.roads) < count:
            if not mains or rng.random() < 1 / 6:
                name = _word(rng, rng.choice((2, 2, 3))) + rng.choice(("로", "로", "로", "대로"))
                mains.append(name)
            else:
                name = f"{rng.choice(mains)}{rng.randint(1, 120)}{rng.choice(('번길', '길'))}"
            if name not in names:   # a road name is unique within its 시군구
                names.add(name)
                self.roads.append((len(self.roads) + 1, name))

    def road(self) -> tuple[int, str]:
        # Skewed: a few long roads carry many buildings, most side roads a handful (≈40 on average).
        return self.roads[int(len(self.roads) * self.rng.random() ** 1.6)]


def _districts(rng: random.Random) -> list[tuple[_District, float]]:
    out = []
    for sido_idx, (sido, share, n_sgg, (pc_lo, pc_hi), code) in enumerate(SIDOS):
        names = list(SEOUL_GU) if sido == "서울특별시" else []
        while len(names) < n_sgg:
            suffix = "구" if code < 36 else rng.choice(("시", "군", "군"))
            name = _word(rng, 2) + suffix
            if name not in names:
                names.append(name)
        if sido == "세종특별자치시":
            names = [""]   # the real files leave 시군구 empty for 세종
        weights = [rng.uniform(0.4, 1.6) for _ in names]
        span = (pc_hi - pc_lo + 1) * 1000
        for i, name in enumerate(names):
            lo = pc_lo * 1000 + span * i // len(names)
            hi = pc_lo * 1000 + span * (i + 1) // len(names) - 1
            rural = name.endswith("군") or (code >= 41 and rng.random() < 0.4)
            d = _District(rng, sido_idx, sido, name, code * 1000 + 10 + i * 10, (lo, max(lo, hi)), rural)
            out.append((d, share * weights[i] / sum(weights)))
    return out


def _building_name(rng: random.Random, district: _District, dong: str) -> tuple[str, bool]:
    kind, _w, apartment = rng.choices(_KINDS, weights=[k[1] for k in _KINDS])[0]
    if kind in ("아파트", "맨션"):
        stem = rng.choice(_BRANDS) + (_word(rng, 2) if rng.random() < 0.5 else "")
        return stem + (kind if rng.random() < 0.6 else ""), apartment
    if kind in ("초등학교", "행정복지센터", "우체국"):
        return dong.rstrip("동읍면") + kind, False
    return _word(rng, 2) + kind, apartment


def generate(rows: int, seed: int = 20261126) -> Iterator[AddressRecord]:
    """``rows`` records, grouped by 시도 and 시군구 as in the official files."""
    rng = random.Random(seed)
    districts = _districts(rng)
    total = sum(w for _, w in districts)
    for district, weight in districts:
        n = max(1, round(rows * weight / total))
        yield from _district_records(rng, district, n)


def _district_records(rng: random.Random, d: _District, n: int) -> Iterator[AddressRecord]:
    numbers: dict[int, int] = {}
    lots: dict[int, int] = {}
    postcode = rng.randint(*d.postcodes)
    d.make_roads(max(3, n // 40))
    for i in range(n):
        road_no, road = d.road()
        emd_code, dong, ris = d.dongs[road_no % len(d.dongs)] if rng.random() < 0.85 else rng.choice(d.dongs)
        ri = rng.choice(ris)
        if i % 150 == 0:
            postcode = rng.randint(*d.postcodes)   # a 기초구역 holds ~150 addresses
        main = numbers.get(road_no, rng.choice((1, 2))) + rng.choice((2, 2, 2, 4))
        numbers[road_no] = main
        sub = rng.randint(1, 9) if rng.random() < 0.12 else 0
        underground = rng.random() < 0.003
        lot = lots.get(emd_code, 0) + rng.randint(1, 6)
        lots[emd_code] = lot
        named = rng.random() < 0.27
        name, apartment = _building_name(rng, d, dong) if named else ("", False)
        code = f"{d.code:05d}"
        yield AddressRecord(
            mgmt_no=f"{code}{emd_code:03d}{road_no:07d}{int(underground)}{main:05d}{sub:05d}",
            legal_dong_code=f"{code}{emd_code:03d}{(ris.index(ri) + 21) if ri else 0:02d}",
            sido=d.sido, sigungu=d.name, eupmyeondong=dong, ri=ri,
            is_mountain=rng.random() < 0.02, jibun_main=lot, jibun_sub=rng.randint(1, 30) if rng.random() < 0.5 else 0,
            road_code=f"{code}{road_no:07d}", road_name=road, is_underground=underground,
            bldg_main=main, bldg_sub=sub, postcode=f"{postcode:05d}", building_name=name, apartment=apartment,
            effective_date="20260101", change_reason_code="31")


def write_file(path: str, rows: int, seed: int = 20261126, encoding: str = "utf-8") -> int:
    count = 0
    with open(path, "w", encoding=encoding, newline="\n") as out:
        for record in generate(rows, seed):
            out.write(format_line(record) + "\n")
            count += 1
    return count


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic 도로명주소 한글 전체분 file.")
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--encoding", default="utf-8", choices=("utf-8", "cp949"))
    args = parser.parse_args(argv)
    print(write_file(args.path, args.rows, args.seed, args.encoding), "rows", file=sys.stderr)


if __name__ == "__main__":
    main()
