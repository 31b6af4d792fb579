"""The accessibility sweep's checker (tests/a11ysweep.py) catches each rule's mistake, and passes good markup."""
from __future__ import annotations

import pytest

from a11ysweep import check_html, is_full_page


def page(body: str, title: str = "회원가입 | esop", lang: str = "ko") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main>{body}</main><div id="live-status" role="status" aria-live="polite"></div></body></html>')


GOOD_FORM = """
<h1>회원가입</h1>
<div class="error-summary" role="alert" aria-labelledby="es-title" tabindex="-1">
  <h2 id="es-title">입력 내용을 확인해 주십시오</h2>
  <ul><li><a href="#user_id">아이디를 입력해 주십시오.</a></li><li><a href="#carrier-0">통신사를 선택해 주십시오.</a></li>
      <li><a href="#rrn_back">뒷자리를 확인해 주십시오.</a></li></ul>
</div>
<form method="post" novalidate>
  <input type="hidden" name="csrf_token" value="x">
  <div class="field field--error">
    <label for="user_id">아이디</label>
    <p class="hint" id="user_id-hint">영문과 숫자 6~12자</p>
    <p class="field-error" id="user_id-error">아이디를 입력해 주십시오.</p>
    <input id="user_id" name="user_id" aria-invalid="true" aria-describedby="user_id-hint user_id-error">
  </div>
  <fieldset class="field--error" aria-describedby="carrier-error">
    <legend>통신사</legend>
    <p class="field-error" id="carrier-error">통신사를 선택해 주십시오.</p>
    <input type="radio" id="carrier-0" name="carrier" value="SKT" aria-invalid="true"><label for="carrier-0">SKT</label>
    <input type="radio" id="carrier-1" name="carrier" value="KT" aria-invalid="true"><label for="carrier-1">KT</label>
  </fieldset>
  <fieldset class="rrn field--error" aria-describedby="rrn-error">
    <legend>주민등록번호</legend>
    <p class="field-error" id="rrn-error">뒷자리를 확인해 주십시오.</p>
    <label for="rrn_front">앞자리</label><input id="rrn_front" name="rrn_front" aria-invalid="false">
    <label for="rrn_back">뒷자리</label><input id="rrn_back" name="rrn_back" aria-invalid="true">
  </fieldset>
  <label>이메일 <input type="email" name="email" required aria-invalid="false"></label>
  <select name="job" aria-label="직업"><option value="">선택</option></select>
  <button type="submit">다음<span class="visually-hidden"> 단계</span></button>
  <button type="button" aria-controls="user_id">지우기</button>
</form>
"""


def test_good_page_passes():
    assert check_html(page(GOOD_FORM, title="오류: 회원가입 | esop")) == []


def test_good_fragment_passes_and_fragment_rules_skip_page_rules():
    fragment = '<div id="live-status" hx-swap-oob="innerHTML">3건</div><p>결과</p>'
    assert check_html(fragment, fragment=True) == []
    assert not is_full_page(fragment) and is_full_page(page("<h1>x</h1>"))


def sample(old: str, new: str, title: str = "오류: 회원가입 | esop") -> list[str]:
    assert old in GOOD_FORM, old
    return check_html(page(GOOD_FORM.replace(old, new, 1), title=title))


BAD = {
    "duplicate id": ('id="user_id-hint"', 'id="rrn-error"'),
    "aria-describedby='nowhere' names no element": ('aria-describedby="carrier-error"', 'aria-describedby="nowhere"'),
    "aria-labelledby='es-missing' names no element": ('aria-labelledby="es-title"', 'aria-labelledby="es-missing"'),
    "aria-controls='gone' names no element": ('aria-controls="user_id"', 'aria-controls="gone"'),
    "<label for='rrn_front'>": ('id="rrn_front"', 'id="rrn_first"'),
    "error summary link '#userid'": ('href="#user_id"', 'href="#userid"'),
    "is in an error state but lacks aria-invalid": ('value="KT" aria-invalid="true"', 'value="KT"'),
    "points at its .field-error message": ('aria-describedby="user_id-hint user_id-error"', 'aria-describedby="user_id-hint"'),
    "carries aria-invalid=\"true\" but is in no error state": ('name="rrn_front" aria-invalid="false"', 'name="rrn_front" aria-invalid="true"'),
    "required <input name='email'> carries no aria-invalid": ('required aria-invalid="false"', "required"),
    "not together in one fieldset": ('<input type="radio" id="carrier-1"', '</fieldset><fieldset><legend>x</legend><input type="radio" id="carrier-1"'),
    "has no legend": ("<legend>통신사</legend>", ""),
    "<select name='job'> has no accessible name": ('aria-label="직업"', ""),
    "<input name='email'> has no accessible name": ("<label>이메일 <input", "<p>이메일 <input"),
    "<button> has no accessible name": ('다음<span class="visually-hidden"> 단계</span>', '<svg aria-hidden="true"></svg>'),
    "HTML parse error": ("<ul><li>", "<ul><li><div></span>"),
    "h1 elements on a full page": ("<h1>회원가입</h1>", "<h1>회원가입</h1><h1>둘째</h1>"),
}


@pytest.mark.parametrize("expected", sorted(BAD))
def test_each_rule_catches_its_mistake(expected):
    old, new = BAD[expected]
    problems = sample(old, new)
    assert any(expected in p for p in problems), problems


def test_the_title_must_say_error_exactly_when_a_summary_is_shown():
    assert any("does not start with '오류: '" in p for p in check_html(page(GOOD_FORM)))
    clean = page('<h1>회원가입</h1><p>안내</p>', title="오류: 회원가입 | esop")
    assert any("but no error summary is shown" in p for p in check_html(clean))


def test_the_page_must_be_korean_with_one_h1():
    assert any('expected lang="ko"' in p for p in check_html(page("<h1>x</h1>", lang="en")))
    assert any("0 h1 elements" in p for p in check_html(page("<h2>x</h2>")))


def test_fragments_are_parsed_as_fragments_and_their_errors_caught():
    assert check_html("<tr><td>1</td></tr>", fragment=True)  # a table row out of its table
    assert any("duplicate id 'job_minor-wrap'" in p for p in check_html(
        '<div id="job_minor-wrap" hx-swap-oob="outerHTML"><div id="job_minor-wrap"></div></div>', fragment=True))


def test_a_full_page_keeps_the_persistent_live_region():
    without = page("<h1>x</h1>").replace('<div id="live-status" role="status" aria-live="polite"></div>', "")
    assert any("no persistent live region" in p for p in check_html(without))
    not_polite = page("<h1>x</h1>").replace('aria-live="polite"', 'aria-live="off"')
    assert any("no persistent live region" in p for p in check_html(not_polite))
