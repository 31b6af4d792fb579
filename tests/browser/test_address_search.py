"""우편번호 검색 page in a real browser: without JS (search, pages, choose → POST to back), with JS
(the 시도 → 시군구 fragment), and axe-clean with results, with none, with an input error and with
the provider down."""
from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest

from browserkit import assert_no_axe_violations, wait_summary_focused
from serverkit import free_port, serve_app

BACK = "/signup/profile/address"


def test_no_js_search_paginate_and_choose_posts_to_back(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}/lookup/address?target=work&back={BACK}")
    page.get_by_label("도로명", exact=True).fill("세종대로")
    page.get_by_role("button", name="검색").click()
    page.wait_for_url("**q=*")
    results = page.get_by_role("list", name=re.compile("검색결과"))
    assert results.get_by_role("listitem").count() == 2

    page.goto(page.url + "&per_page=1")
    assert "(1/2쪽)" in page.get_by_role("heading", name=re.compile("검색결과")).inner_text()
    page.get_by_role("navigation", name="검색결과 페이지").get_by_role("link", name="다음").click()
    assert page.get_by_role("button", name=re.compile("종로구 세종대로 209")).is_visible()

    posted = {}

    def capture(route):
        posted.update({k: v[0] for k, v in parse_qs(route.request.post_data or "").items()})
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body="<!doctype html><html lang=ko><title>ok</title><p>ok</p></html>")
    page.route(f"**{BACK}", capture)
    page.get_by_label("도로명", exact=True).fill("국제금융로8길 10")
    page.get_by_role("button", name="검색").click()
    page.get_by_role("button", name=re.compile("국제금융로8길 10")).click()
    page.wait_for_url(f"**{BACK}")
    assert posted["target"] == "work" and posted["postcode"] == "07330"
    assert posted["road_address"] == "서울특별시 영등포구 국제금융로8길 10"
    assert posted["jibun_address"] == "서울특별시 영등포구 여의도동 34-9"
    assert posted["building_name"] == "한국증권금융" and posted["csrf_token"]


def test_no_js_building_search_with_sido_and_sigungu(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}/lookup/address?target=home&back={BACK}")
    page.get_by_label("시도").select_option("서울특별시")
    page.get_by_role("button", name="시군구 불러오기").click()
    page.get_by_label("시군구").select_option("영등포구")
    page.get_by_label("건물명(아파트명)").check()
    page.get_by_label("건물명", exact=True).fill("한국증권금융")
    page.get_by_role("button", name="검색").click()
    choice = page.get_by_role("button", name=re.compile("한국증권금융"))
    assert choice.count() == 1 and "07330" in choice.inner_text()


def test_sido_change_loads_sigungu_in_place_and_announces_it(page, live_server):
    page.goto(f"{live_server}/lookup/address")
    page.get_by_label("시도").select_option("서울특별시")
    sigungu = page.get_by_label("시군구")
    page.wait_for_function("() => document.querySelectorAll('#sigungu option').length > 1")
    assert sigungu.locator("option").all_inner_texts() == ["전체", "영등포구", "종로구", "중구"]
    assert page.locator("#live-status").inner_text() == "서울특별시의 시군구 3개를 불러왔습니다."
    assert page.url.endswith("/lookup/address")   # no navigation: the fragment replaced the select


@pytest.mark.parametrize("query, state", [
    ("q=국제금융로8길&back=/signup/profile/address", "results"),
    ("q=세종대로&per_page=1", "results with pages"),
    ("q=없는도로명로", "empty"),
    ("q=", "input error"),
    ("mode=building&sido=서울특별시&building=한", "building input error"),
    ("", "initial"),
])
def test_page_states_have_no_axe_violations(page, live_server, query, state):
    page.goto(f"{live_server}/lookup/address?{query}")
    assert page.get_attribute("html", "lang") == "ko"
    assert_no_axe_violations(page, state)
    if state.startswith("results"):
        assert page.evaluate("() => document.activeElement.id") == "address-results-title"
    if "error" in state:
        wait_summary_focused(page)
        assert page.title().startswith("오류: ")


@pytest.fixture(scope="module")
def api_down_server(tmp_path_factory):
    """The app configured for the official API at an address where nothing answers."""
    work = tmp_path_factory.mktemp("api-down")
    env = {"ESOP_ADDRESS_API": "juso", "ESOP_ADDRESS_API_KEY": "test", "ESOP_ADDRESS_API_TIMEOUT": "1",
           "ESOP_ADDRESS_API_URL": f"http://127.0.0.1:{free_port()}/addrlink/addrLinkApi.do"}
    with serve_app(work, f"sqlite:///{work / 'esop.db'}", env=env, demo=False) as url:
        yield url


def test_provider_error_state_is_clear_and_has_no_axe_violations(page, api_down_server):
    page.goto(f"{api_down_server}/lookup/address?q=국제금융로8길")
    alert = page.get_by_role("alert")
    assert "도로명주소 검색 서비스가 응답하지 않습니다" in alert.inner_text()
    assert_no_axe_violations(page, "provider error")
