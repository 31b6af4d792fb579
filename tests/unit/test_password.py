"""비밀번호 rules: esop.rules.password."""
import pytest

from esop.rules.password import (
    COMMON_PASSWORDS_PATH,
    PasswordPolicy,
    check_password,
    common_passwords,
    password_errors,
)

GOOD = "Gk7#mPz2"


def rules(pw, user_id=""):
    return {r.key: r.ok for r in check_password(pw, user_id)}


def test_good_password_passes_every_rule():
    res = check_password(GOOD, "hong123")
    assert [r.key for r in res] == ["length", "classes", "no_user_id", "no_repeat", "no_sequence", "not_common"]
    assert all(r.ok for r in res)
    assert password_errors(GOOD, "hong123") == []


def test_every_rule_has_korean_text():
    for r in check_password("", "hong123"):
        assert r.text and any("\uac00" <= c <= "\ud7a3" for c in r.text)
    texts = {r.key: r.text for r in check_password("")}
    assert texts["length"] == "8~64자리"
    assert texts["classes"] == "영문/숫자/특수문자 중 2가지 이상 조합"


@pytest.mark.parametrize("pw,ok", [("Gk7#mPz", False), ("Gk7#mPz2", True), ("Gk7#mPz2" + "xq9w" * 14, True),
                                   ("Gk7#mPz2" + "xq9w" * 14 + "L", False), ("", False)])
def test_length(pw, ok):
    assert rules(pw)["length"] is ok   # 8~64 (ASVS 2.1.2); the manual's 12 is a setting


@pytest.mark.parametrize(
    "pw,ok",
    [
        ("kdjfhgkd", False),  # letters only
        ("19283746", False),  # digits only
        ("!@#$%^&*", False),  # specials only
        ("kdjfhgk9", True),  # letters + digits
        ("kdjfhgk!", True),  # letters + special
        ("1928374!", True),  # digits + special
        ("KDJFhgkd", False),  # upper + lower is still one class ("영문")
    ],
)
def test_classes(pw, ok):
    assert rules(pw)["classes"] is ok


def test_classes_policy():
    res = {r.key: r for r in check_password("kdjfhgk9", policy=PasswordPolicy(min_classes=3))}
    assert not res["classes"].ok and "3가지" in res["classes"].text


def test_user_id_rule():
    assert rules("xhong123!", "Hong123")["no_user_id"] is False
    assert rules("xHONG123!", "hong123")["no_user_id"] is False
    assert rules(GOOD, "hong123")["no_user_id"] is True
    assert "no_user_id" not in rules("xhong123!")  # only when a user id is given


@pytest.mark.parametrize("pw,ok", [("ab1111cd!", False), ("xk9aaaaz", False), ("xk9AaAaz", False), ("xk9aaaz!", True), ("Gk7#mPz2", True)])
def test_no_repeat(pw, ok):
    assert rules(pw)["no_repeat"] is ok


@pytest.mark.parametrize(
    "pw,ok",
    [
        ("x1234!kz", False),
        ("x4321!kz", False),
        ("xabcd!9z", False),
        ("xDCBA!9z", False),
        ("qwer!9zk", False),
        ("z9!asdfk", False),
        ("k9!zxcv!", False),
        ("k!7890kz", False),
        ("x123!kz9", True),  # 3 in a row is allowed
        ("1q2w3e4!", True),  # zig-zag is not a row (the common list catches 1q2w3e4r)
        ("Gk7#mPz2", True),
    ],
)
def test_no_sequence(pw, ok):
    assert rules(pw)["no_sequence"] is ok


@pytest.mark.parametrize("pw", ["qwer1234", "asdf1234", "1q2w3e4r", "a1234567", "password1", "Password1", "PASSWORD", "trustno1", "saranghae"])
def test_common_refused(pw):
    assert rules(pw)["not_common"] is False


def test_common_list_loaded_once_and_large():
    assert COMMON_PASSWORDS_PATH.is_file()
    first = common_passwords()
    assert len(first) >= 3000 and common_passwords() is first  # ASVS v5 6.2.4: at least the top 3,000
    assert all(p == p.lower() for p in first)
    assert not any(p.startswith("#") for p in first)


def test_password_errors_lists_failing_texts():
    errs = password_errors("hong1111", "hong11")
    texts = {r.key: r.text for r in check_password("hong1111", "hong11")}
    assert texts["no_user_id"] in errs and texts["no_repeat"] in errs
    assert texts["length"] not in errs and texts["classes"] not in errs


def test_custom_policy_length_text():
    res = check_password("abcdefg12", policy=PasswordPolicy(min_length=10, max_length=20))
    assert res[0].text == "10~20자리" and res[0].ok is False


def test_none_password():
    assert password_errors(None)  # treated as empty, never raises
