"""Numeric codes and e-mail: esop.rules.codes and esop.rules.email."""
import pytest

from esop.rules import email
from esop.rules.codes import check_numeric_code
from esop.rules.email import check_email, normalize_email


@pytest.mark.parametrize("raw", ["123456", " 123 456 ", "123-456", "１２３４５６"])
def test_sms_code_ok(raw):
    assert check_numeric_code(raw, 6, 6) == ("123456", None)


def test_code_max_defaults_to_min():
    assert check_numeric_code("123456", 6) == ("123456", None)
    assert check_numeric_code("1234567", 6)[0] is None


@pytest.mark.parametrize("raw", ["12345", "1234567", "12a456", "12345６a"])
def test_sms_code_bad(raw):
    value, err = check_numeric_code(raw, 6, 6)
    assert value is None and err == "인증번호는 숫자 6자리로 입력해 주십시오."


def test_code_empty():
    assert check_numeric_code("", 6, 6) == (None, "인증번호를 입력해 주십시오.")
    assert check_numeric_code(None, 6, 6) == (None, "인증번호를 입력해 주십시오.")


def test_otp_range_and_label():
    assert check_numeric_code("12345678", 6, 8, label="OTP 번호") == ("12345678", None)
    assert check_numeric_code("12345", 6, 8, label="OTP 번호") == (None, "OTP 번호는 숫자 6~8자리로 입력해 주십시오.")


def test_label_particle_follows_final_consonant():
    # 받침 → 을/은, none → 를/는, non-Hangul → 를/는
    assert check_numeric_code("", 4, 4, label="PIN")[1] == "PIN를 입력해 주십시오."
    assert check_numeric_code("", 6, 6, label="비밀번호")[1] == "비밀번호를 입력해 주십시오."
    assert check_numeric_code("", 4, 4, label="보안카드 번호 앞 2자리 중 첫째 숫자")[1].startswith("보안카드 번호 앞 2자리 중 첫째 숫자를")
    assert check_numeric_code("1", 4, 4, label="계좌 비밀번호 앞자리 코드")[1].startswith("계좌 비밀번호 앞자리 코드는")
    assert check_numeric_code("1", 4, 4, label="간편 인증")[1].startswith("간편 인증은")


@pytest.mark.parametrize(
    "addr",
    ["hong@example.com", "hong.gildong+esop@mail.example.co.kr", "a@b.kr", " hong@example.com ", "HONG@EXAMPLE.COM", "h_o-n'g@ex-ample.com"],
)
def test_email_ok(addr):
    assert check_email(addr) is None


@pytest.mark.parametrize(
    "addr",
    [
        "hong", "hong@", "@example.com", "hong@example", "hong@@example.com", "hong@exa@mple.com",
        "ho ng@example.com", "hong@exam ple.com", ".hong@example.com", "hong.@example.com", "ho..ng@example.com",
        "hong@-example.com", "hong@example-.com", "hong@example..com", "hong@example.com.", "hong@1.2.3.4",
        "홍길동@example.com", "hong@예시.kr", "hong@exam_ple.com", '"hong"@example.com',
    ],
)
def test_email_invalid(addr):
    assert check_email(addr) == email.MSG_INVALID


def test_email_empty_and_length():
    assert check_email("") == email.MSG_EMPTY
    assert check_email("   ") == email.MSG_EMPTY
    assert check_email(None) == email.MSG_EMPTY
    assert check_email("a" * 65 + "@example.com") == email.MSG_INVALID  # local part > 64
    long_domain = ".".join(["a" * 60] * 4) + ".com"  # 247 chars
    assert len("abcdef@" + long_domain) == 254
    assert check_email("abcdef@" + long_domain) is None
    assert check_email("abcdefg@" + long_domain) == email.MSG_TOO_LONG  # 255 chars


def test_normalize_email():
    assert normalize_email("  Hong.Gil@Example.COM ") == "Hong.Gil@example.com"
    assert normalize_email(None) == ""
