"""주민등록번호 rules: esop.rules.rrn and esop.rules.digits."""
import random
from datetime import date, timedelta

import pytest

from esop.rules import rrn
from esop.rules.digits import normalize_digits
from esop.rules.rrn import generate_valid_rrn, mask_rrn, parse_rrn, spoken_mask

TODAY = date(2024, 6, 1)


def split(d13):
    return d13[:6], d13[6:]


def test_normalize_digits():
    assert normalize_digits(" 710-321.1 ") == "7103211"
    assert normalize_digits("７１０３２１") == "710321"
    assert normalize_digits("010－1234　5678") == "01012345678"
    assert normalize_digits("12a4") == "12a4"  # letters are kept so validation rejects them
    assert normalize_digits(None) == ""


# Hand-computed: weights 2,3,4,5,6,7,8,9,2,3,4,5.
# 710321-123456?: 14+3+0+15+12+7+8+18+6+12+20+30 = 145; 145 % 11 = 2; (11-2) % 10 = 9
# 900101-200000?: 18+5+7+16 = 46; 46 % 11 = 2; check 9
# 991231-912345?: 219 % 11 = 10; (11-10) % 10 = 1   (1899, male)
@pytest.mark.parametrize(
    "front,back,birth,sex",
    [
        ("710321", "1234569", date(1971, 3, 21), "M"),
        ("900101", "2000009", date(1990, 1, 1), "F"),
        ("991231", "9123451", date(1899, 12, 31), "M"),
    ],
)
def test_hand_computed_valid(front, back, birth, sex):
    r = parse_rrn(front, back, today=TODAY)
    assert r.ok, r.error
    assert (r.birth_date, r.sex, r.foreigner, r.digits) == (birth, sex, False, front + back)
    assert r.error is None and r.field is None


def test_foreigner_hand_computed():
    # 850315-512345?: sum 190; 190 % 11 = 3; (11-3) % 10 = 8; foreigner +2 → 0
    r = parse_rrn("850315", "5123450", today=TODAY)
    assert r.ok and r.foreigner is True and r.sex == "M" and r.birth_date == date(1985, 3, 15)
    # the citizen check digit (8) is wrong for a foreigner number
    assert not parse_rrn("850315", "5123458", today=TODAY).ok


@pytest.mark.parametrize("seed", range(200))
def test_generated_numbers_are_accepted(seed):
    rng = random.Random(seed)
    birth = date(1850, 1, 1) + timedelta(days=rng.randrange((TODAY - date(1850, 1, 1)).days))
    sex = rng.choice("MF")
    foreigner = birth.year >= 1900 and rng.random() < 0.5
    d = generate_valid_rrn(birth, sex, foreigner=foreigner, rng=rng)
    r = parse_rrn(*split(d), today=TODAY)
    assert r.ok, (d, r.error)
    assert (r.birth_date, r.sex, r.foreigner, r.digits) == (birth, sex, foreigner, d)


def test_wrong_check_digit_rejected_before_2020():
    for seed in range(30):
        d = generate_valid_rrn(date(2019, 12, 31), "F", rng=random.Random(seed))
        bad = d[:12] + str((int(d[12]) + 1) % 10)
        r = parse_rrn(*split(bad), today=TODAY)
        assert not r.ok
        assert r.error == rrn.MSG_CHECK and r.field == "back"


def test_2020_birth_with_random_tail_accepted():
    # Since 2020-10 the tail is random: every last digit must pass.
    for last in range(10):
        r = parse_rrn("200515", f"391827{last}", today=TODAY)
        assert r.ok and r.birth_date == date(2020, 5, 15) and r.sex == "M"


@pytest.mark.parametrize(
    "seventh,century,sex,foreigner",
    [
        ("9", 1800, "M", False), ("0", 1800, "F", False),
        ("1", 1900, "M", False), ("2", 1900, "F", False),
        ("3", 2000, "M", False), ("4", 2000, "F", False),
        ("5", 1900, "M", True), ("6", 1900, "F", True),
        ("7", 2000, "M", True), ("8", 2000, "F", True),
    ],
)
def test_seventh_digit(seventh, century, sex, foreigner):
    birth = date(century + 10, 7, 4)
    d = generate_valid_rrn(birth, sex, foreigner=foreigner, rng=random.Random(1))
    assert d[6] == seventh
    r = parse_rrn(*split(d), today=TODAY)
    assert r.ok and r.birth_date == birth and r.sex == sex and r.foreigner is foreigner


def test_feb_30_rejected():
    r = parse_rrn("900230", "1234567", today=TODAY)
    assert not r.ok and r.error == rrn.MSG_BIRTH and r.field == "front"


def test_feb_29_depends_on_century():
    assert parse_rrn("000229", "1234567", today=TODAY).error == rrn.MSG_BIRTH  # 1900 not leap
    d = generate_valid_rrn(date(2000, 2, 29), "M", rng=random.Random(3))
    assert d.startswith("000229") and parse_rrn(*split(d), today=TODAY).ok


def test_month_13_rejected():
    assert parse_rrn("901301", "1234567", today=TODAY).error == rrn.MSG_BIRTH


def test_future_birth_date_rejected():
    d = generate_valid_rrn(date(2024, 6, 2), "F", rng=random.Random(2))
    r = parse_rrn(*split(d), today=TODAY)
    assert not r.ok and r.error == rrn.MSG_BIRTH and r.field == "front"
    # the same number is fine once that day has come
    assert parse_rrn(*split(d), today=date(2024, 6, 2)).ok


def test_spaces_hyphens_fullwidth_accepted():
    assert parse_rrn(" 710 321 ", "1-234-569", today=TODAY).ok
    assert parse_rrn("７１０３２１", "１２３４５６９", today=TODAY).ok
    assert parse_rrn("710321-", "-1234569", today=TODAY).digits == "7103211234569"


@pytest.mark.parametrize("front", ["", "71032", "7103211", "71O321", "칠일0321", "710321a", None])
def test_front_format(front):
    r = parse_rrn(front, "1234569", today=TODAY)
    assert not r.ok and r.error == rrn.MSG_FRONT and r.field == "front"
    assert r.birth_date is None and r.digits is None


@pytest.mark.parametrize("back", ["", "123456", "12345690", "1234s69", None])
def test_back_format(back):
    r = parse_rrn("710321", back, today=TODAY)
    assert not r.ok and r.error == rrn.MSG_BACK and r.field == "back"


def test_front_error_reported_first():
    assert parse_rrn("7103", "12", today=TODAY).field == "front"


def test_today_defaults_to_real_date():
    assert parse_rrn("710321", "1234569").ok


def test_result_is_frozen():
    r = parse_rrn("710321", "1234569", today=TODAY)
    with pytest.raises(AttributeError):
        r.ok = False


def test_mask_and_spoken_mask():
    assert mask_rrn("7103211234569") == "710321-1******"
    assert mask_rrn("710321-1234569") == "710321-1******"
    assert spoken_mask("7103211234569") == "710321 다시 1, 뒤 6자리 가림"
    # never echo something that is not an RRN
    assert mask_rrn("12345") == "" and spoken_mask("abc") == "" and mask_rrn(None) == ""


def test_generator_rejects_impossible_requests():
    with pytest.raises(ValueError):
        generate_valid_rrn(date(1890, 1, 1), "M", foreigner=True)
    with pytest.raises(ValueError):
        generate_valid_rrn(date(1990, 1, 1), "X")


def test_generator_is_deterministic_with_rng():
    a = generate_valid_rrn(date(1985, 5, 5), "F", rng=random.Random(7))
    b = generate_valid_rrn(date(1985, 5, 5), "F", rng=random.Random(7))
    assert a == b and len(a) == 13 and a.isdigit()
