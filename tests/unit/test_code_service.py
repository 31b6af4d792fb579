"""The code service (esop/codes.py) and the named limits (esop/limits.py) without the app, so
`make mutate` reaches them (issue 13): what is texted, what each refusal says, what is counted under
which name, and how a code is bound to its asker and person."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from esop import codes, limits
from esop.adapters import ProviderError
from esop.config import LIMITS
from esop.models.audit import AuditEvent
from esop.models.throttle import count_failure
from esop.models.verify import HELD_ELSEWHERE, MAX_WRONG, CodeCheck, OneTimeCode
from esop.results import FieldError
from esop.security import crypto
from servicekit import CODE_RESEND_SECONDS, SMS_CODE_SECONDS, service_world

T0 = dt.datetime(2030, 1, 1, 9, 0, 0)
PHONE = "010-1234-5678"


@pytest.fixture
def world():
    with service_world() as app:
        yield app


def counted(key: str, window: int, now: dt.datetime = T0) -> int:
    """How many attempts `key` holds in its window (reading it counts one more, left out here); a named
    limit's key is counted under "limit:" (esop/limits.py)."""
    from esop.config import LIMITS
    if key.split(":", 1)[0] in LIMITS:
        key = "limit:" + key
    return count_failure(key, window, now=now) - 1


def sent(kind="verify.sms", subject="flow:1", person="p1", to=PHONE, ip="10.0.0.1", now=T0, **kw):
    """Send one code; (row, the code texted, the body texted)."""
    got = []
    row = codes.send(kind, subject=subject, person=person, to=to, ip=ip, now=now,
                     deliver=lambda code: got.append((code, codes.body(kind, code))), **kw)
    return row, *got[0]


def replays() -> int:
    return AuditEvent.select().where(AuditEvent.event == "code.replay").count()


# --- what is texted -----------------------------------------------------------------------------


def test_every_kind_is_texted_in_its_own_words(world):
    assert codes.body("verify.sms", "123456") == (
        "[esop 추가인증] 인증번호 [123456]를 3분 안에 입력해 주십시오. 타인에게 절대 알려주지 마십시오.")
    assert codes.body("verify.transfer", "123") == "esop123"
    assert codes.body("account.mobile", "654321") == (
        "[esop 우리사주뱅킹] 휴대전화번호 변경 인증번호 [654321]를 3분 안에 입력해 주십시오.")
    assert codes.body("certcloud.financial", "111222") == (
        "[금융인증서] 확인코드 [111222]를 화면에 입력해 주십시오. (3분 이내)")
    assert codes.body("signup.identity", "1") == ""          # the carrier texts it
    assert {k: (v.purpose, v.label) for k, v in codes.KINDS.items()} == {
        "signup.identity": ("signup.identity", "인증번호"), "verify.sms": ("verify.sms", "인증번호"),
        "verify.transfer": ("verify.transfer", "인증번호"), "account.mobile": ("account.mobile", "인증번호"),
        "certcloud.financial": ("certcloud.financial", "확인코드")}


def test_a_kind_lives_as_long_as_configured_unless_it_says_otherwise(world):
    assert codes.seconds_of("verify.sms") == SMS_CODE_SECONDS
    world.config["SMS_CODE_SECONDS"] = 300
    assert codes.body("verify.sms", "1").count("5분") == 1
    assert codes.Kind("x", "y").text == "" and codes.Kind("x", "y").seconds == 0
    codes.KINDS["unit.own"] = codes.Kind("unit.own", "번호", "{minutes}", 600)
    try:
        assert codes.seconds_of("unit.own") == 600 and codes.body("unit.own", "1") == "10"
    finally:
        del codes.KINDS["unit.own"]


def test_every_refusal_reads_the_same_for_every_kind(world):
    assert codes.message("verify.sms", CodeCheck(True)) == ""
    assert codes.message("verify.sms", CodeCheck(False, "wrong", 3)) == (
        "인증번호가 일치하지 않습니다. 3회 더 틀리면 인증번호를 더 이상 쓸 수 없습니다.")
    assert codes.message("certcloud.financial", CodeCheck(False, "expired")) == (
        "확인코드 입력 시간이 지났습니다(3분). 확인코드를 다시 요청해 주십시오.")
    assert codes.message("verify.sms", CodeCheck(False, "void")) == (
        f"인증번호를 {MAX_WRONG}회 잘못 입력하여 무효가 되었습니다. 이 인증번호는 더 이상 쓸 수 없습니다. "
        "인증번호를 다시 요청해 주십시오.")
    assert codes.message("verify.sms", CodeCheck(False, "none")) == "유효한 인증번호가 없습니다. 인증번호를 다시 요청해 주십시오."


# --- sending ------------------------------------------------------------------------------------


def test_a_code_is_stored_under_its_asker_and_a_keyed_tag_of_its_person(world):
    row, code, text = sent()
    tag = hmac.new(crypto.keyring().index_key, b"code-person\x00p1", hashlib.sha256).hexdigest()[:20]
    assert (row.purpose, row.subject, row.target, row.status) == ("verify.sms", f"flow:1/{tag}", PHONE, "open")
    assert len(code) == 6 and f"[{code}]" in text
    assert row.expires_at - row.created_at >= dt.timedelta(seconds=SMS_CODE_SECONDS - 1)
    assert row.expires_at - row.created_at <= dt.timedelta(seconds=SMS_CODE_SECONDS + 1)
    assert codes.confirm("verify.sms", subject="flow:1", person="p1", code=code) == (CodeCheck(True), row)


def test_the_row_keeps_the_target_when_one_is_given(world):
    row, _, _ = sent(target="010-****-5678")
    assert row.target == "010-****-5678"


def test_the_resend_wait_refuses_a_second_code_and_says_how_long(world):
    sent()
    with pytest.raises(FieldError) as refused:
        sent(now=T0 + dt.timedelta(seconds=10))
    assert refused.value.message == str(refused.value) == "인증번호는 50초 후에 다시 요청하실 수 있습니다."
    assert refused.value.retry_after == 0    # a wait, not a limit: no 429
    assert counted("code.resend:verify.sms:flow:1", CODE_RESEND_SECONDS) == 2
    sent(now=T0 + dt.timedelta(seconds=CODE_RESEND_SECONDS))      # the wait is over
    sent(subject="flow:2", now=T0 + dt.timedelta(seconds=10))     # another asker never waited


def test_the_send_limits_count_the_session_the_number_and_the_ip(world):
    sent(ip="10.0.0.9", to="010 1234 5678")
    assert counted("code.session:verify.sms:flow:1", 900) == 1
    assert counted("code.number:01012345678", 3600) == 1
    assert counted("code.ip:10.0.0.9", 3600) == 1
    sent(ip="", subject="flow:2")
    assert counted("code.ip:", 3600) == 0                          # no IP: not counted under ""
    assert counted("code.number:01012345678", 3600) == 3


def test_a_reached_limit_refuses_with_its_sentence_and_retry_after(world):
    world.config["LIMITS"]["code.session"] = (2, 900)
    for step in range(2):
        sent(now=T0 + dt.timedelta(seconds=CODE_RESEND_SECONDS * step))
    with pytest.raises(FieldError) as refused:
        sent(now=T0 + dt.timedelta(seconds=CODE_RESEND_SECONDS * 2))
    assert refused.value.message == (
        "인증번호 요청 횟수(15분에 2회)를 넘었습니다. 14분 후에 다시 시도해 주십시오.")
    assert refused.value.retry_after == 780   # a named limit: 429 with Retry-After


def test_a_provider_refusal_voids_the_code_it_could_not_send(world):
    def fail(code):
        raise ProviderError("문자 발송 실패")
    sent(subject="flow:0")
    with pytest.raises(FieldError) as refused:
        codes.send("verify.sms", subject="flow:1", person="p1", to=PHONE, ip="", deliver=fail, now=T0)
    assert (refused.value.message, refused.value.retry_after) == ("문자 발송 실패", 0)
    assert OneTimeCode.get(OneTimeCode.subject.startswith("flow:1/")).status == "void"
    assert OneTimeCode.get(OneTimeCode.subject.startswith("flow:0/")).status == "open"   # only its own code


def test_a_provider_held_code_is_recorded_under_the_bound_subject(world):
    asked = []
    expires = T0 + dt.timedelta(minutes=3)
    row = codes.send_by_provider("signup.identity", subject="flow:7", person="p7", to=PHONE, ip="1.1.1.1",
                                 request=lambda bound: asked.append(bound) or expires, now=T0)
    assert asked == [row.subject] and row.subject.startswith("flow:7/")
    assert (row.code_hash, row.target, row.expires_at, row.purpose) == (HELD_ELSEWHERE, PHONE, expires,
                                                                        "signup.identity")
    assert counted("code.ip:1.1.1.1", 3600) == 1 and counted("code.session:signup.identity:flow:7", 900) == 1
    assert counted("code.resend:signup.identity:flow:7", CODE_RESEND_SECONDS) == 1
    with pytest.raises(FieldError):    # the resend wait holds for provider codes too
        codes.send_by_provider("signup.identity", subject="flow:7", person="p7", to=PHONE, ip="",
                               request=lambda bound: expires, now=T0)


def test_a_provider_that_cannot_issue_refuses_with_its_message(world):
    def down(bound):
        raise ProviderError("본인인증 기관 오류")
    with pytest.raises(FieldError) as refused:
        codes.send_by_provider("signup.identity", subject="flow:7", person="p7", to=PHONE, ip="",
                               request=down, now=T0)
    assert refused.value.message == "본인인증 기관 오류" and OneTimeCode.select().count() == 0


def test_a_notice_waits_and_counts_like_a_code_unless_told_otherwise(world):
    texts = []
    codes.notify("cloud.device", subject="link:1", to=PHONE, ip="5.5.5.5", deliver=lambda: texts.append(1), now=T0)
    assert counted("code.session:cloud.device:link:1", 900) == 1 and counted("code.ip:5.5.5.5", 3600) == 1
    with pytest.raises(FieldError):
        codes.notify("cloud.device", subject="link:1", to=PHONE, ip="", deliver=lambda: texts.append(2), now=T0)
    codes.notify("alert", subject="member:1", to=PHONE, ip="", deliver=lambda: texts.append(3), now=T0,
                 resend=False, counts={"alert.number": "01012345678"})
    codes.notify("alert", subject="member:1", to=PHONE, ip="", deliver=lambda: texts.append(4), now=T0,
                 resend=False, counts={"alert.number": "01012345678"})
    assert texts == [1, 3, 4]
    assert counted("alert.number:01012345678", 3600) == 2
    assert counted("code.session:alert:member:1", 900) == 0


def test_a_notice_the_provider_refuses_is_a_refusal(world):
    def fail():
        raise ProviderError("발송 불가")
    with pytest.raises(FieldError) as refused:
        codes.notify("alert", subject="m", to=PHONE, ip="", deliver=fail, resend=False, now=T0)
    assert refused.value.message == "발송 불가"


# --- checking -----------------------------------------------------------------------------------


def test_a_code_is_no_code_for_another_person_or_asker(world):
    row, code, _ = sent()
    assert codes.challenge("verify.sms", subject="flow:1", person="p1") == row
    assert codes.challenge("verify.sms", subject="flow:1", person="p2") is None
    assert codes.confirm("verify.sms", subject="flow:1", person="p2", code=code) == (CodeCheck(False, "none"), None)
    assert codes.confirm("verify.sms", subject="flow:2", person="p1", code=code)[0] == CodeCheck(False, "none")
    assert codes.confirm("verify.sms", subject="flow:1", person="p1", code=code)[0] == CodeCheck(True)


def test_a_code_sent_to_another_number_is_no_code(world):
    row, code, _ = sent()
    assert codes.challenge("verify.sms", subject="flow:1", person="p1", target=PHONE) == row
    assert codes.challenge("verify.sms", subject="flow:1", person="p1", target="010-0000-0000") is None
    assert codes.confirm("verify.sms", subject="flow:1", person="p1", code=code,
                         target="010-0000-0000") == (CodeCheck(False, "none"), None)
    assert OneTimeCode.get_by_id(row.id).attempts == 0          # not even a try was counted
    assert codes.confirm("verify.sms", subject="flow:1", person="p1", code=code, target=PHONE)[0].ok
    assert codes.challenge("verify.sms", subject="flow:1", person="p1") is None   # used: no open code


def test_no_code_at_all_is_none_even_with_a_target(world):
    assert codes.confirm("verify.sms", subject="f", person="p", code="1", target=PHONE) == (CodeCheck(False, "none"), None)
    assert codes.challenge("verify.sms", subject="f", person="p") is None


def test_a_code_typed_again_after_its_step_is_logged_as_a_replay(world):
    _, code, _ = sent()
    codes.confirm("verify.sms", subject="flow:1", person="p1", code=code)
    codes.note_replay("verify.sms", subject="flow:1", person="p1", code="x" + code)
    assert replays() == 0
    codes.note_replay("verify.sms", subject="flow:1", person="p1", code=code)
    assert replays() == 1


def test_a_code_held_by_the_provider_is_checked_by_it_once_counted(world):
    expires = T0 + dt.timedelta(minutes=3)
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: expires, now=T0)
    asked = []

    def check(bound, code):
        asked.append((bound, code, OneTimeCode.get_by_id(row.id).attempts))
        return CodeCheck(False, "wrong") if code == "000000" else CodeCheck(True)

    def confirm(code, **kw):
        return codes.confirm("signup.identity", subject="f", person="p", code=code, provider_check=check,
                             now=kw.pop("now", T0), **kw)

    assert confirm("000000") == (CodeCheck(False, "wrong", MAX_WRONG - 1), row)
    assert asked == [(row.subject, "000000", 1)]                 # counted before the provider compared
    assert confirm("123456", target=PHONE) == (CodeCheck(True), row)
    assert OneTimeCode.get_by_id(row.id).status == "used"
    assert confirm("123456") == (CodeCheck(False, "none"), row)  # typed again: a replay, logged
    assert replays() == 1 and len(asked) == 2


def test_a_provider_code_that_expired_or_was_voided_is_not_asked_about(world):
    expires = T0 + dt.timedelta(minutes=3)
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: expires, now=T0)

    def check(bound, code):
        raise AssertionError("the provider must not be asked")

    def confirm(now):
        return codes.confirm("signup.identity", subject="f", person="p", code="1", provider_check=check, now=now)

    assert confirm(expires) == (CodeCheck(False, "expired"), row)
    OneTimeCode.update(attempts=MAX_WRONG).where(OneTimeCode.id == row.id).execute()
    assert confirm(T0) == (CodeCheck(False, "void"), row)        # every try taken: refused unchecked
    OneTimeCode.update(status="void").where(OneTimeCode.id == row.id).execute()
    assert confirm(T0) == (CodeCheck(False, "void"), row)
    assert confirm(expires) == (CodeCheck(False, "void"), row)   # void says so even once it expired
    assert replays() == 0


def test_a_provider_code_confirmed_without_a_time_uses_the_clock(world):
    past = dt.datetime.now() - dt.timedelta(seconds=1)
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: past)
    assert codes.confirm("signup.identity", subject="f", person="p", code="1",
                         provider_check=lambda b, c: CodeCheck(True)) == (CodeCheck(False, "expired"), row)


def test_provider_answers_use_up_the_tries_and_its_other_verdicts_pass_through(world):
    expires = T0 + dt.timedelta(minutes=3)
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: expires, now=T0)
    answers = [CodeCheck(False, "wrong")] * (MAX_WRONG - 1) + [CodeCheck(False, "expired"), CodeCheck(False, "wrong")]
    results = [codes.confirm("signup.identity", subject="f", person="p", code="1", now=T0,
                             provider_check=lambda b, c, a=a: a)[0] for a in answers]
    assert [r.remaining for r in results[:MAX_WRONG - 1]] == [4, 3, 2, 1]
    assert results[MAX_WRONG - 1] == CodeCheck(False, "expired")     # the provider's own verdict
    assert results[MAX_WRONG] == CodeCheck(False, "void")              # every try taken: refused unchecked
    assert OneTimeCode.get_by_id(row.id).attempts == MAX_WRONG


def test_a_provider_that_cannot_check_refuses_and_a_racing_use_wins(world):
    expires = T0 + dt.timedelta(minutes=3)
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: expires, now=T0)

    def down(bound, code):
        raise ProviderError("기관 응답 없음")
    with pytest.raises(FieldError) as refused:
        codes.confirm("signup.identity", subject="f", person="p", code="1", provider_check=down, now=T0)
    assert refused.value.message == "기관 응답 없음"

    def raced(bound, code):       # another request used the code while the provider answered
        OneTimeCode.update(status="used").where(OneTimeCode.id == row.id).execute()
        return CodeCheck(True)
    assert codes.confirm("signup.identity", subject="f", person="p", code="1", provider_check=raced,
                         now=T0) == (CodeCheck(False, "none"), row)


def test_a_provider_check_is_not_asked_about_a_code_held_here(world):
    _, code, _ = sent()

    def check(bound, typed):
        raise AssertionError("held here: checked here")
    assert codes.confirm("verify.sms", subject="flow:1", person="p1", code=code,
                         provider_check=check)[0] == CodeCheck(True)


# --- named limits -------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds, span", [(3600, "1시간"), (7200, "2시간"), (900, "15분"), (60, "1분"),
                                           (90, "90초"), (30, "30초")])
def test_a_window_is_named_in_the_largest_whole_unit(seconds, span):
    assert limits._span(seconds) == span


@pytest.mark.parametrize("seconds, minutes", [(0, 1), (59, 1), (60, 2), (780, 14)])
def test_the_retry_sentence_names_the_next_whole_minute(seconds, minutes):
    assert limits.retry_sentence(seconds) == f"{minutes}분 후에 다시 시도해 주십시오."


def test_every_limit_has_a_lead_and_each_reads_as_written():
    assert set(limits.LEADS) == set(LIMITS)
    assert limits.LEADS == {
        "login.ip": "로그인 시도가 너무 많습니다.",
        "realname.ip": "실명확인 요청이 너무 많습니다.",
        "realname.rrn": "이 주민등록번호로 실명확인을 너무 많이 시도했습니다.",
        "idcheck.flow": "중복확인 요청이 너무 많습니다.",
        "idcheck.ip": "중복확인 요청이 너무 많습니다.",
        "code.number": "이 번호로 보낸 인증번호 요청이 너무 많습니다.",
        "code.ip": "인증번호 요청이 너무 많습니다.",
        "code.session": "인증번호 요청 횟수({window}에 {count}회)를 넘었습니다.",
        "alert.number": "보안 알림 문자가 너무 많습니다.",
        "ars.member": "전화 승인요청 횟수({window}에 {count}회)를 넘었습니다.",
        "certcenter.identity.ip": "본인확인 요청이 너무 많습니다.",
        "certcenter.identity.id": "본인확인 요청이 너무 많습니다.",
        "recovery.ip": "본인확인 시도가 너무 많습니다.",
        "recovery.id": "본인확인 시도가 너무 많습니다.",
        "withdraw.member": "본인확인 시도가 너무 많습니다.",
        "findid.ip": "아이디 찾기 요청이 너무 많습니다.",
        "findid.number": "이 번호로 보낸 아이디 안내 문자가 너무 많습니다.",
    }


def test_limits_come_from_the_app_and_else_from_the_defaults(world):
    world.config["LIMITS"]["login.ip"] = (3, 60)
    assert limits.configured("login.ip") == (3, 60)
    del world.config["LIMITS"]
    assert limits.configured("login.ip") == LIMITS["login.ip"]


def test_limits_outside_an_app_are_the_defaults():
    assert limits.configured("code.ip") == LIMITS["code.ip"]


def test_every_limit_counts_the_attempt_and_the_first_refusal_is_told(world):
    world.config["LIMITS"].update({"login.ip": (1, 600), "recovery.id": (1, 900), "ars.member": (2, 3600)})
    assert limits.check({"login.ip": "1.2.3.4", "ars.member": "m1"}, now=T0) is None
    refused = limits.check({"recovery.id": "x", "login.ip": "1.2.3.4", "ars.member": "m1"}, now=T0)
    assert (refused.field, refused.message, refused.retry_after) == (
        "", "로그인 시도가 너무 많습니다. 11분 후에 다시 시도해 주십시오.", 600)
    refused = limits.check({"ars.member": "m1", "login.ip": "1.2.3.4"}, now=T0 + dt.timedelta(seconds=1))
    assert (refused.message, refused.retry_after) == (
        "전화 승인요청 횟수(1시간에 2회)를 넘었습니다. 60분 후에 다시 시도해 주십시오.", 3599)
    assert counted("login.ip:1.2.3.4", 600) == 3 and counted("ars.member:m1", 3600) == 3
    assert counted("recovery.id:x", 900) == 1


def test_a_limit_counts_in_the_window_of_the_time_given(world):
    world.config["LIMITS"]["code.ip"] = (1, 60)
    assert limits.check({"code.ip": "9.9.9.9"}, now=T0) is None
    assert limits.check({"code.ip": "9.9.9.9"}, now=T0 + dt.timedelta(seconds=59)) is not None
    assert limits.check({"code.ip": "9.9.9.9"}, now=T0 + dt.timedelta(seconds=60)) is None


def test_an_operator_overrides_a_limit_by_its_name_and_a_typo_stops_the_start():
    from esop.config import ConfigError, _limits, limit_variable
    assert limit_variable("certcenter.identity.ip") == "ESOP_LIMIT_CERTCENTER_IDENTITY_IP"
    assert _limits({}) == LIMITS and _limits({"ESOP_LIMIT_LOGIN_IP": "  "}) == LIMITS
    assert _limits({"ESOP_LIMIT_CODE_NUMBER": " 7 / 60 ", "OTHER": "x"}) == dict(LIMITS, **{"code.number": (7, 60)})
    for bad in ("7", "7/0", "x/60", "-1/60", "7/-60", "7/60s"):
        with pytest.raises(ConfigError, match=r"ESOP_LIMIT_CODE_NUMBER=.*write it as count/seconds"):
            _limits({"ESOP_LIMIT_CODE_NUMBER": bad})
    with pytest.raises(ConfigError, match=r"^ESOP_LIMIT_A, ESOP_LIMIT_B: no such limit \(known: ESOP_LIMIT_ALERT"):
        _limits({"ESOP_LIMIT_B": "1/60", "ESOP_LIMIT_A": "1/60"})


def test_a_provider_code_no_longer_open_is_no_code_and_its_replay_is_logged(world):
    expires = T0 + dt.timedelta(minutes=3)

    def issue():
        return codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                      request=lambda bound: expires, now=T0 + dt.timedelta(minutes=len(rows)))

    def confirm(code):
        return codes.confirm("signup.identity", subject="f", person="p", code=code, now=T0,
                             provider_check=lambda b, c: CodeCheck(True))
    rows = []
    rows.append(issue())
    assert confirm("123456")[0].ok                     # the first code, used
    rows.append(issue())
    for status in ("superseded", "used"):              # the newest, closed while still held by the provider
        OneTimeCode.update(status=status).where(OneTimeCode.id == rows[1].id).execute()
        assert confirm("123456") == (CodeCheck(False, "none"), OneTimeCode.get_by_id(rows[1].id))
    assert replays() == 2 and OneTimeCode.get_by_id(rows[1].id).attempts == 0
    assert confirm("999999")[0] == CodeCheck(False, "none") and replays() == 2


def test_a_provider_code_checked_without_the_provider_is_never_right(world):
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: T0 + dt.timedelta(minutes=3), now=T0)
    assert codes.confirm("signup.identity", subject="f", person="p", code=HELD_ELSEWHERE,
                         now=T0) == (CodeCheck(False, "wrong", MAX_WRONG - 1), row)


def test_a_code_held_here_expires_at_the_time_given(world):
    row, code, _ = sent(now=None)
    assert codes.confirm("verify.sms", subject="flow:1", person="p1", code=code,
                         now=row.expires_at) == (CodeCheck(False, "expired"), row)


def test_the_fifth_wrong_provider_answer_voids_the_code(world):
    row = codes.send_by_provider("signup.identity", subject="f", person="p", to=PHONE, ip="",
                                 request=lambda bound: T0 + dt.timedelta(minutes=3), now=T0)
    results = [codes.confirm("signup.identity", subject="f", person="p", code="1", now=T0,
                             provider_check=lambda b, c: CodeCheck(False, "wrong"))[0] for _ in range(MAX_WRONG)]
    assert results[-1] == CodeCheck(False, "void") and OneTimeCode.get_by_id(row.id).status == "void"


def test_a_named_network_has_its_own_per_ip_limit_and_counter(world):
    """ESOP_NETWORKS (issue 14): an office behind one NAT meets its own numbers, on its own counter;
    other IPs, non-IP keys and per-person limits keep the ordinary ones."""
    import ipaddress
    world.config["NETWORKS"] = [("lab", (ipaddress.ip_network("192.0.2.0/28"),)),
                                ("office", (ipaddress.ip_network("10.9.0.0/16"), ipaddress.ip_network("10.8.0.0/16")))]
    world.config["LIMITS"].update({"code.ip": (1, 3600), "code.ip@office": (3, 3600), "code.ip@lab": (2, 3600),
                                   "recovery.id": (1, 900)})
    assert limits._in_network("code.ip", "10.8.1.2") == "code.ip@office"     # its second CIDR counts too
    assert limits._in_network("code.ip", "192.0.2.3") == "code.ip@lab"
    assert limits._in_network("code.ip", "192.0.2.99") == "code.ip"          # outside every network
    assert limits._in_network("code.ip", "not an ip") == "code.ip"
    assert limits._in_network("recovery.id", "10.9.0.1") == "recovery.id"    # per-person: never widened
    world.config["LIMITS"].pop("code.ip@lab")
    assert limits._in_network("code.ip", "192.0.2.3") == "code.ip"          # a network without its own numbers
    for n in range(3):
        assert limits.check({"code.ip": "10.9.0.1"}, now=T0) is None, n
    refused = limits.check({"code.ip": "10.9.0.1"}, now=T0, field="mobile")
    assert (refused.field, refused.message) == ("mobile", "인증번호 요청이 너무 많습니다. 61분 후에 다시 시도해 주십시오.")
    assert counted("limit:code.ip@office:10.9.0.1", 3600) == 4 and counted("code.ip:10.9.0.1", 3600) == 0
    assert limits.check({"code.ip": "10.1.0.1"}, now=T0) is None
    assert limits.check({"code.ip": "10.1.0.1"}, now=T0) is not None   # the ordinary 1 per hour


def test_without_networks_or_an_app_the_ordinary_limit_is_met(world):
    world.config["NETWORKS"] = []
    assert limits._in_network("code.ip", "10.9.0.1") == "code.ip"
    from flask import Flask
    with Flask("bare").app_context():   # no NETWORKS setting at all
        assert limits._in_network("code.ip", "10.9.0.1") == "code.ip"
