"""Edges of the pure rules that mutation testing (make mutate, issue 13) showed no test pinned down:
each test here fails on a concrete wrong variant of the code (a changed weight, bound or prefix)."""
from __future__ import annotations

import random
from datetime import date

import pytest

from esop.address.synth import SIDOS
from esop.rules import codes, email, phone, romanize, rrn, userid
from esop.rules.address_query import MAX_TEXT, parse_building, parse_text
from esop.rules.password import PasswordPolicy, check_password, password_errors


# --- 주민등록번호 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("position, weight", list(enumerate(rrn._WEIGHTS)))
def test_every_check_digit_weight_counts(position, weight):
    # A 1 in one position and zeros elsewhere isolates that position's weight (2..9, 2..5).
    first12 = "0" * position + "1" + "0" * (11 - position)
    assert rrn.check_digit(first12) == (11 - weight % 11) % 10
    assert rrn.check_digit(first12, foreigner=True) == ((11 - weight % 11) % 10 + 2) % 10


def test_check_digit_of_a_known_number():
    # 710321-1 + 12345 → Σ = 7·2+1·3+0·4+3·5+2·6+1·7+1·8+1·9+2·2+3·3+4·4+5·5 = 122; (11 - 122 % 11) % 10 = 0
    assert rrn.check_digit("710321112345") == 0
    assert rrn.parse_rrn("710321", "1123450", today=date(2026, 1, 1)).ok
    assert rrn.parse_rrn("710321", "1123451", today=date(2026, 1, 1)).error == rrn.MSG_CHECK


def test_a_failed_rrn_says_not_ok_and_which_box():
    bad = rrn.parse_rrn("710332", "1123450", today=date(2026, 1, 1))
    assert bad.ok is False and bad.field == "front" and bad.error == rrn.MSG_BIRTH and bad.digits is None


def test_birth_day_is_the_last_two_front_digits():
    result = rrn.parse_rrn("710321", "1123450", today=date(2026, 1, 1))
    assert result.birth_date == date(1971, 3, 21) and result.sex == "M" and result.foreigner is False


@pytest.mark.parametrize("value", ["710321112345", "71032111234567", "710321-112345x", ""])
def test_spoken_mask_reads_nothing_for_a_wrong_length_or_non_digits(value):
    assert rrn.spoken_mask(value) == "" and rrn.mask_rrn(value) == ""


def test_generated_numbers_are_citizens_unless_asked_and_bad_requests_say_why():
    assert rrn.generate_valid_rrn(date(1971, 3, 21), "M", rng=random.Random(1))[6] == "1"
    with pytest.raises(ValueError, match="^sex must be 'M' or 'F'$"):
        rrn.generate_valid_rrn(date(1971, 3, 21), "X")
    with pytest.raises(ValueError, match="^no RRN 7th digit for year=1850 foreigner=True$"):
        rrn.generate_valid_rrn(date(1850, 1, 1), "M", foreigner=True)


def test_numbers_of_2020_births_have_a_random_last_digit():
    tails = {rrn.generate_valid_rrn(date(2020, 1, 1), "F", rng=random.Random(seed)) for seed in range(30)}
    assert any(rrn.check_digit(t[:12]) != int(t[12]) for t in tails)


def test_spoken_mask_of_a_good_number():
    assert rrn.spoken_mask("710321-1123451") == "710321 다시 1, 뒤 6자리 가림"


# --- 비밀번호 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("pw, ok", [
    ("x9k2m#ppp", True), ("x9k2m#pppp", False),      # 3 repeated at the very end pass, 4 do not
    ("pppx9k2m#", True), ("ppppx9k2m#", False),
    ("x9k2m#789", True), ("x9k2m#6789", False),      # 3 sequential at the end pass, 4 do not
    ("x9k2m#cba", True), ("x9k2m#dcba", False),
])
def test_runs_and_sequences_are_checked_up_to_the_last_character(pw, ok):
    rules = {r.key: r.ok for r in check_password(pw)}
    assert rules["no_repeat"] and rules["no_sequence"] if ok else not (rules["no_repeat"] and rules["no_sequence"])


def test_runs_count_characters_as_typed_not_case_folded_into_more():
    # "ß".upper() is "SS": three ß are three characters, not a run of six.
    assert {r.key: r.ok for r in check_password("x9#ßßß")}["no_repeat"]
    assert not {r.key: r.ok for r in check_password("x9#aAaA")}["no_repeat"]


def test_rule_texts_and_the_user_id_rule_only_with_a_user_id():
    keys = [r.key for r in check_password("x9k2m#ab")]
    assert keys == ["length", "classes", "no_repeat", "no_sequence", "not_common"]
    texts = {r.key: r.text for r in check_password("x9k2m#ab", user_id="hong12")}
    assert texts["no_user_id"] == "아이디 포함 불가" and texts["not_common"] == "흔히 쓰이는 비밀번호 사용 불가"


def test_no_password_fails_length_and_classes_only():
    failing = [r.key for r in check_password(None) if not r.ok]
    assert failing == ["length", "classes"]


def test_without_a_user_id_no_user_id_rule_fails():
    assert password_errors("ab12XXXX#") == ["같은 문자 4번 이상 연속 사용 불가 (예: 1111, aaaa)"]


def test_the_configured_policy_is_applied():
    strict = PasswordPolicy(min_length=12, max_length=64, min_classes=3)
    assert password_errors("x9k2m#ab") == []
    assert password_errors("x9k2m#ab", policy=strict) == ["12~64자리"]
    assert password_errors("x9k2m#ab", "", strict) == ["12~64자리"]


# --- 아이디 ---------------------------------------------------------------------------------------

def test_full_width_range_ends_are_folded_and_neighbours_kept():
    assert userid.normalize_user_id("\uff01\uff5e") == "!~"
    assert userid.normalize_user_id("\uff00\uff5f") == "\uff00\uff5f"


def test_an_id_of_every_letter_and_digit_is_too_long_not_bad_characters():
    assert userid.check_user_id("abcdefghijklmnopqrstuvwxyz0123456789") == userid.MSG_LENGTH


class ScriptedRandom:
    """randint always gives the low end; randrange gives the scripted digits, then 0s."""

    def __init__(self, digits):
        self.digits, self.calls = list(digits), 0

    def randint(self, a, b):
        self.calls += 1
        return a

    def randrange(self, n):
        return self.digits.pop(0) if self.digits else 0


def test_suggestions_never_repeat_the_typed_id_or_a_taken_one():
    # The first candidate is the typed ID itself, then one that is taken, then a free one.
    rng = ScriptedRandom([1, 2, 3, 4, 5, 6])
    taken = {"abcdefghij34"}
    out = userid.suggest_user_ids("abcdefghij12", taken.__contains__, n=1, rng=rng)
    assert out == ["abcdefghij56"]


def test_suggestions_are_distinct_and_give_up_after_five_tries_per_lookup():
    rng = ScriptedRandom([])          # every candidate is "hong1200…": the same one over and over
    out = userid.suggest_user_ids("hong12", lambda c: False, rng=rng, max_lookups=4)
    assert out == ["hong1200"] and rng.calls == 4 * 5


def test_default_suggestions_are_three_and_lookups_twenty():
    assert len(userid.suggest_user_ids("hong12", lambda c: False, rng=random.Random(1))) == 3
    asked = []
    assert userid.suggest_user_ids("hong12", lambda c: not asked.append(c), rng=random.Random(1)) == []
    assert len(asked) == 20


def test_suggestion_digits_are_drawn_from_0_to_9():
    drawn = []

    class Recording(random.Random):
        def randrange(self, *args):
            drawn.append(args)
            return super().randrange(*args)

    userid.suggest_user_ids("hong12", lambda c: False, rng=Recording(3))
    assert {args for args in drawn if len(args) == 1} == {(10,)}   # randint calls randrange(a, b + 1)


def test_suggestions_add_two_to_four_random_digits():
    widths = set()
    for seed in range(200):
        for cand in userid.suggest_user_ids("abcdefgh", lambda c: False, rng=random.Random(seed)):
            assert cand.startswith("abcdefgh"[: 12 - (len(cand) - 8)]) and userid.check_user_id(cand) is None
            widths.add(len(cand) - len(cand.rstrip("0123456789")))
    assert widths == {2, 3, 4}


# --- 전화번호 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", phone.MOBILE_PREFIXES)
def test_every_mobile_prefix_is_accepted(prefix):
    assert phone.normalize_mobile(f"{prefix}12345678") == f"{prefix}-1234-5678"
    assert phone.normalize_mobile(f"{prefix}1234567") == f"{prefix}-123-4567"


@pytest.mark.parametrize("code", phone.AREA_CODES)
def test_every_area_code_is_accepted(code):
    assert phone.normalize_phone(f"{code}1234567") == f"{code}-123-4567"


@pytest.mark.parametrize("typed", ["+82 10-1234-5670", "+82 010-1234-5670", "+821012345670", "82-10-1234-5670"])
def test_international_form_becomes_the_domestic_one(typed):
    assert phone.normalize_mobile(typed) == "010-1234-5670"


@pytest.mark.parametrize("typed, masked", [("1234", "****"), ("123", "***"), ("12345", "1****"), ("", "")])
def test_masking_an_unrecognised_number_hides_at_most_the_last_four(typed, masked):
    assert phone.mask_phone(typed) == masked


# --- 이메일 ---------------------------------------------------------------------------------------

def test_local_part_of_64_characters_is_the_limit():
    assert email.check_email("a" * 64 + "@example.com") is None
    assert email.check_email("a" * 65 + "@example.com") == email.MSG_INVALID


def test_domain_label_of_63_characters_is_the_limit():
    assert email.check_email("hong@" + "a" * 63 + ".com") is None
    assert email.check_email("hong@" + "a" * 64 + ".com") == email.MSG_INVALID


def test_only_the_top_level_label_may_not_be_all_digits():
    assert email.check_email("hong@mail.1.com") is None
    assert email.check_email("hong@1.2.3.4") == email.MSG_INVALID


def test_normalising_lowercases_only_after_the_last_at():
    assert email.normalize_email(" Hong@B@EXAMPLE.com ") == "Hong@B@example.com"


# --- 인증번호 --------------------------------------------------------------------------------------

def test_particles_follow_the_last_syllable_of_the_label():
    assert codes.check_numeric_code("", 6, label="암호문")[1] == "암호문을 입력해 주십시오."
    assert codes.check_numeric_code("", 6, label="암호문 ")[1] == "암호문 을 입력해 주십시오."
    assert codes.check_numeric_code("", 6, label="")[1] == "를 입력해 주십시오."
    assert codes.check_numeric_code("1", 6, label="암호문")[1] == "암호문은 숫자 6자리로 입력해 주십시오."


# --- 로마자 ---------------------------------------------------------------------------------------

def test_the_last_hangul_syllable_is_romanized():
    assert romanize.romanize("힣") == "hit"


def test_l_l_only_right_after_a_final_l():
    assert romanize.romanize("라") == "ra"
    assert romanize.romanize("별 라") == "byeol ra"
    assert romanize.romanize("별라") == "byeolla"


def test_two_syllable_names_and_a_surname_that_is_the_whole_name():
    assert romanize.romanize_name("이산") == "LEE SAN"
    assert romanize.romanize_name("남궁", surname="남궁") == "NAM GUNG"
    assert romanize.romanize_name("김") == ""


# --- 우편번호 검색 ----------------------------------------------------------------------------------

ALL_SIDOS = [row[0] for row in SIDOS]
SIGUNGUS = {"서울특별시": ["영등포구", "중구"], "부산광역시": ["중구", "연제구"]}


def parse(text):
    return parse_text(text, ALL_SIDOS, SIGUNGUS)


@pytest.mark.parametrize("token, sido", [
    ("대구시", "대구광역시"), ("대전시", "대전광역시"),   # "대" alone is both: only "대구" decides
    ("서시", None),                                        # one syllable + 시 names no province
    ("경상남", "경상남도"),                                  # a stem not ending in 시 is used whole
])
def test_city_names_with_si_resolve_to_their_province(token, sido):
    assert parse(f"{token} 국제금융로 10").sido == sido


def test_nothing_found_is_none_not_empty():
    result = parse("국제금융로 10")
    assert result.sido is None and result.sigungu is None
    assert result.mountain is False and result.underground is False
    assert parse("국제금융로").mountain is False and parse("국제금융로").underground is False


def test_a_sigungu_is_looked_up_only_in_its_province():
    assert parse("부산 영등포구 국제금융로").sigungu is None
    assert parse("충북 청주로 10").sigungu is None            # a province without known 시군구
    both = parse("서울 중구 세종대로 110")
    assert (both.sido, both.sigungu, both.name_key, both.main) == ("서울특별시", "중구", "세종대로", 110)


def test_a_glued_number_keeps_the_region_before_it():
    result = parse("서울 국제금융로8길10")
    assert (result.sido, result.name_key, result.main) == ("서울특별시", "국제금융로8길", 10)


def test_mountain_and_underground_numbers():
    mountain = parse("여의도동 산 34-9")
    assert (mountain.mountain, mountain.underground, mountain.main, mountain.sub) == (True, False, 34, 9)
    assert parse("여의도동 34-9").mountain is False
    underground = parse("국제금융로 지하 10")
    assert (underground.underground, underground.mountain, underground.main) == (True, False, 10)


def test_region_is_kept_with_the_message_when_the_name_is_missing_or_short():
    missing = parse("서울 영등포구 !!! 10")
    assert (missing.sido, missing.sigungu) == ("서울특별시", "영등포구") and missing.message
    short = parse("서울 영등포구 가 10")
    assert (short.sido, short.sigungu, short.message) == ("서울특별시", "영등포구", "검색어를 두 글자 이상 입력해 주십시오.")


def test_length_limits_are_inclusive():
    assert parse("가" * MAX_TEXT).message is None and parse("가" * (MAX_TEXT + 1)).message
    assert parse_building("가" * MAX_TEXT).message is None and parse_building("가" * (MAX_TEXT + 1)).message
    assert parse("종로").name_key == "종로" and parse_building("래미").name_key == "래미"


@pytest.mark.parametrize("spaced, glued", [("서울 산 12", "서울 산12"), ("서울 지하 5", "서울 지하5"),
                                           ("여의도동 산 12", "여의도동 산12")])
def test_a_space_between_san_or_jiha_and_its_number_changes_nothing(spaced, glued):
    assert parse(spaced) == parse(glued)


@pytest.mark.parametrize("digits", ["12345678901", "1234567890123"])
def test_a_check_digit_needs_exactly_twelve_digits(digits):
    with pytest.raises(ValueError):
        rrn.check_digit(digits)


def test_the_password_policy_takes_its_lengths_from_the_configuration():
    from esop.rules.password import policy_from
    assert policy_from({"PASSWORD_MIN_LENGTH": 10, "PASSWORD_MAX_LENGTH": 30}) == PasswordPolicy(min_length=10,
                                                                                                  max_length=30)
