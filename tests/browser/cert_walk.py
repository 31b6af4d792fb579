"""Walking the certificate center in a real browser: 본인확인, the toolkit's 추가인증, the cloud window."""
from __future__ import annotations

import datetime as dt
import random
import re
import time

from browserkit import assert_no_axe_violations, focused

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


def identity(page, user_id, password="Esop#2026"):
    if page.get_by_label("증권금융 인터넷뱅킹 ID").get_attribute("readonly") is None:
        page.get_by_label("증권금융 인터넷뱅킹 ID").fill(user_id)
    page.get_by_label("증권금융 인터넷뱅킹 비밀번호").fill(password)
    page.get_by_label("주민등록번호").fill(rrn_of(user_id))
    page.get_by_role("button", name="다음").click()


def pass_verification(page, base, user_id, label):
    """The toolkit's steps, whatever the plan holds for this member, until back at /certcenter/."""
    phone = PEOPLE[user_id][2]
    for _ in range(12):
        page.wait_for_load_state()
        if "/certcenter/" in page.url:
            return
        title = page.locator("#step-title").inner_text()
        assert_no_axe_violations(page, f"{label}: {title}")
        step = page.locator("#verify-step")
        if title == "예수금 계좌 인증":
            step.locator("input[name=account]").first.check()
            step.get_by_label("예수금계좌비밀번호").fill("7394")
            step.get_by_role("button", name="확인").click()
        elif title == "본인확인 추가인증":
            step.get_by_label("휴대폰 SMS 인증").check()
            step.get_by_role("button", name="다음").click()
        elif title == "휴대폰 SMS 인증":
            step.get_by_role("button", name="인증번호 요청").click()
            step.locator("#code").wait_for()
            step.locator("#code").fill(newest_code(page, base, phone))
            step.get_by_role("button", name="확인").click()
        elif "OTP" in title:
            step.locator("#code").fill(fresh_otp(page, base, user_id))
            step.get_by_role("button", name="확인").click()
        elif "1원" in title:
            step.get_by_label("금융기관명").select_option(index=1)
            step.get_by_label("본인 명의 계좌번호").fill("1002123456789")
            step.get_by_role("button", name="1원 보내기").click()
            step.locator("#code").wait_for()
            memo = console(page, base, "/sandbox/transfers.json")[0]["memo"]
            step.locator("#code").fill(re.sub(r"\D", "", memo)[-6:])
            step.get_by_role("button", name="확인").click()
        elif title == "추가인증 완료":
            step.get_by_role("link", name="다음").click()
        else:
            raise AssertionError(f"unexpected verification step {title!r}")
        page.wait_for_function("t => !document.querySelector('#step-title') || "
                               "document.querySelector('#step-title').innerText !== t", arg=title)
    raise AssertionError("verification did not finish")


def connect_cloud(page, base, user_id, kind, label, javascript=True):
    """The cloud window: 고객정보 입력 → 확인코드 (financial) or 기기인증 answered in the console (joint)."""
    name, birth, phone = PEOPLE[user_id]
    assert_no_axe_violations(page, f"{label}: 고객정보 입력")
    page.get_by_label("이름", exact=True).fill(name)
    page.get_by_label("생년월일").fill(birth)
    page.get_by_label("휴대폰번호").fill(phone)
    if kind == "financial":
        page.get_by_role("button", name="확인").click()
        page.get_by_label("확인코드", exact=True).wait_for()
        assert_no_axe_violations(page, f"{label}: 확인코드")
        page.get_by_label("확인코드", exact=True).fill(newest_code(page, base, phone))
        page.get_by_role("button", name="전송").click()
        return
    page.get_by_label("자동연결").check()
    page.get_by_role("button", name="클라우드 재연결").click()
    if page.get_by_label("클라우드 인증서비스 이용약관에 동의합니다").count():
        assert_no_axe_violations(page, f"{label}: 약관동의")
        page.get_by_label("클라우드 인증서비스 이용약관에 동의합니다").check()
        page.get_by_role("button", name="다음").click()
    number = page.locator("#device-number").inner_text()
    assert_no_axe_violations(page, f"{label}: 기기인증 대기")
    phone_page = page.context.new_page()     # the member's phone, in the sandbox console
    phone_page.goto(base + "/sandbox/#sb-devices")
    phone_page.get_by_label(f"{phone} 문자 회신 숫자").first.fill(number)
    phone_page.get_by_role("button", name="회신").first.click()
    phone_page.get_by_text("기기인증 완료").wait_for()
    phone_page.close()
    if javascript:
        page.locator("#device-status").get_by_text("기기인증이 완료되어 클라우드에 연결되었습니다.").wait_for(timeout=15000)
        assert "연결되었습니다" in page.locator("#live-status").inner_text()   # announced politely
        assert page.locator("#device-status").get_attribute("hx-trigger") is None   # polling stopped
        assert_no_axe_violations(page, f"{label}: 기기인증 완료")
        page.get_by_role("link", name="인증서 목록 보기").click()
    else:
        page.get_by_role("button", name="인증 확인").click()


def sign_with_valid_certificate(page, label, keyboard=False):
    page.locator(".cert-choice").first.wait_for()
    assert_no_axe_violations(page, f"{label}: 인증서 선택")
    valid = page.locator(".cert-choice").filter(has_not_text="유효기간 만료").first.locator("input[type=radio]")
    if keyboard:
        valid.focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        assert focused(page)["id"] == "pin"
        page.keyboard.type(PIN)
        page.keyboard.press("Enter")
    else:
        valid.check()
        page.get_by_label("인증서 비밀번호 (6자리)").fill(PIN)
        page.get_by_role("button", name="확인").click()
