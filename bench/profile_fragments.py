"""Issue 15: where each fragment's server CPU goes, in process (cProfile over the Flask test client, so
CPU time, not wall time: the figures hold on a shared machine). SQLite by default; ESOP_TEST_POSTGRES set
profiles a fresh PostgreSQL database on that server.

    python bench/profile_fragments.py [--requests 400] [--top 12]

Prints, per fragment, CPU ms/request (process time over the loop) and the top functions by own time.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests", ROOT / "tests" / "web"):
    sys.path.insert(0, str(p))

HX = {"HX-Request": "true"}


def build_app(work: Path):
    import testdb
    from esop import create_app
    from testenv import TEST_ENV
    url, drop = f"sqlite:///{work / 'esop.db'}", None
    if testdb.PG_URL:
        testdb.prepare_template(create_app, TEST_ENV, str(work / "pg-instance"))
        name, url = testdb.new_database()

        def drop():
            testdb.drop_database(name)
            testdb.drop_template()
    env = dict(TEST_ENV, DATABASE_URL=url, ESOP_LOG_LEVEL="WARNING")
    app = create_app({"ENV": env, "INSTANCE_PATH": str(work / "instance")})
    # As bench/benchapp.py: the 중복확인 limits lifted so the loop measures the fragment (the bookkeeping still runs).
    app.config["LIMITS"].update({"idcheck.flow": (10 ** 9, 600), "idcheck.ip": (10 ** 9, 600)})
    return app, drop


def scenarios(app):
    """(label, client, one-request callable) for each fragment of issue 15."""
    from helpers import csrf_from
    from signup_steps import walk_to_profile
    from verify_steps import choose, demo, identify, post
    demo(app)
    signup = app.test_client()
    walk_to_profile(signup)
    token = csrf_from(signup.get("/signup/profile").get_data(as_text=True))
    ars = app.test_client()
    identify(ars)
    choose(ars, "ars")
    post(ars, "/verify/recovery/ars/call", {"phone": "home"})
    ars_token = csrf_from(ars.get("/verify/recovery/ars").get_data(as_text=True))
    n = iter(range(10 ** 9))
    return [
        ("ID check POST", lambda: signup.post("/signup/profile/id-check", headers=HX,
                                              data={"user_id": f"free{next(n):06d}", "csrf_token": token}), 200),
        ("job select GET", lambda: signup.get(f"/signup/profile/jobs?job_major={1 + next(n) % 9}", headers=HX), 200),
        ("address search GET", lambda: signup.get("/lookup/address?" + urlencode({"q": "국제금융로8길", "ui": "dialog"}),
                                                  headers=HX), 200),
        ("ARS status poll POST", lambda: ars.post("/verify/recovery/ars/status", headers=HX,
                                                  data={"poll": "1", "csrf_token": ars_token}), 204),
    ]


def cpu_ms(call, requests: int) -> float:
    """CPU ms per request, the least of five runs (other processes on a shared machine only add)."""
    runs = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(requests // 5):
            call()
        runs.append(1000 * (time.process_time() - started) / (requests // 5))
    return min(runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="esop-prof-"))
    app, drop = build_app(work)
    try:
        from flask import Flask
        bare = Flask("bare")
        bare.add_url_rule("/hello", "hello", lambda: "hello")
        bare_client = bare.test_client()
        anchor = cpu_ms(lambda: bare_client.get("/hello"), args.requests)
        print(f"=== anchor, bare Flask GET /hello through the same test client: {anchor:.2f} CPU ms/request")
        for label, call, expect in scenarios(app):
            if args.only and args.only.lower() not in label.lower():
                continue
            for _ in range(30):  # warm: templates compiled, connections open
                status = call().status_code
            assert status == expect, (label, status)
            plain_ms = cpu_ms(call, args.requests)
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.requests):
                call()
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(args.top)
            calls = pstats.Stats(prof).total_calls / args.requests
            print(f"=== {label}: {plain_ms:.2f} CPU ms/request (unprofiled; {plain_ms / anchor:.1f}× the anchor), "
                  f"{calls:.0f} Python calls/request, backend "
                  f"{'postgresql' if os.environ.get('ESOP_TEST_POSTGRES') else 'sqlite'}")
            print(f"--- by own time (all code)\n{out.getvalue().split('ncalls', 1)[1].rstrip()}")
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(r"esop/|flask_wtf|session|hooks",
                                                                               args.top * 2)
            print(f"--- by cumulative time (esop, CSRF, session)\n{out.getvalue().split('ncalls', 1)[1].rstrip()}\n")
    finally:
        if drop:
            from esop.db import db
            if not db.is_closed():
                db.close()
            drop()


if __name__ == "__main__":
    main()
