"""Row P1 of reliability.md §5: a mixed-journey load of simulated members against gunicorn with 2 sync
workers on loopback, SQLite by default (ESOP_TEST_POSTGRES for a fresh PostgreSQL database).

Each simulated member, with its own cookies and client IP, loops over one journey until the time is up:

  1. sign-up with the sandbox: 2-1 … 2-3 (real-name and SMS code), then on 2-4 the 중복확인 fragment,
     two 직업 selects, the 우편번호 검색 fragment, and the final POST (a new member);
  2. login with that ID (argon2id at the production cost), 마이페이지, logout;
  3. 비밀번호 재등록 본인확인, then 추가인증 by ARS: the page polls the status fragment every 3 s (as a
     member's browser would) while the sandbox phone approves the call 4-8 s after it was placed.

A member thinks before each form submission and each fragment (uniformly 0.5-1.5 × --think seconds);
polls are every 3 s exactly. Reported per request kind: count, req/s, p50/p95/p99, errors (5xx,
connection failures, and answers the journey did not expect) and the error %.

    python bench/mixed.py                 # 50 members, 300 s
    python bench/mixed.py --seconds 30    # a quick run
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "bench", ROOT, ROOT / "tests", ROOT / "tests" / "web", ROOT / "tests" / "reliability"):
    sys.path.insert(0, str(p))

from load import fresh_database, prepared, worker_rss_mb  # noqa: E402
from relkit import Walker, phone_for  # noqa: E402
from serverkit import gunicorn_servers  # noqa: E402
from signup_steps import PASSWORD  # noqa: E402

FRAGMENTS = ("ID check fragment", "job-select fragment", "address-search fragment", "ARS status poll")
HX = {"HX-Request": "true"}
POLL_SECONDS = 3.0


class Stop(Exception):
    """The run's time is up: the member stops where it is (the request is not sent)."""


class Record:
    def __init__(self):
        self.lock = threading.Lock()
        self.lat = defaultdict(list)
        self.errors = defaultdict(int)
        self.statuses = defaultdict(lambda: defaultdict(int))
        self.journeys = defaultdict(int)
        self.failures: list[str] = []

    def add(self, kind, seconds, status):
        with self.lock:
            self.lat[kind].append(seconds)
            self.statuses[kind][status] += 1
            if status == "error" or (isinstance(status, int) and status >= 500):
                self.errors[kind] += 1

    def done(self, what):
        with self.lock:
            self.journeys[what] += 1

    def fail(self, kind, what, counted=False):
        """A journey that could not go on; its request counts as an error unless it was one already
        (a 5xx or a connection failure)."""
        with self.lock:
            if not counted:
                self.errors[kind] += 1
            self.journeys["failed"] += 1
            if len(self.failures) < 20:
                self.failures.append(what)


def kind_of(method: str, url: str, headers: dict) -> str:
    path = urlsplit(url).path
    htmx = headers.get("HX-Request") == "true"
    if path.startswith("/sandbox/"):
        return "sandbox (SMS inbox, ARS phone)"
    if path == "/signup/profile/id-check":
        return "ID check fragment"
    if path == "/signup/profile/jobs":
        return "job-select fragment"
    if path == "/lookup/address":
        return "address-search fragment"
    if path.endswith("/ars/status") and htmx:
        return "ARS status poll"
    if path == "/login" and method == "POST":
        return "login POST"
    if path == "/signup/profile" and method == "POST":
        return "sign-up final POST (argon2)"
    return "form POST" if method == "POST" else "page GET"


class Member(Walker):
    """relkit's Walker (own cookies and client IP), timing every request by kind, thinking before
    each form submission, and stopping at the deadline."""

    def __init__(self, base, record: Record, deadline: float, think: float, rng: random.Random):
        super().__init__([base])
        self.record, self.deadline, self.think_s, self.rng = record, deadline, think, rng

    def think(self):
        if self.think_s:
            self.pause(self.rng.uniform(0.5, 1.5) * self.think_s)

    def pause(self, seconds):
        if time.time() + seconds >= self.deadline:
            raise Stop
        time.sleep(seconds)

    def request(self, url, data=None, headers=None):
        headers = headers or {}
        method = "GET" if data is None else "POST"
        if method == "POST" and headers.get("HX-Request") != "true" and "/sandbox/" not in url:
            self.think()  # filling in the form
        if time.time() >= self.deadline:
            raise Stop
        kind = kind_of(method, url, headers)
        started = time.perf_counter()
        try:
            result = super().request(url, data, headers)
        except OSError as exc:
            self.record.add(kind, time.perf_counter() - started, "error")
            raise JourneyError(kind, f"{method} {urlsplit(url).path}: {exc}", counted=True)
        self.record.add(kind, time.perf_counter() - started, result[0])
        return result

    def hx_get(self, path):
        self.think()
        return self.request(self.url(path), headers={**HX, "X-Forwarded-For": self.ip})

    def hx_post(self, path, data, token):
        return self.request(self.url(path), dict(data, csrf_token=token),
                            headers={**HX, "X-Forwarded-For": self.ip})


class JourneyError(Exception):
    def __init__(self, kind, what, counted=False):
        super().__init__(what)
        self.kind, self.what, self.counted = kind, what, counted


def said(html: str) -> str:
    """What an answer told the member: its error summary or first error message, else its start."""
    found = re.findall(r'<li><a href="#[^"]+">([^<]+)</a></li>', html) or \
        re.findall(r'class="field-error"[^>]*>(?:<span[^>]*>[^<]*</span>)?([^<]+)<', html)
    return " / ".join(found)[:300] if found else " ".join(html.split())[:200]


def expect(ok: bool, kind: str, what: str, status=None):
    """Go on only with the answer the journey needs; a 5xx was counted when it arrived."""
    if not ok:
        raise JourneyError(kind, what, counted=isinstance(status, int) and status >= 500)


def csrf(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    return match.group(1) if match else ""


def journey(base, user: int, k: int, phone_token: str, phone: Member, args, record: Record, rng):
    n = user * 10000 + k                 # the number's middle part (7000 + user) tells members apart
    mobile = phone_for(n)
    user_id = f"mix{user:02d}{k:04d}"
    w = Member(base, record, args.deadline, args.think, rng)
    # 1. sign-up, 2-1 … 2-3 with the sandbox (Walker.to_profile asserts each step)
    try:
        rrn = w.to_profile(mobile)
    except AssertionError as exc:
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else (str(exc),)
        raise JourneyError("form POST", f"sign-up 2-1…2-3: {detail[0]} {said(str(detail[-1]))}")
    token = w.profile_token()
    w.think()
    status, _, body = w.hx_post("/signup/profile/id-check", {"user_id": user_id}, token)
    expect(status == 200 and "사용가능한" in body, "ID check fragment", f"ID check {status}", status)
    status, _, _ = w.hx_get("/signup/profile/jobs?job_major=3")
    expect(status == 200, "job-select fragment", f"jobs {status}", status)
    status, _, _ = w.hx_get("/signup/profile/jobs?job_major=3&job_mid=31")
    expect(status == 200, "job-select fragment", f"jobs {status}", status)
    status, _, body = w.hx_get("/lookup/address?" + urlencode({"q": "국제금융로8길", "ui": "dialog"}))
    expect(status == 200 and "07330" in body, "address-search fragment", f"address {status}", status)
    status, headers, body = w.submit_profile(user_id, token=token, mobile=mobile)
    expect(status == 302, "sign-up final POST (argon2)", f"2-4 final POST {status}: {said(body)}", status)
    w.get("/signup/done")
    record.done("sign-ups")
    # 2. login, 마이페이지, logout
    _, _, html = w.get("/login")
    status, headers, body = w.request(w.url("/login"), {"user_id": user_id, "password": PASSWORD,
                                                        "csrf_token": csrf(html)},
                                      headers={"X-Forwarded-For": w.ip})
    expect(status == 302, "login POST", f"login {status}: {said(body)}", status)
    status, _, html = w.get("/account/")
    expect(status == 200, "page GET", f"/account/ {status}", status)
    status, _, _ = w.request(w.url("/logout"), {"csrf_token": csrf(html)}, headers={"X-Forwarded-For": w.ip})
    expect(status in (200, 302), "form POST", f"logout {status}", status)
    record.done("logins")
    # 3. 비밀번호 재등록: 본인확인, then 추가인증 by ARS with polling
    status, headers, body = w.post("/account-recovery/", {"user_id": user_id, "rrn_front": rrn[:6],
                                                          "rrn_back": rrn[6:]})
    expect(status == 302, "form POST", f"recovery identify {status}: {said(body)}", status)
    status, headers, body = w.post("/verify/recovery/choose", {"method": "ars"})
    expect(status == 302, "form POST", f"choose ars {status}: {said(body)}", status)
    status, _, page = w.post("/verify/recovery/ars/call", {"phone": "mobile"}, page="/verify/recovery/ars")
    digits = re.search(r'<p class="ars-digits">(\d+)</p>', page)
    expect(status == 200 and digits is not None, "form POST", f"ARS call {status}: {said(page)}", status)
    token = csrf(page)
    approve_at = time.time() + rng.uniform(4, 8)
    answered = False
    for _ in range(60):  # the call expires after 3 minutes: 60 polls
        w.pause(POLL_SECONDS)
        if not answered and time.time() >= approve_at:
            answered = answer_call(phone, phone_token, mobile, digits.group(1))
        status, headers, body = w.hx_post("/verify/recovery/ars/status", {"poll": "1"}, token)
        expect(status == 200, "ARS status poll", f"ARS poll {status}: {said(body)}", status)
        if "HX-Redirect" in headers or 'id="ars-poll"' not in body:
            expect(answered, "ARS status poll", "ARS finished before it was answered")
            record.done("ARS verifications")
            return
    raise JourneyError("ARS status poll", "ARS never approved")


def answer_call(phone: Member, token: str, number: str, digits: str) -> bool:
    """The sandbox phone of this member: find its pending call and approve it with the digits shown."""
    status, _, body = phone.get("/sandbox/ars.json?" + urlencode({"phone": number}))
    masked = number[:-4] + "****"
    if status != 200:
        return False
    for call in json.loads(body):
        if call["phone"] == masked and call["digits"] == digits and call["status"] == "pending":
            status, _, _ = phone.request(phone.url(f"/sandbox/ars/{call['reference']}/answer"),
                                         {"answer": "approve", "digits": digits, "csrf_token": token},
                                         headers={"X-Forwarded-For": phone.ip})
            return status in (200, 302)
    return False


def member_loop(base, user: int, args, record: Record):
    rng = random.Random(f"{args.run}-{user}")
    phone = Member(base, record, args.deadline, 0, rng)
    try:
        phone.pause(user * args.ramp / args.users)  # members arrive over the ramp-up
        _, _, html = phone.get("/sandbox/")
        phone_token = csrf(html)
        for k in range(10000):
            try:
                journey(base, user, k, phone_token, phone, args, record, rng)
            except JourneyError as exc:
                record.fail(exc.kind, exc.what, exc.counted)
            except (Stop, KeyboardInterrupt):
                raise
            except Exception as exc:  # e.g. a page without the expected form: counted, the member goes on
                record.fail("other", f"{type(exc).__name__}: {str(exc)[:200]}")
    except Stop:
        pass


def worker_kind(args) -> str:
    return f"--threads {args.threads} (gthread)" if args.threads > 1 else "(sync)"


def quantile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--think", type=float, default=1.0, help="mean seconds a member thinks before each action")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads per gunicorn worker (>1: gthread workers; argon2 releases the GIL)")
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which the members arrive")
    args = ap.parse_args()
    args.run = uuid.uuid4().hex[:6]
    work = Path(tempfile.mkdtemp(prefix="esop-mixed-"))
    database_url, dropper = fresh_database(work, "esop_mixed_")
    backend = "postgresql" if database_url.startswith("postgres") else "sqlite"
    env = prepared(database_url, work)  # 1,000 members before the run, as in load.py
    server_env = {k: env[k] for k in ("ESOP_ARGON2_MEMORY_KIB", "ESOP_ARGON2_TIME_COST", "ESOP_LOG_LEVEL")}
    record = Record()
    try:
        with gunicorn_servers(database_url, work, count=1, workers=2, env=server_env,
                              threads=args.threads) as servers:
            base, proc = servers[0]
            print(f"esop mixed bench: {backend}, gunicorn -w 2 {worker_kind(args)}, {args.users} members, {args.seconds:g} s, "
                  f"think {args.think:g} s, ARS poll every {POLL_SECONDS:g} s", flush=True)
            started = time.perf_counter()
            args.deadline = time.time() + args.seconds
            with ThreadPoolExecutor(args.users) as pool:
                list(pool.map(lambda u: member_loop(base, u, args, record), range(args.users)))
            elapsed = time.perf_counter() - started
            rss = worker_rss_mb(proc.pid)
    finally:
        if dropper:
            dropper()
    total = sum(len(v) for v in record.lat.values())
    errors = sum(record.errors.values())
    lines = [f"esop mixed bench — {backend}, gunicorn -w 2 {worker_kind(args)} on loopback, {args.users} simulated members "
             f"(threads of one driver process on the same {os.cpu_count()}-core machine), {elapsed:.0f} s, think "
             f"{args.think:g} s (0.5-1.5×) before each form/fragment, ARS status polled every {POLL_SECONDS:g} s, "
             f"argon2id m=19 MiB t=2",
             f"{'request kind':34} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
             f"{'errors':>6} {'err %':>6}"]
    rows = {}
    for kind in sorted(record.lat, key=lambda k: -len(record.lat[k])):
        lat = sorted(record.lat[kind])
        row = {"count": len(lat), "rps": len(lat) / elapsed, "p50_ms": quantile(lat, .5),
               "p95_ms": quantile(lat, .95), "p99_ms": quantile(lat, .99), "errors": record.errors[kind],
               "error_pct": 100 * record.errors[kind] / max(1, len(lat)),
               "statuses": {str(s): c for s, c in record.statuses[kind].items()}}
        rows[kind] = row
        lines.append(f"{kind:34} {row['count']:7d} {row['rps']:7.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
                     f"{row['p99_ms']:8.1f} {row['errors']:6d} {row['error_pct']:6.2f}")
    every = sorted(x for v in record.lat.values() for x in v)
    lines.append(f"{'all requests':34} {total:7d} {total / elapsed:7.1f} {quantile(every, .5):8.1f} "
                 f"{quantile(every, .95):8.1f} {quantile(every, .99):8.1f} {errors:6d} "
                 f"{100 * errors / max(1, total):6.2f}")
    frag = sorted(x for k in FRAGMENTS for x in record.lat.get(k, []))
    lines.append(f"fragments together (ID check, job select, address search, ARS poll): p99 "
                 f"{quantile(frag, .99):.1f} ms (target < 50 ms)")
    lines.append("journeys: " + ", ".join(f"{k} {v}" for k, v in record.journeys.items()))
    lines.append(f"RSS per worker after the run: {', '.join(f'{x:.0f} MB' for x in rss)}")
    for failure in record.failures:
        lines.append(f"  failed journey: {failure}")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"mixed-{backend}.txt").write_text(text + "\n")
    (out / f"mixed-{backend}.json").write_text(json.dumps(
        {"seconds": elapsed, "users": args.users, "think": args.think, "kinds": rows, "requests": total,
         "errors": errors, "journeys": dict(record.journeys), "rss_mb": rss, "failures": record.failures},
        indent=2, ensure_ascii=False))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
