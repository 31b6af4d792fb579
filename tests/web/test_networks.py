"""Limits that fit a company (issue 14): colleagues behind one office NAT share one IP, so a named network
(ESOP_NETWORKS) can have its own per-IP limits (ESOP_LIMIT_<NAME>@<network>); everyone else keeps the
usual ones, and per-person limits are untouched."""
from __future__ import annotations

import pytest

from esop.config import ConfigError
from helpers import page_csrf

OFFICE = {"ESOP_LIMIT_LOGIN_IP": "3/600", "ESOP_NETWORKS": "office=203.0.113.0/24, hq=198.51.100.0/25",
          "ESOP_LIMIT_LOGIN_IP@office": "8/600"}


def _login_from(app, ip: str, n: int) -> list[int]:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    statuses = []
    for i in range(n):
        token = page_csrf(client, "/login")
        r = client.post("/login", data={"csrf_token": token, "user_id": f"colleague{i}", "password": "x"})
        statuses.append(r.status_code)
    return statuses


def test_an_office_network_gets_its_own_per_ip_limit_and_others_keep_theirs(make_app):
    app = make_app(env=OFFICE)
    office = _login_from(app, "203.0.113.7", 9)
    assert 429 not in office[:8] and office[8] == 429          # the 9th colleague meets the office's 8
    assert _login_from(app, "192.0.2.10", 4)[3] == 429         # outside any network: 3 per IP as before
    assert 429 not in _login_from(app, "198.51.100.9", 3)      # hq has no override: the usual 3 …
    assert _login_from(app, "198.51.100.9", 1)[0] == 429       # … counted per IP as always


def test_network_settings_are_checked_at_start(make_app):
    app = make_app(env=OFFICE)
    assert app.config["LIMITS"]["login.ip@office"] == (8, 600)
    assert [name for name, _ in app.config["NETWORKS"]] == ["office", "hq"]
    bad = [
        ({"ESOP_NETWORKS": "office=203.0.113.0/33"}, "ESOP_NETWORKS"),
        ({"ESOP_NETWORKS": "office"}, "ESOP_NETWORKS"),
        ({"ESOP_NETWORKS": "of fice=203.0.113.0/24"}, "ESOP_NETWORKS"),
        ({"ESOP_LIMIT_LOGIN_IP@nowhere": "5/60"}, "ESOP_LIMIT_LOGIN_IP@nowhere"),
        ({"ESOP_NETWORKS": "office=203.0.113.0/24", "ESOP_LIMIT_LOGIN_IP@office": "lots"}, "ESOP_LIMIT_LOGIN_IP@office"),
        # per-person limits (per RRN, phone, ID) stay as they are: no network may widen them
        ({"ESOP_NETWORKS": "office=203.0.113.0/24", "ESOP_LIMIT_REALNAME_RRN@office": "50/60"},
         "ESOP_LIMIT_REALNAME_RRN@office"),
    ]
    for env, named in bad:
        with pytest.raises(ConfigError) as e:
            make_app(env=env)
        assert named in str(e.value)
