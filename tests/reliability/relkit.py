"""Shared by the reliability tests and bench/ (servers are started by tests/serverkit.py): a
sign-up walked over HTTP up to 2-4 (each walker with its own client IP, so per-IP throttles apply
to it alone, as behind a load balancer that forwards X-Forwarded-For)."""
from __future__ import annotations

import itertools
import json
import re
import subprocess
import time

from httpwalk import Browserless
from signup_steps import profile_data, serial_rrn

_ip = itertools.count(1)
SETUP_503S: list[str] = []  # 503s met (and retried) while walking to 2-4


def worker_pids(master_pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Walker(Browserless):
    """One member's browser: own cookies, own client IP, requests spread over the given servers."""

    def __init__(self, servers: list[str], **browser):
        super().__init__(**browser)
        self.servers = servers
        self.turn = itertools.count()
        n = next(_ip)
        self.ip = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    def url(self, path: str) -> str:
        return self.servers[next(self.turn) % len(self.servers)] + path

    def get(self, path, headers=None):
        return self.request(self.url(path), headers={"X-Forwarded-For": self.ip, **(headers or {})})

    def post(self, path, data, page=None, headers=None, retry_503=True):
        """A form post; a 503 ("try again") is retried like a member would, and counted
        (SETUP_503S): on SQLite, deferred read-then-write transactions of the wizard's early
        steps can fail under concurrency — see test_rel_faults.py's xfail."""
        import re
        for attempt in range(6):
            _, _, html = self.get(page or path)
            token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
            result = self.request(self.url(path), dict(data, csrf_token=token),
                                  headers={"X-Forwarded-For": self.ip, **(headers or {})})
            if result[0] != 503 or not retry_503:
                return result
            SETUP_503S.append(path)
            time.sleep(0.05 * (attempt + 1))
        return result

    def to_profile(self, phone: str, name: str = "김동시") -> str:
        """Walk 2-1 … 2-3 (sandbox real-name and SMS) with an RRN no other walk used; returns it."""
        self.get("/signup/")
        status, headers, _ = self.post("/signup/terms", {"online_service_terms": "y", "electronic_finance_terms": "y",
                                                         "privacy_policy": "y"})
        assert status == 302, status
        self.get("/signup/document/credit-info-consent")
        assert self.post("/signup/consent", {"all_required": "y", "marketing": "no"})[0] == 302
        rrn = serial_rrn()
        status, _, html = self.post("/signup/realname", {"name": name, "rrn_front": rrn[:6], "rrn_back": rrn[6:]})
        assert "실명이 확인되었습니다" in html, (status, re.findall(r'class="field-error"[^>]*>([^<]*)', html) or html[:1500])
        status, _, html = self.post("/signup/identity/send", {"carrier": "SKT", "mobile": phone}, page="/signup/realname")
        assert status < 400, (status, html[:1500])
        _, _, body = self.get(f"/sandbox/messages.json?to={phone}")
        code = json.loads(body)[0]["code"]
        status, headers, html = self.post("/signup/identity/confirm", {"code": code}, page="/signup/realname")
        assert status == 302 and headers["Location"].endswith("/signup/profile"), (status, html[:1500])
        return rrn

    def submit_profile(self, user_id: str, token: str | None = None, **over):
        """The final POST of 2-4 (token fetched beforehand so racing posts leave together)."""
        data = dict(profile_data(user_id=user_id, **over), csrf_token=token or self.profile_token())
        return self.request(self.url("/signup/profile"), data, headers={"X-Forwarded-For": self.ip})

    def profile_token(self) -> str:
        import re
        _, _, html = self.get("/signup/profile")
        return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def phone_for(n: int) -> str:
    return f"010-{7000 + n // 10000:04d}-{n % 10000:04d}"
