"""Name romanisation: esop.rules.romanize."""
import pytest

from esop.rules.romanize import romanize, romanize_name


@pytest.mark.parametrize(
    "name,expected",
    [
        ("김한국", "KIM HANGUK"),
        ("홍길동", "HONG GILDONG"),
        ("이순신", "LEE SUNSIN"),
        ("박지성", "PARK JISEONG"),
        ("윤태호", "YUN TAEHO"),
        ("최정은", "CHOI JEONGEUN"),
        ("류현진", "RYU HYEONJIN"),
        ("유재석", "YU JAESEOK"),
        ("정약용", "JEONG YAKYONG"),  # final ㄱ = k even before a vowel (no 연음 in names)
        ("김빛나", "KIM BITNA"),  # final ㅊ → t
        ("안중근", "AHN JUNGGEUN"),
        ("오은영", "OH EUNYEONG"),
    ],
)
def test_examples(name, expected):
    assert romanize_name(name) == expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("남궁민", "NAMGUNG MIN"),
        ("황보관", "HWANGBO GWAN"),
        ("제갈공명", "JEGAL GONGMYEONG"),
        ("독고영재", "DOKGO YEONGJAE"),
        ("사공일", "SAGONG IL"),
        ("선우용여", "SEONU YONGYEO"),
        ("선우진", "SUN UJIN"),  # ambiguous 3-syllable name: read as 선 + 우진
        ("선우 진", "SEONU JIN"),  # a typed space decides
    ],
)
def test_compound_surnames(name, expected):
    assert romanize_name(name) == expected


def test_explicit_surname():
    assert romanize_name("선우진", surname="선우") == "SEONU JIN"
    assert romanize_name("홍길동", surname="홍") == "HONG GILDONG"


def test_unlisted_surname_falls_back_to_rr():
    assert romanize_name("봉준호") == "BONG JUNHO"
    assert romanize_name("경다솜") == "GYEONG DASOM"


def test_initial_and_final_consonants():
    # initial ㄱ = g, final ㄱ = k; initial ㄹ = r, final ㄹ = l; no assimilation across syllables
    assert romanize("국가") == "gukga"
    assert romanize("리라") == "rira"
    assert romanize("별") == "byeol"
    assert romanize("한라") == "hanra"  # not "halla": names keep each syllable
    assert romanize("설리") == "seolli"  # ㄹㄹ is written ll (RR 제2장 제2항 붙임 2)
    assert romanize("독립") == "dokrip"
    assert romanize("같이") == "gati"
    assert romanize("앉다 닭 삶 값") == "anda dak sam gap"


def test_vowels_and_tense_consonants():
    assert romanize("의외") == "uioe"
    assert romanize("꽃빵") == "kkotppang"
    assert romanize("쫘쐐") == "jjwasswae"


def test_non_hangul_returns_empty():
    for name in ["", "   ", None, "John Smith", "홍Gil동", "홍길동1", "김", "ㅎㄱㄷ"]:
        assert romanize_name(name) == ""


def test_romanize_passes_other_characters_through():
    assert romanize("서울 Seoul 1") == "seoul Seoul 1"
