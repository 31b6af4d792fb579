"""우편번호 검색: each search mode on the bundled sample, pages and fragments, hostile input, the
official-API adapter against a fake server on loopback, and atomic re-import."""
from __future__ import annotations

import http.server
import json
import re
import threading
import time

import pytest

from esop.address import importer as address_import
from esop.adapters import ProviderError
from esop.address.adapter import AddressQuery, JusoApiAddressSearch, LocalAddressSearch, from_config
from esop.address.synth import write_file
from esop.db import db
from esop.models import address as model

KSFC = "서울특별시 영등포구 국제금융로8길 10"
HX = {"HX-Request": "true"}


@pytest.fixture
def sample(app):
    with app.app_context(), db.connection_context():
        address_import.ensure_sample_addresses()
    return app


def get(client, headers=None, **params):
    response = client.get("/lookup/address", query_string=params, headers=headers or {})
    return response.status_code, response.get_data(as_text=True)


def roads(html: str) -> list[str]:
    return re.findall(r'<span class="address-choice__label">도로명</span> ([^<]+)</span>', html)


@pytest.mark.parametrize("params", [
    {"q": "국제금융로8길"},
    {"q": "국제금융로8길 10"},
    {"q": "국제금융로 8길 10"},
    {"q": "서울 영등포구 국제금융로8길 10"},
    {"mode": "building", "sido": "서울특별시", "sigungu": "영등포구", "building": "한국증권금융"},
    {"mode": "building", "sido": "서울특별시", "building": "한국증권금융"},
    {"mode": "building", "building": "증권금융"},
    {"q": "07330"},
    {"q": "여의도동 34-9"},
    {"q": "한국증권금융"},
])
def test_each_search_mode_finds_the_ksfc_head_office(sample, client, params):
    status, html = get(client, **params)
    assert status == 200
    assert KSFC in roads(html)
    assert "서울특별시 영등포구 여의도동 34-9" in html and "07330" in html and "한국증권금융" in html


def test_road_and_number_narrows_to_one_address(sample, client):
    _, html = get(client, q="국제금융로8길 10")
    assert roads(html) == [KSFC] and "검색결과 1건" in html
    _, html = get(client, q="국제금융로8길")
    assert roads(html) == [KSFC, "서울특별시 영등포구 국제금융로8길 26"]


def test_exact_names_rank_before_partial_ones(sample, client):
    _, html = get(client, q="세종대로")
    assert roads(html) == ["서울특별시 중구 세종대로 110", "서울특별시 종로구 세종대로 209"]
    _, html = get(client, q="종로구 세종대로")
    assert roads(html) == ["서울특별시 종로구 세종대로 209"]


def test_the_filled_field_decides_when_the_method_radio_was_overlooked(sample, client):
    _, html = get(client, mode="road", q="", building="한국증권금융")
    assert roads(html) == [KSFC] and 'id="mode-building" name="mode" value="building" checked' in html
    _, html = get(client, mode="building", q="국제금융로8길 10", building="")
    assert roads(html) == [KSFC]


def test_a_building_in_another_district_is_not_found(sample, client):
    _, html = get(client, mode="building", sido="부산광역시", building="한국증권금융")
    assert roads(html) == [] and "검색 결과가 없습니다." in html


def test_pagination_pages_and_fragments(sample, client):
    _, html = get(client, q="세종대로", per_page=1)
    assert roads(html) == ["서울특별시 중구 세종대로 110"] and "(1/2쪽)" in html
    assert 'aria-current="page"' in html and "다음</a>" in html
    next_url = re.search(r'href="([^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    html = client.get(next_url).get_data(as_text=True)
    assert roads(html) == ["서울특별시 종로구 세종대로 209"] and "이전</a>" in html
    # a page past the end shows the last one
    _, html = get(client, q="세종대로", per_page=1, page=99)
    assert roads(html) == ["서울특별시 종로구 세종대로 209"]
    # htmx: only the fragment, with buttons for the dialog and the live-region update out of band
    _, frag = get(client, HX, q="세종대로", per_page=1, ui="dialog")
    assert "<html" not in frag and 'class="address-choice"' in frag and 'hx-get="/lookup/address?' in frag
    assert '<div id="address-dialog-status" hx-swap-oob="innerHTML">주소 2건을 찾았습니다. 1쪽을 보고 있습니다.</div>' in frag


def test_dialog_fragment_carries_what_the_script_fills_in(sample, client):
    _, frag = get(client, HX, q="국제금융로8길 10", ui="dialog", target="work")
    button = re.search(r'<button type="button" class="address-choice"[^>]*>', frag).group(0)
    assert 'data-target="work"' in button and 'data-postcode="07330"' in button
    assert f'data-road="{KSFC}"' in button and 'data-jibun="서울특별시 영등포구 여의도동 34-9"' in button


def test_page_results_post_the_choice_to_back(sample, client):
    _, html = get(client, q="국제금융로8길 10", target="other", back="/signup/profile/address")
    form = re.search(r'<form method="post" action="/signup/profile/address" class="address-choose">(.*?)</form>',
                     html, re.S).group(1)
    for name, value in (("target", "other"), ("postcode", "07330"), ("road_address", KSFC),
                        ("jibun_address", "서울특별시 영등포구 여의도동 34-9"), ("building_name", "한국증권금융")):
        assert f'name="{name}" value="{value}"' in form
    assert 'name="csrf_token"' in form and KSFC in re.search(r"<button.*?</button>", form, re.S).group(0)


@pytest.mark.parametrize("back", ["https://evil.example/x", "//evil.example/signup/", "/signup/../x//y",
                                  "/admin/", "javascript:alert(1)", "/signup/a\\b",
                                  # Our own POST endpoints other than the two address ones (issue 13: a link
                                  # turned 'pick an address' into 다른 기기 로그아웃 with the member's CSRF token).
                                  "/account/security/end-other-sessions", "/account/withdraw", "/signup/extend",
                                  "/account/profile/address/../../security/end-other-sessions"])
def test_back_must_be_one_of_our_flows(sample, client, back):
    _, html = get(client, q="국제금융로8길 10", back=back)
    assert KSFC in html and 'method="post"' not in html and "evil" not in html.split("<main")[1]


def test_sigungu_fragment_and_full_page(sample, client):
    response = client.get("/lookup/sigungu", query_string={"sido": "서울특별시"}, headers=HX)
    frag = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in frag
    assert re.findall(r'<option value="([^"]+)"', frag) == ["영등포구", "종로구", "중구"]
    assert '<div id="live-status" hx-swap-oob="innerHTML">서울특별시의 시군구 3개를 불러왔습니다.</div>' in frag
    page = client.get("/lookup/sigungu", query_string={"sido": "서울특별시"}).get_data(as_text=True)
    assert "<h1>우편번호 검색</h1>" in page and '<option value="영등포구">' in page
    assert '<option value="서울특별시" selected>' in page
    # unknown 시도: an empty list, not an error
    frag = client.get("/lookup/sigungu", query_string={"sido": "없는도"}, headers=HX).get_data(as_text=True)
    assert "시도를 먼저 선택하십시오" in frag


def test_sido_list_follows_the_official_order(sample, client):
    _, html = get(client)
    sido_select = re.search(r'<select id="sido".*?</select>', html, re.S).group(0)
    names = re.findall(r'<option value="([^"]+)"', sido_select)
    assert names[:4] == ["서울특별시", "부산광역시", "대구광역시", "인천광역시"] and names[-1] == "제주특별자치도"


@pytest.mark.parametrize("text, message", [
    ("", "검색어를 입력해 주십시오."), ("국", "검색어를 두 글자 이상 입력해 주십시오."),
    ("10", "도로명이나 건물명을 함께 입력해 주십시오."),
])
def test_bad_input_gets_the_error_summary(sample, client, text, message):
    status, html = get(client, q=text)
    assert status == 422 and 'class="error-summary"' in html and f'<a href="#q">{message}</a>' in html
    assert 'aria-invalid="true"' in html and html.count(message) >= 2
    assert "<title>오류: " in html


HOSTILE = ['"', "'", "*", "OR", "국제 OR 금융", "NEAR(국제 금융)", "'; DROP TABLE address; --",
           '국제금융로8길" OR "a', "국제*", "^국제", "key:국제", "%", "_", "\\", "\x00", "a" * 5000, "🙂국제금융로8길",
           "国際金融路", "국제금융로8길 99999999999", "국제금융로8길 -1", "1' OR '1'='1", "<script>alert(1)</script>"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("mode", ["road", "building"])
@pytest.mark.parametrize("hx", [False, True])
def test_operators_and_injection_strings_are_harmless(sample, client, text, mode, hx):
    field = "building" if mode == "building" else "q"
    status, html = get(client, HX if hx else None, mode=mode, **{field: text, "sido": "서울특별시",
                                                                  "page": "x", "per_page": "-5"})
    assert status in (200, 422)
    assert "<script>alert" not in html
    status, html = get(client, q="국제금융로8길 10")
    assert KSFC in html   # the table is still there


def test_hostile_select_values_and_pages_are_ignored(sample, client):
    status, html = get(client, mode="sql", q="국제금융로8길 10", sido="x' OR 1=1", sigungu="--", page="-3",
                       target="evil", per_page="99999")
    assert status == 200 and KSFC in html and 'value="home"' in html


# ---------------------------------------------------------------------------
# the official API adapter against a fake server


class FakeJuso(http.server.BaseHTTPRequestHandler):
    mode = "ok"
    seen: list = []

    def do_GET(self):  # noqa: N802
        from urllib.parse import parse_qs, urlparse
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        FakeJuso.seen.append(params)
        if FakeJuso.mode == "slow":
            time.sleep(1.5)
        if FakeJuso.mode == "garbage":
            body = b"<html>maintenance</html>"
        elif FakeJuso.mode == "badkey":
            body = json.dumps({"results": {"common": {"errorCode": "E0001", "errorMessage": "승인되지 않은 KEY 입니다.",
                                                      "totalCount": "0"}, "juso": None}}).encode()
        elif FakeJuso.mode == "broad":
            body = json.dumps({"results": {"common": {"errorCode": "E0006", "errorMessage": "주소를 상세히 입력해 주시기 바랍니다.",
                                                      "totalCount": "0"}, "juso": None}}).encode()
        else:
            body = json.dumps({"results": {"common": {"errorCode": "0", "errorMessage": "정상", "totalCount": "12",
                                                      "currentPage": params.get("currentPage"), "countPerPage": "10"},
                                           "juso": [{"roadAddr": KSFC + " (여의도동)", "roadAddrPart1": KSFC,
                                                     "jibunAddr": "서울특별시 영등포구 여의도동 34-9 한국증권금융",
                                                     "zipNo": "07330", "bdNm": "한국증권금융"}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_juso():
    FakeJuso.mode, FakeJuso.seen = "ok", []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeJuso)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/addrlink/addrLinkApi.do"
    server.shutdown()
    server.server_close()


def test_api_adapter_maps_the_official_answer(app, fake_juso):
    api = JusoApiAddressSearch("test-key", fake_juso, timeout=1.0, regions=LocalAddressSearch())
    page = api.search(AddressQuery("building", "한국증권금융", "서울특별시", "영등포구", page=2))
    assert page.total == 12 and page.pages == 2 and page.page == 2
    item = page.items[0]
    assert (item.postcode, item.road_address, item.building_name) == ("07330", KSFC, "한국증권금융")
    sent = FakeJuso.seen[-1]
    assert sent["confmKey"] == "test-key" and sent["resultType"] == "json" and sent["currentPage"] == "2"
    assert sent["keyword"] == "서울특별시 영등포구 한국증권금융"
    api.search(AddressQuery("road", "국제금융로8길' OR 1=1; DROP"))
    assert FakeJuso.seen[-1]["keyword"] == "국제금융로8길 1 1"   # the API's refused words and characters removed


def test_api_adapter_failures_are_clear_korean_provider_errors(app, fake_juso):
    api = JusoApiAddressSearch("k", fake_juso, timeout=0.3)
    for mode in ("slow", "garbage", "badkey"):
        FakeJuso.mode = mode
        with pytest.raises(ProviderError) as err:
            api.search(AddressQuery("road", "국제금융로8길"))
        assert "도로명주소 검색 서비스" in err.value.message
    FakeJuso.mode = "broad"
    assert api.search(AddressQuery("road", "국제금융로")).message == "주소를 상세히 입력해 주시기 바랍니다."
    closed = JusoApiAddressSearch("k", "http://127.0.0.1:9/none", timeout=0.3)
    with pytest.raises(ProviderError):
        closed.search(AddressQuery("road", "국제금융로8길"))
    # bad input never reaches the API
    count = len(FakeJuso.seen)
    assert api.search(AddressQuery("road", "")).message == "검색어를 입력해 주십시오."
    assert len(FakeJuso.seen) == count


def test_configuration_picks_the_adapter(fake_juso):
    assert isinstance(from_config({}), LocalAddressSearch)
    assert isinstance(from_config({"ADDRESS_API": "juso", "ADDRESS_API_KEY": ""}), LocalAddressSearch)
    api = from_config({"ADDRESS_API": "juso", "ADDRESS_API_KEY": "k", "ADDRESS_API_URL": fake_juso,
                       "ADDRESS_API_TIMEOUT": 0.5})
    assert isinstance(api, JusoApiAddressSearch) and api.timeout == 0.5 and api.url == fake_juso


def test_the_page_through_the_api_and_its_error_state(make_app, fake_juso):
    app = make_app(env={"ESOP_ADDRESS_API": "juso", "ESOP_ADDRESS_API_KEY": "k", "ESOP_ADDRESS_API_URL": fake_juso,
                        "ESOP_ADDRESS_API_TIMEOUT": "0.3"})
    client = app.test_client()
    status, html = get(client, q="국제금융로8길 10")
    assert status == 200 and KSFC in roads(html)
    FakeJuso.mode = "slow"
    status, html = get(client, q="국제금융로8길 10")
    assert status == 200 and 'class="error-panel" role="alert"' in html
    assert "도로명주소 검색 서비스가 응답하지 않습니다." in html
    _, frag = get(client, HX, q="국제금융로8길 10", ui="dialog")
    assert '<div id="address-dialog-status" hx-swap-oob="innerHTML">도로명주소 검색 서비스가 응답하지 않습니다.' in frag


# ---------------------------------------------------------------------------
# importing


def test_import_command_reads_cp949_and_replaces_everything(app, tmp_path):
    sample = open(address_import.SAMPLE, encoding="utf-8").read()
    path = tmp_path / "rnaddrkor_cp949.txt"
    path.write_bytes(sample.encode("cp949") + b"broken|line\n")
    result = app.test_cli_runner().invoke(args=["esop", "import-addresses", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 14 addresses" in result.output and "1 lines skipped" in result.output
    synthetic = tmp_path / "rnaddrkor_synthetic.txt"
    rows = write_file(str(synthetic), 500)
    result = app.test_cli_runner().invoke(args=["esop", "import-addresses", str(synthetic)])
    assert f"imported {rows} addresses" in result.output
    with db.connection_context():
        assert model.address_count() == rows
        assert LocalAddressSearch().search(AddressQuery("road", "국제금융로8길 10")).total == 0


def test_import_command_shows_phases_and_a_progress_bar_with_an_eta(app, tmp_path):
    """Issue 14: an operator loading 6 million rows sees which phase runs and when reading will end."""
    synthetic = tmp_path / "rnaddrkor_synthetic.txt"
    rows = write_file(str(synthetic), 12000)
    result = app.test_cli_runner().invoke(args=["esop", "import-addresses", str(synthetic)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    phases = [line.split(" — ")[0] for line in lines if line.startswith("[")]
    assert phases == ["[1/4] counting lines", f"[2/4] reading rows ({rows:,} lines)", "[3/4] building indexes",
                      "[4/4] swapping in"], lines
    bars = [line for line in lines if line.startswith("  [#")]
    assert bars and all(", ETA " in line for line in bars), lines
    assert bars[-1].endswith(f"100% {rows:,}/{rows:,} rows, ETA 0:00:00"), bars
    assert lines[-1].startswith(f"imported {rows:,} addresses")


def test_demo_command_loads_the_sample(app):
    result = app.test_cli_runner().invoke(args=["esop", "demo"])
    assert "addresses: sample loaded (14)" in result.output
    result = app.test_cli_runner().invoke(args=["esop", "demo"])
    assert "addresses: present" in result.output


def test_a_second_import_waits_for_the_first(sample):
    with sample.app_context(), db.connection_context():
        model.AddressImport.create()   # a run recorded as running
        with pytest.raises(address_import.ImportBusy):
            address_import.import_files([address_import.SAMPLE])
        assert address_import.import_files([address_import.SAMPLE], force=True).rows == 14


def test_a_failed_import_leaves_the_old_data_and_no_staging_tables(sample, monkeypatch):
    def boom(self, tag):
        raise RuntimeError("disk full")
    monkeypatch.setattr(address_import._Loader, "finish", boom)
    with sample.app_context(), db.connection_context():
        with pytest.raises(RuntimeError):
            address_import.import_files([address_import.SAMPLE])
        assert model.address_count() == 14
        assert [t for t in db.get_tables() if "_stg" in t] == []
        assert model.AddressImport.select().order_by(model.AddressImport.id.desc()).first().status == "failed"


def test_reimport_is_atomic_for_concurrent_searches(sample, tmp_path):
    """While an import of sample + synthetic rows runs, every search sees the old or the new set."""
    combined = tmp_path / "rnaddrkor_all.txt"
    write_file(str(tmp_path / "synthetic.txt"), 30000)
    combined.write_text(open(address_import.SAMPLE, encoding="utf-8").read()
                        + (tmp_path / "synthetic.txt").read_text(encoding="utf-8"), encoding="utf-8")
    done, failures = threading.Event(), []

    def run_import():
        try:
            with sample.app_context(), db.connection_context():
                address_import.import_files([str(combined)])
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            done.set()

    observed = set()
    with sample.app_context(), db.connection_context():
        search = LocalAddressSearch()
        worker = threading.Thread(target=run_import)
        worker.start()
        while not done.is_set():
            # A search's own statements (names, then addresses) must not straddle the swap: with
            # old term ids against new address rows it would show some other address.
            page = search.search(AddressQuery("road", "국제금융로8길 10"))
            assert [i.road_address for i in page.items] == [KSFC]
            observed.add(model.address_count())
        worker.join()
        final = model.address_count()
    assert not failures, failures
    assert observed <= {14, final} and final > 30000
    assert 14 in observed   # the searches did run during the import


def test_term_matching_sanitises_its_own_input(sample):
    with sample.app_context(), db.connection_context():
        assert model.match_terms('"', (model.ROAD,)) == []
        assert model.match_terms('국제금융로8길" OR "x', (model.ROAD,)) == []
        assert [kind for _rank, kind, _id in model.match_terms('국제금융로"8길', (model.ROAD,))] == [model.ROAD]


def test_an_empty_dialog_search_ties_its_error_to_the_field(sample, client):
    """Issue 17: the dialog swaps only its results; the refused search's message must be the field's
    too (aria-describedby, aria-invalid), and a good search clears it."""
    _, frag = get(client, HX, q="", ui="dialog")
    field = re.search(r'<div id="q-field"[^>]*hx-swap-oob="outerHTML">.*?</div>', frag, re.S).group(0)
    assert 'id="q-error"' in field and "검색어를 입력해 주십시오." in field
    assert 'aria-describedby="q-hint q-error" aria-invalid="true"' in field
    _, frag = get(client, HX, q="세종대로", ui="dialog")
    field = re.search(r'<div id="q-field"[^>]*hx-swap-oob="outerHTML">.*?</div>', frag, re.S).group(0)
    assert 'aria-invalid="false"' in field and "q-error" not in field and 'value="세종대로"' in field
