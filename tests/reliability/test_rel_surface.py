"""Every route from app.url_map (reliability.md S3, S4, S9): CSRF on every POST, a GET crawl that
writes nothing, security headers on every page and fragment, and throttles that answer with a wait."""
from __future__ import annotations

import re

from esop.db import db
from helpers import make_member, page_csrf

SAMPLE = {"int": "1", "default": "recovery", "path": "app.css"}
PARAMS = {"kind": "financial", "purpose": "recovery", "reference": "ars-0", "slug": "privacy-policy",
          "filename": "app.css"}
CSRF_REFUSED = "보안 확인 정보(CSRF 토큰)"
# GETs that may write by design: a new sign-up flow, login-session bookkeeping, throttle counters,
# access records of personal-data pages (안전성 확보조치 기준 제8조) and the no-JS 직업검색 draft.
STATE_TABLES = {"signup_flow", "login_session", "throttle_counter", "verification_flow", "cert_flow",
                "audit_event", "profile_draft"}


def _urls(app, method):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if method not in rule.methods or rule.endpoint == "static":
            continue
        url = rule.rule
        for conv in re.findall(r"<(?:(\w+):)?(\w+)>", url):
            kind, name = conv
            value = PARAMS.get(name) or SAMPLE.get(kind or "default", "x")
            url = re.sub(rf"<(?:\w+:)?{name}>", value, url)
        yield rule.endpoint, url


def _logged_in(app):
    client = app.test_client()
    with app.app_context():
        make_member(user_id="surface1", password="Right#4821")
    client.post("/login", data={"csrf_token": page_csrf(client, "/login"), "user_id": "surface1",
                                "password": "Right#4821"})
    return client


def test_s3_every_post_route_refuses_missing_and_wrong_tokens_and_accepts_valid_ones(app):
    client = _logged_in(app)
    token = page_csrf(client, "/")
    counts = {"missing": 0, "wrong": 0, "form": 0, "header": 0}
    routes = list(_urls(app, "POST"))
    for endpoint, url in routes:
        for case in ("missing", "wrong", "form", "header"):
            token = page_csrf(client, "/")  # fresh: an earlier POST (e.g. /logout) may have replaced the session
            kwargs = {"missing": {"data": {}}, "wrong": {"data": {"csrf_token": token[:-4] + "AAAA"}},
                      "form": {"data": {"csrf_token": token}},
                      "header": {"data": {}, "headers": {"X-CSRFToken": token, "HX-Request": "true"}}}[case]
            r = client.post(url, **kwargs)
            refused = r.status_code == 400 and CSRF_REFUSED in r.get_data(as_text=True)
            assert r.status_code < 500, (endpoint, case, r.status_code)
            if case in ("missing", "wrong"):
                assert refused, (endpoint, case, r.status_code)
            else:
                assert not refused, (endpoint, case)
            counts[case] += 1
    print(f"\nS3: {len(routes)} POST routes: {counts['missing']}/{len(routes)} refused without a token, "
          f"{counts['wrong']}/{len(routes)} with a wrong one, {counts['form']}/{len(routes)} accepted with the form "
          f"token, {counts['header']}/{len(routes)} with the X-CSRFToken header")


def _rows():
    with db.connection_context():
        # FTS shadow tables follow their content table; the virtual table itself cannot be counted.
        return {t: db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in db.get_tables()
                if "_fts" not in t}


def _crawl(app):
    """Every GET route, anonymous and logged in, as a page and as an htmx fragment."""
    clients = {"anonymous": app.test_client(), "member": _logged_in(app)}
    for who, client in clients.items():
        for endpoint, url in _urls(app, "GET"):
            for hx in ({}, {"HX-Request": "true"}):
                yield who, endpoint, url, client.get(url, headers=hx)


def test_s3_s4_get_crawl_writes_nothing_and_every_answer_has_the_security_headers(app):
    crawl = _crawl(app)
    first = next(crawl)   # the member exists and is logged in before the count starts
    before = _rows()
    seen = 0
    for who, endpoint, url, r in [first, *crawl]:
        seen += 1
        h = r.headers
        where = (who, endpoint, url, r.status_code)
        assert r.status_code < 500, where
        csp = h.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
        assert h.get("X-Content-Type-Options") == "nosniff", where
        assert h.get("Referrer-Policy"), where
        if r.mimetype == "text/html":
            assert "no-store" in h.get("Cache-Control", ""), where
        for cookie in h.getlist("Set-Cookie"):
            assert "HttpOnly" in cookie and "SameSite" in cookie, (where, cookie)
    after = _rows()
    changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n and t not in STATE_TABLES}
    assert changed == {}, changed
    print(f"\nS3/S4: {seen} GET answers crawled: 0 header violations; rows changed only in {sorted(STATE_TABLES)}")


def test_s9_sms_sends_beyond_the_limit_get_a_wait_message_not_a_500(client):
    from signup_steps import do_consent, do_realname, do_terms, post
    do_terms(client), do_consent(client), do_realname(client)
    statuses = []
    for n in range(8):
        r = post(client, "/signup/identity/send", {"carrier": "KT", "mobile": "010-2345-6789"}, page="/signup/realname")
        statuses.append(r.status_code)
        assert r.status_code < 500
    refused = [s for s in statuses if s >= 400]
    assert refused, statuses
    body = r.get_data(as_text=True)
    assert re.search(r"(초|분) 후에? 다시|다시 요청", body), body[:2000]


def test_s9_real_name_checks_beyond_the_limit_get_a_wait_message_and_retry_after(client):
    from signup_steps import do_consent, do_terms, new_rrn, post
    do_terms(client), do_consent(client)
    last = None
    for n in range(40):
        rrn = new_rrn(f"s9-{n}")
        last = post(client, "/signup/realname", {"name": "김한국", "rrn_front": rrn[:6], "rrn_back": rrn[6:]})
        assert last.status_code < 500
        if last.status_code == 429:
            break
    assert last.status_code == 429 and last.headers.get("Retry-After"), last.status_code
    assert "후에 다시 시도해 주십시오" in last.get_data(as_text=True)
