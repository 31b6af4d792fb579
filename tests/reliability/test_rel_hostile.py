"""Hostile input (reliability.md S7): hypothesis over the forms a stranger can reach — random Unicode,
control characters, 1 MB fields, missing and duplicated fields, SQL/HTML payloads: never a 5xx, never
an unescaped reflection; and the RRN validator against a reference written here, on 100,000 cases."""
from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from esop.rules.rrn import parse_rrn
from helpers import page_csrf

PAYLOADS = ["<script>alert(1)</script>", "\"><svg onload=alert(1)>", "' OR 1=1 --", "'; DROP TABLE member; --",
            "\x00\x01\x1b[31m", "\r\nSet-Cookie: x=1", "{{7*7}}", "../../etc/passwd", "%00", "ｅｓｏｐ１２３"]
value = st.one_of(st.text(max_size=60), st.sampled_from(PAYLOADS), st.just("가" * 1_100_000),
                  st.text(alphabet=st.characters(max_codepoint=0x1f), max_size=20))
FORMS = {
    "/login": ["user_id", "password"],
    "/signup/realname": ["name", "rrn_front", "rrn_back"],
    "/signup/terms": ["online_service_terms", "electronic_finance_terms", "privacy_policy"],
    "/account-recovery/": ["user_id", "rrn_front", "rrn_back"],
}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(sorted(FORMS)), data=st.data())
def test_s7_hostile_form_posts_never_500_and_never_reflect_markup(app, path, data):
    client = app.test_client()
    client.get("/signup/")  # a flow, so the wizard's forms answer instead of redirecting
    fields = {f: data.draw(st.lists(value, max_size=3), label=f) for f in FORMS[path]}  # missing / duplicated
    from werkzeug.datastructures import MultiDict
    form = [(k, v) for k, vs in fields.items() for v in vs] + [("csrf_token", page_csrf(client, "/"))]
    r = client.post(path, data=MultiDict(form))
    body = r.get_data(as_text=True)
    assert r.status_code < 500, (path, r.status_code)
    for _, v in form:
        if "<" in v and len(v) < 1000:
            assert v not in body, ("reflected unescaped", path, v)


def test_s7_address_search_query_strings(app):
    client = app.test_client()
    rng = random.Random(7)
    for n in range(200):
        q = "".join(rng.choice(PAYLOADS[n % len(PAYLOADS)] + "국제금융로8길 가-힣%_*\"'") for _ in range(rng.randint(0, 40)))
        r = client.get("/lookup/address", query_string={"q": q, "sido": q[:5], "page": q[:3]},
                       headers={"HX-Request": "true"} if n % 2 else {})
        assert r.status_code < 500 and ("<" not in q or q not in r.get_data(as_text=True))


# --- the RRN validator against an independent reference ----------------------------------------------

def reference(front: str, back: str, today: dt.date) -> bool:
    """주민등록번호 rules written from the spec, not from the code: 6 + 7 ASCII digits; 7th digit gives
    century and sex (9/0 → 1800s, 1/2/5/6 → 1900s, 3/4/7/8 → 2000s); a real, non-future birth date; for
    births before 2020 the weighted check digit (foreigners 5–8: the same + 2, mod 10). Members may type
    spaces and hyphens and full-width digits (GOV.UK "numbers" pattern): those are read through."""
    front, back = ("".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in x if c not in " -")
                   for x in (front, back))
    if len(front) != 6 or len(back) != 7 or not (front + back).isascii() or not (front + back).isdigit():
        return False
    century = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "5": 1900, "6": 1900}.get(back[0], 2000)
    try:
        born = dt.date(century + int(front[:2]), int(front[2:4]), int(front[4:]))
    except ValueError:
        return False
    if born > today:
        return False
    if born.year >= 2020:
        return True
    digits = [int(c) for c in front + back]
    total = sum(d * w for d, w in zip(digits, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]))
    check = (11 - total % 11) % 10
    if back[0] in "5678":
        check = (check + 2) % 10
    return check == digits[12]


def test_s7_rrn_validator_equals_the_reference_on_100000_cases():
    rng = random.Random(20261126)
    today = dt.date(2026, 11, 26)
    agree = valid = 0
    for n in range(100_000):
        kind = n % 4
        if kind == 0:      # any 13 digits
            s = "".join(rng.choice("0123456789") for _ in range(13))
        else:              # a plausible date with a random century digit and tail, half with a fixed check digit
            born = dt.date(1890, 1, 1) + dt.timedelta(days=rng.randrange(0, 50000))
            s = born.strftime("%y%m%d") + rng.choice("0123456789") + "".join(rng.choice("0123456789") for _ in range(6))
            if kind == 2:
                for last in "0123456789":
                    if reference(s[:6], s[6:12] + last, today):
                        s = s[:12] + last
                        break
            if kind == 3 and rng.random() < 0.3:
                s = s[:rng.randrange(13)] + rng.choice("a-가 ０") + s[rng.randrange(13):]
        front, back = s[:6], s[6:]
        expected = reference(front, back, today)
        assert parse_rrn(front, back, today=today).ok == expected, (front, back, expected)
        agree += 1
        valid += expected
    assert valid > 20_000
    print(f"\nS7: RRN validator = reference on {agree:,} cases ({valid:,} valid)")
