"""우편번호 검색: one interface, answered from the app's own database or by the official search API."""
from __future__ import annotations

import json
import math
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from itertools import groupby

from ..adapters import ProviderError
from ..rules.address_query import MAX_TEXT, ParsedText, parse_building, parse_text

MAX_RESULTS = 1000      # like the official service: beyond this, ask for a narrower query
PER_PAGE_MAX = 50
# The official order of 시도 (행정표준코드); names not listed follow in 가나다 order.
SIDO_ORDER = ("서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시",
              "세종특별자치시", "경기도", "강원특별자치도", "강원도", "충청북도", "충청남도", "전북특별자치도",
              "전라북도", "전라남도", "경상북도", "경상남도", "제주특별자치도")


@dataclass(frozen=True)
class AddressQuery:
    mode: str = "road"          # road: 도로명·도로명+건물번호 (also 지번, 우편번호); building: 시도+시군구+건물명
    text: str = ""
    sido: str = ""
    sigungu: str = ""
    page: int = 1
    per_page: int = 10

    def normalized(self) -> "AddressQuery":
        return replace(self, mode=self.mode if self.mode in ("road", "building") else "road",
                       text=(self.text or "")[:MAX_TEXT + 1], page=max(1, self.page),
                       per_page=min(max(1, self.per_page), PER_PAGE_MAX))


@dataclass(frozen=True)
class AddressItem:
    postcode: str
    road_address: str
    jibun_address: str
    building_name: str = ""


@dataclass(frozen=True)
class AddressPage:
    query: AddressQuery
    items: list[AddressItem] = field(default_factory=list)
    total: int = 0
    more: bool = False          # there were more than MAX_RESULTS matches
    message: str | None = None  # why nothing was searched (empty, too short …), for the member

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def page(self) -> int:
        return min(self.query.page, self.pages)


class AddressSearch(ABC):
    @abstractmethod
    def search(self, query: AddressQuery) -> AddressPage:
        """Ranked, paginated addresses; bad input gives a page with a message, a failing provider ProviderError."""
        ...

    @abstractmethod
    def sidos(self) -> list[str]:
        ...

    @abstractmethod
    def sigungus(self, sido: str) -> list[str]:
        ...


class LocalAddressSearch(AddressSearch):
    """The imported official files in the app's database (models/address.py)."""

    def __init__(self):
        self._regions_version = None
        self._regions: list[tuple[str, str, int, int]] = []

    def _region_list(self):
        from flask import g, has_app_context
        from ..db import db, sql_once
        from ..models.address import AddressImport, regions
        from peewee import fn
        # The import version is asked once per request, not once per use (a search uses the list 3-4
        # times; issue 15): a request sees one list, and the next request sees a newer import.
        if has_app_context() and self._regions and g.get("address_regions") is self._regions:
            return self._regions
        sql = sql_once("address_version", lambda: AddressImport.select(fn.MAX(AddressImport.id))
                       .where(AddressImport.status == "done"))
        version = db.execute_sql(sql, ("done",)).fetchone()[0]
        if version != self._regions_version or not self._regions:
            self._regions, self._regions_version = regions(), version
        if has_app_context():
            g.address_regions = self._regions
        return self._regions

    def sidos(self):
        names = {r[0] for r in self._region_list()}
        return sorted(names, key=lambda s: (SIDO_ORDER.index(s) if s in SIDO_ORDER else len(SIDO_ORDER), s))

    def sigungus(self, sido):
        # 세종특별자치시 has no 시군구 (the official files leave the column empty).
        return sorted(r[1] for r in self._region_list() if r[0] == sido and r[1])

    def _sigungu_map(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for sido, sigungu, _lo, _hi in self._region_list():
            result.setdefault(sido, []).append(sigungu)
        return result

    def _term_range(self, sido, sigungu):
        spans = [(lo, hi) for s, g, lo, hi in self._region_list() if s == sido and (not sigungu or g == sigungu)]
        return (min(lo for lo, _ in spans), max(hi for _, hi in spans)) if spans else None

    def search(self, query):
        from ..models import address as model
        with model.consistent_read():
            return self._search(query.normalized(), model)

    def _search(self, q, model):
        known = self._sigungu_map()
        sido = q.sido if q.sido in known else None
        sigungu = q.sigungu if sido and q.sigungu in known[sido] else None
        if q.mode == "building":
            parsed, kinds = parse_building(q.text), (model.BLDG,)
        else:
            parsed = parse_text(q.text, list(known), known)
            sido, sigungu = parsed.sido or sido, parsed.sigungu or sigungu
            kinds = _road_mode_kinds(parsed, model)
        if parsed.message:
            return AddressPage(q, message=parsed.message)
        if parsed.postcode:
            ids = model.address_ids_by_postcode(int(parsed.postcode), limit=MAX_RESULTS + 1)
        else:
            range_ = self._term_range(sido, sigungu) if sido else None
            terms = model.match_terms(parsed.name_key, kinds, sido, sigungu, range_)
            ids = _collect(terms, parsed, model)
        more = len(ids) > MAX_RESULTS
        ids = ids[:MAX_RESULTS]
        page = AddressPage(q, total=len(ids), more=more)
        start = (page.page - 1) * q.per_page
        rows = model.address_rows(ids[start:start + q.per_page])
        return replace(page, items=[AddressItem(r.postcode, r.road_address, r.jibun_address, r.building_name)
                                    for r in rows])


def _road_mode_kinds(parsed: ParsedText, model) -> tuple[int, ...]:
    if parsed.main is None:
        return (model.ROAD, model.DONG, model.BLDG)
    if parsed.mountain:          # 산 numbers only exist in lot (지번) addresses
        return (model.DONG,)
    if parsed.underground:       # 지하 only in road addresses
        return (model.ROAD,)
    return (model.ROAD, model.DONG)


def _collect(terms, parsed: ParsedText, model) -> list[int]:
    """Address ids of the matched terms, best terms first, at most MAX_RESULTS + 1."""
    ids, seen = [], set()
    for (_rank, kind), group in groupby(terms, key=lambda t: (t[0], t[1])):
        need = MAX_RESULTS + 1 - len(ids)
        if need <= 0:
            break
        for address_id in model.address_ids(kind, [t[2] for t in group], parsed.main, parsed.sub,
                                            mountain=parsed.mountain, underground=parsed.underground,
                                            limit=need):
            if address_id not in seen:
                seen.add(address_id)
                ids.append(address_id)
    return ids


# ---------------------------------------------------------------------------
# the official API (도로명주소 검색 API, business.juso.go.kr "검색API")

JUSO_URL = "https://business.juso.go.kr/addrlink/addrLinkApi.do"
UNAVAILABLE = "도로명주소 검색 서비스가 응답하지 않습니다. 잠시 후 다시 시도해 주십시오."
# The API refuses these words and characters in a keyword (its own guide filters them first).
_API_REFUSED_WORDS = re.compile(r"\b(OR|SELECT|INSERT|DELETE|UPDATE|CREATE|DROP|EXEC|UNION|FETCH|DECLARE|"
                                r"TRUNCATE)\b", re.IGNORECASE)
_API_REFUSED_CHARS = re.compile(r"[%=><\[\]'\";*()\\]")


class JusoApiAddressSearch(AddressSearch):
    """Asks the public search API; the 시도/시군구 lists still come from the local data."""

    def __init__(self, key: str, url: str = JUSO_URL, timeout: float = 3.0, regions: AddressSearch | None = None):
        self.key, self.url, self.timeout = key, url, timeout
        self.regions = regions or LocalAddressSearch()

    def sidos(self):
        return self.regions.sidos()

    def sigungus(self, sido):
        return self.regions.sigungus(sido)

    def search(self, query):
        q = query.normalized()
        parsed = parse_building(q.text) if q.mode == "building" else parse_text(q.text)
        if parsed.message:
            return AddressPage(q, message=parsed.message)
        words = [q.sido, q.sigungu, q.text] if q.mode == "building" else [q.text]
        keyword = " ".join(_API_REFUSED_WORDS.sub(" ", _API_REFUSED_CHARS.sub(" ", w or "")) for w in words)
        keyword = " ".join(keyword.split())
        common, juso = self._call(keyword, q.page, q.per_page)
        code = str(common.get("errorCode", ""))
        if code != "0":
            if code.startswith("E") and code not in ("E0001", "E0002", "E0003", "E0004"):
                # Input problems (too broad, too short …): the API's own Korean sentence.
                return AddressPage(q, message=str(common.get("errorMessage") or "검색어를 확인해 주십시오."))
            raise ProviderError("도로명주소 검색 서비스를 지금 이용할 수 없습니다. 잠시 후 다시 시도해 주십시오.")
        try:
            total = int(common.get("totalCount") or 0)
        except (TypeError, ValueError):
            raise ProviderError(UNAVAILABLE)
        items = [AddressItem(str(j.get("zipNo", "")), str(j.get("roadAddrPart1") or j.get("roadAddr", "")),
                             str(j.get("jibunAddr", "")), str(j.get("bdNm") or "")) for j in juso or []]
        return AddressPage(q, items=items, total=min(total, MAX_RESULTS), more=total > MAX_RESULTS)

    def _call(self, keyword: str, page: int, per_page: int):
        params = urllib.parse.urlencode({"confmKey": self.key, "currentPage": page, "countPerPage": per_page,
                                         "keyword": keyword, "resultType": "json"})
        try:
            with urllib.request.urlopen(f"{self.url}?{params}", timeout=self.timeout) as response:
                body = json.loads(response.read(2_000_000).decode("utf-8"))
            results = body["results"]
            return results["common"], results.get("juso")
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ValueError, KeyError,
                TypeError) as exc:
            raise ProviderError(UNAVAILABLE) from exc


def from_config(config) -> AddressSearch:
    """Local by default; the API when ESOP_ADDRESS_API=juso and a key is configured."""
    local = LocalAddressSearch()
    if config.get("ADDRESS_API") == "juso" and config.get("ADDRESS_API_KEY"):
        return JusoApiAddressSearch(config["ADDRESS_API_KEY"], config.get("ADDRESS_API_URL") or JUSO_URL,
                                    float(config.get("ADDRESS_API_TIMEOUT", 3.0)), regions=local)
    return local
