"""Revised Romanization of Korean (국어의 로마자 표기법) for names, passport style ("HONG GILDONG")."""

from __future__ import annotations

# 국어의 로마자 표기법 (문화체육관광부 고시 제2014-42호), 제2장 표기 일람.
# Hangul syllables U+AC00..U+D7A3 = ((initial * 21) + vowel) * 28 + final.
_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
    "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)
_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa",
    "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)
# 제2장 제2항 [붙임 1]: ㄱ,ㄷ,ㅂ are g,d,b before a vowel but k,t,p at the end
# of a syllable; finals are written as their representative sound
# (ㅅ,ㅆ,ㅈ,ㅊ,ㅌ,ㅎ → t; ㅋ,ㄲ → k; ㅍ → p), and a double final as the one
# that is pronounced (ㄳ,ㄺ → k; ㄵ,ㄶ → n; ㄼ,ㄽ,ㄾ,ㅀ → l; ㄻ → m; ㄿ,ㅄ → p).
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k",
    "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
    "t", "ng", "t", "t", "k", "t", "p", "t",
)
_R_INITIAL = 5  # ㄹ

# Conventional passport spellings of common surnames.  제3장 제4항 (2): "성의
# 표기는 따로 정한다"; 외교부 여권 practice keeps
# the long-established forms (KIM, LEE, PARK …) rather than strict RR
# (Gim, I, Bak …).  Surnames not listed fall back to plain RR.
SURNAMES: dict[str, str] = {
    "김": "KIM", "이": "LEE", "박": "PARK", "최": "CHOI", "정": "JEONG",
    "강": "KANG", "조": "CHO", "윤": "YUN", "장": "JANG", "임": "LIM",
    "한": "HAN", "오": "OH", "서": "SEO", "신": "SHIN", "권": "KWON",
    "황": "HWANG", "안": "AHN", "송": "SONG", "류": "RYU", "유": "YU",
    "전": "JEON", "홍": "HONG", "고": "KO", "문": "MOON", "양": "YANG",
    "손": "SON", "배": "BAE", "백": "BAEK", "허": "HEO", "노": "NOH",
    "남": "NAM", "심": "SIM", "하": "HA", "곽": "KWAK", "성": "SUNG",
    "차": "CHA", "주": "JOO", "우": "WOO", "구": "KOO", "민": "MIN",
    "나": "NA", "진": "JIN", "지": "JI", "엄": "EOM", "채": "CHAE",
    "원": "WON", "천": "CHEON", "방": "BANG", "공": "KONG", "현": "HYUN",
    "함": "HAM", "변": "BYUN", "염": "YEOM", "여": "YEO", "추": "CHOO",
    "도": "DO", "소": "SO", "석": "SEOK", "선": "SUN", "설": "SEOL",
    "마": "MA", "길": "GIL", "연": "YEON", "위": "WI", "표": "PYO",
    "명": "MYUNG", "기": "KI", "반": "BAN", "왕": "WANG", "금": "KEUM",
    "옥": "OK", "육": "YOOK", "인": "IN", "맹": "MAENG", "제": "JE",
    "모": "MO", "탁": "TAK", "국": "KOOK", "어": "EO", "은": "EUN",
    "편": "PYEON", "용": "YONG",
    # Two-syllable (복성) surnames.
    "남궁": "NAMGUNG", "황보": "HWANGBO", "제갈": "JEGAL",
    "선우": "SEONU", "독고": "DOKGO", "사공": "SAGONG",
}
_COMPOUND = tuple(k for k in SURNAMES if len(k) == 2)


def _is_hangul_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def romanize(syllables: str) -> str:
    """RR, syllable by syllable, lowercase; characters that are not Hangul syllables pass through.

    Sound changes between syllables (연음, 자음동화 …, 제3장 제1항) are NOT
    applied: 제3장 제4항 (1) says they are not reflected in personal names, and
    that keeps each syllable recognisable ("한국" → "hanguk").
    The one cross-syllable rule kept is 제2장 제2항 [붙임 2]: ㄹㄹ is "ll"
    ("별라" → "byeolla"), which is a spelling rule, not a sound change.
    """
    out: list[str] = []
    after_l = False
    for ch in syllables:
        if not _is_hangul_syllable(ch):
            out.append(ch)
            after_l = False
            continue
        code = ord(ch) - 0xAC00
        ini, vow, fin = code // 588, (code // 28) % 21, code % 28
        initial = "l" if ini == _R_INITIAL and after_l else _INITIALS[ini]
        out.append(initial + _VOWELS[vow] + _FINALS[fin])
        after_l = _FINALS[fin] == "l"
    return "".join(out)


def _split_name(name: str, surname: str | None) -> tuple[str, str]:
    if surname and name.startswith(surname) and len(name) > len(surname):
        return surname, name[len(surname):]
    if name[:2] in _COMPOUND and len(name) >= 3:
        # "선우" is ambiguous in 3-syllable names: 선 is a common surname and
        # 우- a common first given-name syllable (선우진 is usually 선 + 우진).
        # Only 4+ syllable names are read as 선우 + given name.
        if not (name[:2] == "선우" and len(name) == 3):
            return name[:2], name[2:]
    return name[:1], name[1:]


def romanize_name(korean_full_name: str | None, surname: str | None = None) -> str:
    """"홍길동" → "HONG GILDONG" (surname first, given name joined, as in a Korean passport).

    A space typed by the member ("선우 진") or ``surname`` marks where the
    surname ends.  Returns "" for anything that is not an all-Hangul name of
    at least two syllables; the form then asks the member to type it.
    """
    raw = (korean_full_name or "").strip()
    parts = raw.split()
    if len(parts) >= 2 and surname is None:
        surname = parts[0]
    name = "".join(parts)
    if len(name) < 2 or not all(_is_hangul_syllable(c) for c in name):
        return ""
    sur, given = _split_name(name, surname)
    sur_rom = SURNAMES.get(sur) or romanize(sur).upper()
    return f"{sur_rom} {romanize(given).upper()}"
