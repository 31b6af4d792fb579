"""전화번호 rules: esop.rules.phone."""
import pytest

from esop.rules.phone import mask_phone, normalize_mobile, normalize_phone


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("01012345678", "010-1234-5678"),
        ("010-1234-5678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("010.1234.5678", "010-1234-5678"),
        ("０１０１２３４５６７８", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("0111234567", "011-123-4567"),
        ("016-123-4567", "016-123-4567"),
        ("019-1234-5678", "019-1234-5678"),
        ("0101234567", "010-123-4567"),
    ],
)
def test_mobile_valid(raw, expected):
    assert normalize_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "010123456", "010123456789", "012-1234-5678", "02-123-4567", "010-abcd-5678", "1588-1234"])
def test_mobile_invalid(raw):
    assert normalize_mobile(raw) is None


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("021234567", "02-123-4567"),
        ("02-1234-5678", "02-1234-5678"),
        ("031 123 4567", "031-123-4567"),
        ("0311234567", "031-123-4567"),
        ("064-1234-5678", "064-1234-5678"),
        ("044-123-4567", "044-123-4567"),
        ("070-1234-5678", "070-1234-5678"),
        ("15881234", "1588-1234"),
        ("1644-1234", "1644-1234"),
        ("1800-1234", "1800-1234"),
    ],
)
def test_landline_valid(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", None, "02123456", "0212345678901", "034-123-4567", "030-123-4567", "065-123-4567",
     "070-123-4567", "1588-123", "1700-1234", "010-1234-5678", "02-123-456a"],
)
def test_landline_invalid(raw):
    assert normalize_phone(raw) is None


def test_phone_allows_mobile_when_asked():
    assert normalize_phone("01012345678", allow_mobile=True) == "010-1234-5678"
    assert normalize_phone("021234567", allow_mobile=True) == "02-123-4567"


def test_mask_phone():
    assert mask_phone("010-4784-1234") == "010-4784-****"
    assert mask_phone("01047841234") == "010-4784-****"
    assert mask_phone("02-123-4567") == "02-123-****"
    assert mask_phone("1588-1234") == "1588-****"
    assert mask_phone("12345") == "1****"  # unknown shapes still hide the tail
    assert mask_phone("123") == "***"
    assert mask_phone(None) == ""
