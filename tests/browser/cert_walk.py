"""Walking the certificate center in a real browser: 본인확인, the toolkit's 추가인증, the cloud window."""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import time

from browserkit import (assert_announced, assert_no_axe_violations, focused, key_fill, key_press,
                        tab_to_element, wait_until)

from esop.demo import demo_people
from esop.rules.rrn import generate_valid_rrn

PIN = "135790"
PEOPLE = {  # user id: (name, birth, mobile)
    "hong1234": ("홍길동", "19710321", "010-4784-1234"),
    "kang5678": ("강민지", "19880914", "010-5511-2233"),
    "yoon9012": ("윤서준", "19920203", "010-6622-3344"),
}
_used_otp: set[str] = set()


def rrn_of(user_id: str) -> str:
    if user_id == "hong1234":
        return demo_people()[0][1]
    birth = dt.datetime.strptime(PEOPLE[user_id][1], "%Y%m%d").date()
    sex = "F" if user_id == "kang5678" else "M"
    return generate_valid_rrn(birth, sex, rng=random.Random(f"esop-demo-{user_id}"))


def console(page, base, path):
    return page.request.get(base + path).json()


def newest_code(page, base, phone):
    return next(m["code"] for m in console(page, base, f"/sandbox/messages.json?to={phone}") if m["code"])


def fresh_otp(page, base, user_id):
    """An OTP code not used before (a code is accepted once in its 30-second window)."""
    for _ in range(40):
        code = next(o["code"] for o in console(page, base, "/sandbox/otp.json") if o["user_id"] == user_id)
        if code not in _used_otp:
            _used_otp.add(code)
            return code
        time.sleep(1)
    raise AssertionError("no fresh OTP code")


def card_code(page, base, user_id, label):
    """The security card's answer for a label like '26 번째 암호 중 앞 두자리', read off the sandbox console."""
    html = page.request.get(base + "/sandbox/").text()
    table = html[html.index(f"{user_id} 보안카드"):]
    table = table[:table.index("</table>")]
    codes = dict(re.findall(r'<th scope="row">(\d+)</th><td>(\d+)</td>', table))
    number = re.match(r"(\d+)", label).group(1)
    return codes[number][:2] if "앞" in label else codes[number][-2:]


def card_serial(page, base, user_id):
    html = page.request.get(base + "/sandbox/").text()
    return re.search(rf"{user_id} 보안카드 — 일련번호 (\d+)", html).group(1)[-3:]


def issue_in_console(page, base, user_id, cloud_label):
    """The sandbox console issues a certificate 'at another institution' for a demo member."""
    name, _, phone = PEOPLE[user_id]
    page.goto(base + "/sandbox/#sb-cert")
    page.get_by_label("클라우드", exact=True).select_option(label=cloud_label)
    page.get_by_label("이름", exact=True).fill(name)
    page.get_by_label("주민등록번호", exact=True).fill(rrn_of(user_id))
    page.get_by_label("휴대폰번호", exact=True).fill(phone)
    page.get_by_label("인증서 비밀번호", exact=True).fill(PIN)
    page.get_by_role("button", name="인증서 발급").click()
    page.get_by_text("인증서를 발급했습니다").wait_for()


class _Pointer:
    """The quickest means: Playwright's fill/check/click."""
    def __init__(self, page):
        self.page = page

    def fill(self, locator, value):
        locator.fill(value)

    def check(self, locator):
        locator.check()

    def press(self, locator):
        locator.click()

    def choose(self, locator, index):
        locator.select_option(index=index)


class _Keys(_Pointer):
    """Keyboard alone: Tab to each control, type, Space for boxes and radios, Enter for buttons and
    links, arrows in selects (browserkit's key_* helpers)."""
    def fill(self, locator, value):
        key_fill(self.page, locator, value)

    def check(self, locator):
        if not locator.is_checked():
            key_press(self.page, locator, "Space")
        assert locator.is_checked()

    def press(self, locator):
        key_press(self.page, locator, "Enter")

    def choose(self, locator, index):
        tab_to_element(self.page, locator)
        for _ in range(index - locator.evaluate("s => s.selectedIndex")):
            self.page.keyboard.press("ArrowDown")


def ui(page, keyboard=False):
    return _Keys(page) if keyboard else _Pointer(page)


def identity(page, user_id, password="Esop#2026", keyboard=False):
    act = ui(page, keyboard)
    if page.get_by_label("증권금융 인터넷뱅킹 ID").get_attribute("readonly") is None:
        act.fill(page.get_by_label("증권금융 인터넷뱅킹 ID"), user_id)
    act.fill(page.get_by_label("증권금융 인터넷뱅킹 비밀번호"), password)
    act.fill(page.get_by_label("주민등록번호"), rrn_of(user_id))
    with page.expect_navigation():   # a plain form post (a key press does not wait for it as a click does)
        act.press(page.get_by_role("button", name="다음"))


def pass_verification(page, base, user_id, label, keyboard=False, stop_at=None, back_at="/certcenter/"):
    """The toolkit's steps, whatever the plan holds for this member, until back at `back_at` (or until the
    first step whose title starts with `stop_at`)."""
    act = ui(page, keyboard)
    phone = PEOPLE[user_id][2]
    for _ in range(12):
        page.wait_for_load_state()
        if back_at in page.url:
            return
        title = page.locator("#step-title").inner_text()
        if stop_at and title.startswith(stop_at):
            return
        assert_no_axe_violations(page, f"{label}: {title}")
        step = page.locator("#verify-step")
        if title == "예수금 계좌 인증":
            act.check(step.locator("input[name=account]").first)
            act.fill(step.get_by_label("예수금계좌비밀번호"), "7394")
            act.press(step.get_by_role("button", name="확인"))
        elif title == "본인확인 추가인증":
            act.check(step.get_by_label("휴대폰 SMS 인증"))
            act.press(step.get_by_role("button", name="다음"))
        elif title == "보안확인 수단":   # a card-only member may pass by 1원 이체 instead (issue 17); the card here
            act.check(step.get_by_label("보안카드", exact=True))
            act.press(step.get_by_role("button", name="다음"))
        elif title == "휴대폰 SMS 인증":
            act.press(step.get_by_role("button", name="인증번호 요청"))
            step.locator("#code").wait_for()
            act.fill(step.locator("#code"), newest_code(page, base, phone))
            act.press(step.get_by_role("button", name="확인"))
        elif "보안카드" in title:
            act.fill(step.get_by_label("보안카드 일련번호 끝 3자리"), card_serial(page, base, user_id))
            for field in ("#first", "#second"):
                label_text = step.locator(f"label[for={field[1:]}]").inner_text()
                act.fill(step.locator(field), card_code(page, base, user_id, label_text))
            act.press(step.get_by_role("button", name="확인"))
        elif "OTP" in title:
            serial = next(o["serial"] for o in console(page, base, "/sandbox/otp.json") if o["user_id"] == user_id)
            act.fill(step.get_by_label("OTP일련번호"), serial)
            act.fill(step.locator("#code"), fresh_otp(page, base, user_id))
            act.press(step.get_by_role("button", name="확인"))
        elif "1원" in title:
            act.choose(step.get_by_label("금융기관명"), 1)
            act.fill(step.get_by_label("본인 명의 계좌번호"), "1002123456789")
            act.press(step.get_by_role("button", name="1원 보내기"))
            step.locator("#code").wait_for()
            memo = console(page, base, "/sandbox/transfers.json")[0]["memo"]
            act.fill(step.locator("#code"), re.sub(r"\D", "", memo)[-6:])
            act.press(step.get_by_role("button", name="확인"))
        elif title == "추가인증 완료":
            act.press(step.get_by_role("link", name="다음"))
        else:
            raise AssertionError(f"unexpected verification step {title!r}")
        wait_until(page, "!document.querySelector('#step-title') || "
                         f"document.querySelector('#step-title').innerText !== {json.dumps(title)}")
        if page.context.__dict__.get("_esop_js", True) and "/verify/" in page.url:
            # The next step was swapped in: focus on its heading, so a screen reader reads where it is.
            wait_until(page, "document.activeElement && document.activeElement.id === 'step-title'")
            assert page.locator("#step-title").aria_snapshot().startswith("- heading")
    raise AssertionError("verification did not finish")


def connect_cloud(page, base, user_id, kind, label, javascript=True, keyboard=False):
    """The cloud window: 고객정보 입력 → 확인코드 (financial) or 기기인증 answered in the console (joint)."""
    act = ui(page, keyboard)
    name, birth, phone = PEOPLE[user_id]
    assert_no_axe_violations(page, f"{label}: 고객정보 입력")
    act.fill(page.get_by_label("이름", exact=True), name)
    act.fill(page.get_by_label("생년월일"), birth)
    act.fill(page.get_by_label("휴대폰번호"), phone)
    if kind == "financial":
        act.press(page.get_by_role("button", name="확인"))
        page.get_by_label("확인코드", exact=True).wait_for()
        assert_no_axe_violations(page, f"{label}: 확인코드")
        act.fill(page.get_by_label("확인코드", exact=True), newest_code(page, base, phone))
        act.press(page.get_by_role("button", name="전송"))
        return
    act.check(page.get_by_label("자동연결"))
    act.press(page.get_by_role("button", name="클라우드 재연결"))
    if page.get_by_label("클라우드 인증서비스 이용약관에 동의합니다").count():
        assert_no_axe_violations(page, f"{label}: 약관동의")
        act.check(page.get_by_label("클라우드 인증서비스 이용약관에 동의합니다"))
        act.press(page.get_by_role("button", name="다음"))
    number = page.locator("#device-number").inner_text()
    assert_no_axe_violations(page, f"{label}: 기기인증 대기")
    if javascript:   # polled every 2 s: the swaps say nothing until the answer (no flood)
        view = page.locator("#device-status").aria_snapshot()
        assert "회신을 기다리고 있습니다" in view, view
    phone_page = page.context.new_page()     # the member's phone, in the sandbox console
    phone_page.goto(base + "/sandbox/#sb-devices")
    phone_page.get_by_label(f"{phone} 문자 회신 숫자").first.fill(number)
    phone_page.get_by_role("button", name="회신").first.click()
    phone_page.get_by_text("기기인증 완료").wait_for()
    phone_page.close()
    if javascript:
        page.locator("#device-status").get_by_text("기기인증이 완료되어 클라우드에 연결되었습니다.").wait_for(timeout=15000)
        assert_announced(page, "연결되었습니다")   # announced politely, in a region that can be heard
        assert page.evaluate("() => document.activeElement.matches('#device-status .notice')")   # focus on it
        assert "연결되었습니다" in page.locator("#device-status").aria_snapshot()
        assert page.locator("#device-status").get_attribute("hx-trigger") is None   # polling stopped
        assert_no_axe_violations(page, f"{label}: 기기인증 완료")
        act.press(page.get_by_role("link", name="인증서 목록 보기"))
    else:
        act.press(page.get_by_role("button", name="인증 확인"))


def sign_with_valid_certificate(page, label, keyboard=False):
    page.locator(".cert-choice").first.wait_for()
    assert_no_axe_violations(page, f"{label}: 인증서 선택")
    valid = page.locator(".cert-choice").filter(has_not_text="유효기간 만료").first.locator("input[type=radio]")
    if keyboard:
        key_press(page, valid, "Space")
        assert valid.is_checked()
        page.keyboard.press("Tab")
        assert focused(page)["id"] == "pin"
        page.keyboard.type(PIN)
        page.keyboard.press("Enter")
    else:
        valid.check()
        page.get_by_label("인증서 비밀번호 (6자리)").fill(PIN)
        page.get_by_role("button", name="확인").click()
