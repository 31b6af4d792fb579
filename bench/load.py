"""Load figures of issues 8 and 15 in one run: gunicorn with 2 sync workers on loopback, driven by 32 concurrent
connections (a Python multi-process driver; wrk is not needed), SQLite by default.

    python bench/load.py                         # SQLite in a temporary directory, 10 s per figure
    ESOP_TEST_POSTGRES=postgresql://… python bench/load.py   # a fresh PostgreSQL database on that server
    python bench/load.py --seconds 30 --members 1000000

The anchor is a bare Flask app (bench/bare_app.py) under its own gunicorn with the same configuration,
driven in the same run: every ratio and CPU multiple is against it. Each figure is printed with its goal.
Prints a table and writes it to bench/out/load-<backend>.txt (and .json).
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests", ROOT / "tests" / "web", ROOT / "tests" / "reliability"):
    sys.path.insert(0, str(p))
CONNECTIONS = 32
PROCS = 4
BASELINE = "bare Flask app, GET /hello (anchor)"
GUNICORN = ["-w", "2", "-k", "sync"]  # the same for esop and the anchor
# Issue 15's goals, each printed beside its figure.
FRAGMENT_RATIO_MIN, FRAGMENT_CPU_MAX, FRAGMENT_P99_MAX_MS = 0.5, 2.0, 50
FIRST_PAGE_MAX, SECOND_VIEW_MAX = 30_000, 5_000
ID_1M_RATIO_MAX, RSS_MAX_MB = 1.5, 150

# --- the driver ---------------------------------------------------------------------------------

SCENARIO: dict = {}


def _one(port, method, path, body, headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return time.perf_counter() - started, resp.status


def _thread_loop(args):
    slot, deadline = args
    port, make = SCENARIO["port"], SCENARIO["make"]
    lat, statuses, n = [], {}, 0
    while time.time() < deadline:
        method, path, body, headers = make(slot, n)
        n += 1
        try:
            seconds, status = _one(port, method, path, body, headers)
        except OSError:
            statuses["error"] = statuses.get("error", 0) + 1
            continue
        lat.append(seconds)
        statuses[status] = statuses.get(status, 0) + 1
    return lat, statuses


def _proc(args):
    from concurrent.futures import ThreadPoolExecutor
    proc, deadline = args
    per = CONNECTIONS // PROCS
    with ThreadPoolExecutor(per) as pool:
        return list(pool.map(_thread_loop, [(proc * per + t, deadline) for t in range(per)]))


def cpu_seconds(pids) -> float:
    """User + system CPU seconds used so far by these processes (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def drive(port, make, seconds, workers=None) -> dict:
    import resource
    SCENARIO.update(port=port, make=make)
    workers = workers if workers is not None else SCENARIO.get("workers", [])
    deadline = time.time() + seconds
    server_cpu = cpu_seconds(workers)
    driver_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(PROCS) as pool:
        parts = [r for chunk in pool.map(_proc, [(p, deadline) for p in range(PROCS)]) for r in chunk]
    elapsed = time.perf_counter() - started
    server_cpu = cpu_seconds(workers) - server_cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    driver_cpu = after.ru_utime + after.ru_stime - driver_cpu.ru_utime - driver_cpu.ru_stime
    lat = sorted(x for l, _ in parts for x in l)
    statuses: dict = {}
    for _, s in parts:
        for k, v in s.items():
            statuses[k] = statuses.get(k, 0) + v
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000 if lat else float("nan")
    n = max(1, len(lat))
    return {"requests": len(lat), "rps": len(lat) / elapsed, "p50_ms": q(0.5), "p99_ms": q(0.99),
            "server_cpu_ms": 1000 * server_cpu / n, "driver_cpu_ms": 1000 * driver_cpu / n,
            "statuses": {str(k): v for k, v in statuses.items()}}


# --- the server ---------------------------------------------------------------------------------

def env_for(database_url, instance):
    from testenv import TEST_ENV
    env = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url, ESOP_INSTANCE=str(instance),
               ESOP_TRUST_PROXY_HOPS="1", PYTHONPATH=str(ROOT))
    # Production password cost (the OWASP floor), not the tests' cheap one.
    env.update(ESOP_ARGON2_MEMORY_KIB="19456", ESOP_ARGON2_TIME_COST="2", ESOP_LOG_LEVEL="WARNING")
    return env


def worker_rss_mb(master_pid):
    pids = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    out = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def bulk_members(database_url, total):
    """Fast path for the 1 M figure: members inserted directly (user_id, a generated blind index, a
    placeholder ciphertext — the ID check never decrypts), in batches, not through sign-up."""
    from esop.db import db, open_database
    database = open_database(database_url)
    have = database.execute_sql("SELECT count(*) FROM member").fetchone()[0]
    cols = "(user_id, name, rrn, rrn_index, password_hash, failed_logins, status, created_at, english_name, sex, " \
           "nationality, mail_to, home_postcode, home_address, home_address_jibun, work_postcode, work_address, " \
           "work_address_jibun, work_address_detail, other_postcode, other_address, other_address_jibun, home_phone, " \
           "work_phone, mobile, email, mail_ok, email_ok, sms_ok, job_code, company, department, position)"
    row = lambda n: (f"bulk{n:07d}", "김벌크", "bench-placeholder", uuid.uuid5(uuid.NAMESPACE_OID, str(n)).hex * 2,
                     "x", 0, "active", "2026-01-01 00:00:00", "", "M", "한국", "home", "", "", "", "", "", "", "", "",
                     "", "", "", "", "", "", False, False, False, "", "", "", "")
    marks = ", ".join(["%s" if not database_url.startswith("sqlite") else "?"] * 33)
    with database.connection_context():
        for start in range(have, total, 20000):
            rows = [row(n) for n in range(start, min(total, start + 20000))]
            with database.atomic():
                cur = database.cursor()
                if database_url.startswith("sqlite"):
                    cur.executemany(f"INSERT INTO member {cols} VALUES ({marks})", rows)
                else:  # psycopg2's executemany is one round trip per row
                    from psycopg2.extras import execute_values
                    execute_values(cur, f"INSERT INTO member {cols} VALUES %s", rows, page_size=5000)
    db.close()


def wire_bytes(port, path, fetch_site) -> tuple[int, bytes, str]:
    """Bytes of one answer as sent (status line, headers, body) with gzip accepted, the decoded body
    and its Cache-Control."""
    import gzip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br", "Sec-Fetch-Site": fetch_site})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    head = len(f"HTTP/1.1 {resp.status} {resp.reason}\r\n") + sum(len(f"{k}: {v}\r\n".encode())
                                                                    for k, v in resp.getheaders()) + 2
    plain = gzip.decompress(body) if resp.getheader("Content-Encoding") == "gzip" else body
    return head + len(body), plain, resp.getheader("Cache-Control", "")


def page_weights(port) -> tuple[int, int]:
    """The home page with every asset (a first visit), then /login with a warm cache (a second view):
    an asset is fetched again unless its first answer was `immutable`."""
    cached, totals = set(), []
    for path, site in (("/", "none"), ("/login", "same-origin")):
        total, html, _ = wire_bytes(port, path, site)
        for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode()):
            if url not in cached:
                n, _, cache_control = wire_bytes(port, url, "same-origin")
                total += n
                if "immutable" in cache_control:
                    cached.add(url)
        totals.append(total)
    return totals[0], totals[1]


def start_gunicorn(target, port, env, log):
    return subprocess.Popen([sys.executable, "-m", "gunicorn", *GUNICORN, "-b", f"127.0.0.1:{port}", target],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def children(pid) -> list[int]:
    return [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


# --- the figures ---------------------------------------------------------------------------------

def fresh_database(work: Path, prefix: str):
    """A new database on ESOP_TEST_POSTGRES's server (and the function that drops it), or a SQLite file."""
    pg = os.environ.get("ESOP_TEST_POSTGRES")
    if not pg:
        return f"sqlite:///{work / 'bench.db'}", None
    import psycopg2
    name = prefix + uuid.uuid4().hex[:8]
    admin = psycopg2.connect(pg)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    return (urlparse(pg)._replace(path="/" + name).geturl(),
            lambda: (admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"), admin.close()))


def prepared(database_url: str, work: Path) -> dict:
    """The demo data and 1,000 members in the database; returns the server's environment."""
    env = env_for(database_url, work / "instance")
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "esop", "demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    bulk_members(database_url, 1000 - 3)  # the demo's 3 members + 997 = 1,000
    return env


LOAD_BEFORE = ""


def main():
    global LOAD_BEFORE
    LOAD_BEFORE = f"{os.getloadavg()[0]:.1f}"
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--members", type=int, default=1_000_000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="esop-bench-"))
    if os.environ.get("DATABASE_URL"):
        database_url, dropper = os.environ["DATABASE_URL"], None
    else:
        database_url, dropper = fresh_database(work, "esop_bench_")
    backend = "postgresql" if database_url.startswith("postgres") else "sqlite"
    env = prepared(database_url, work)
    from relkit import Walker, phone_for
    from serverkit import free_port, wait_up
    port, bare_port = free_port(), free_port()
    log = open(work / "server.log", "w")
    server = start_gunicorn("bench.benchapp:app", port, env, log)
    bare = start_gunicorn("bench.bare_app:app", bare_port, dict(os.environ, PYTHONPATH=str(ROOT)), log)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        wait_up(base, server, work / "server.log")
        wait_up(f"http://127.0.0.1:{bare_port}/hello", bare, work / "server.log")
        SCENARIO["workers"] = children(server.pid)
        print(f"esop load bench: {backend}, gunicorn {' '.join(GUNICORN)}, {CONNECTIONS} connections, "
              f"{args.seconds:g} s per figure")
        results[BASELINE] = drive(bare_port, lambda s, n: ("GET", "/hello", None, {}), args.seconds,
                                  workers=children(bare.pid))
        bare.terminate()
        bare.wait(timeout=20)
        first_page, second_view = page_weights(port)
        walkers = [Walker([base]) for _ in range(CONNECTIONS)]
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda iw: iw[1].to_profile(phone_for(90000 + iw[0])),
                          enumerate(walkers)))
            tokens = list(pool.map(lambda w: w.profile_token(), walkers))
        cookie = [("; ".join(f"{c.name}={c.value}" for c in w.jar)) for w in walkers]
        hx = lambda s: {"Cookie": cookie[s], "HX-Request": "true", "X-Forwarded-For": walkers[s].ip}
        form = lambda s, data: urlencode(dict(data, csrf_token=tokens[s])).encode()
        post_h = lambda s: {**hx(s), "Content-Type": "application/x-www-form-urlencoded"}
        q = "/lookup/address?" + urlencode({"q": "국제금융로8길", "ui": "dialog"})
        _, _, login_page = Walker([base]).get("/login")
        scenarios = [
            ("esop GET /bench/hello (every app hook)", lambda s, n: ("GET", "/bench/hello", None, {})),
            ("GET /static/favicon.svg", lambda s, n: ("GET", "/static/favicon.svg", None, {})),
            ("ID-check fragment", lambda s, n: ("POST", "/signup/profile/id-check",
                                                form(s, {"user_id": f"free{s:02d}{n % 9999:04d}"}), post_h(s))),
            ("job-select fragment", lambda s, n: ("GET", f"/signup/profile/jobs?job_major={1 + n % 9}", None, hx(s))),
            ("address-search fragment", lambda s, n: ("GET", q, None, {"HX-Request": "true"})),
        ]
        for label, make in scenarios:
            results[label] = drive(port, make, args.seconds)
        # Login POST: a fresh session per connection (cookie + token), an unknown ID each time: the full
        # form, CSRF, argon2 (the dummy hash at production cost) and audit path, without locking anyone.
        login_state = []
        for s in range(CONNECTIONS):
            w = Walker([base])
            _, _, html = w.get("/login")
            login_state.append(("; ".join(f"{c.name}={c.value}" for c in w.jar),
                                re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)))
        results["login POST"] = drive(port, lambda s, n: (
            "POST", "/login", urlencode({"csrf_token": login_state[s][1], "user_id": f"nouser{s}x{n}",
                                         "password": "Wrong#4821"}).encode(),
            {"Cookie": login_state[s][0], "Content-Type": "application/x-www-form-urlencoded",
             "X-Forwarded-For": f"10.9.{s}.{n % 250}"}), args.seconds)
        # Complete sign-up journeys with the sandbox (2-1 … 2-5, about 16 requests each).
        done, started = itertools.count(), time.perf_counter()
        deadline = time.time() + args.seconds

        def journeys(slot):
            k = 0
            while time.time() < deadline:
                w = Walker([base])
                n = 100000 + slot * 10000 + k
                w.to_profile(phone_for(n))
                status, _, _ = w.submit_profile(f"jr{n}", mobile=phone_for(n))
                assert status == 302, status
                next(done)
                k += 1
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            list(pool.map(journeys, range(CONNECTIONS)))
        n_done = next(done)
        results["sign-up journeys"] = {"journeys": n_done, "per_s": n_done / (time.perf_counter() - started)}
        rss = worker_rss_mb(server.pid)
        # The ID check at 1,000 members (above) and at --members members.
        idcheck_1k = results["ID-check fragment"]
        t0 = time.perf_counter()
        bulk_members(database_url, args.members)
        insert_s = time.perf_counter() - t0
        if backend == "sqlite":
            import sqlite3
            sqlite3.connect(database_url.split("///", 1)[1]).execute("ANALYZE").connection.close()
        else:
            import psycopg2
            c = psycopg2.connect(database_url); c.autocommit = True; c.cursor().execute("ANALYZE member"); c.close()
        idcheck_1m = drive(port, scenarios[2][1], args.seconds)
        results[f"ID-check fragment, {args.members:,} members"] = idcheck_1m
    finally:
        for proc in (server, bare):
            proc.terminate()
            proc.wait(timeout=20)
        log.close()
        if dropper:
            dropper()
    bare_r = results[BASELINE]
    ok = lambda good: "ok" if good else "MISSED"
    lines = [f"esop load bench — {backend}, gunicorn {' '.join(GUNICORN)}, {CONNECTIONS} connections from a "
             f"{PROCS}-process Python driver on the same {os.cpu_count()}-core machine, {args.seconds:g} s per figure, "
             f"argon2id m=19 MiB t=2; load average before/after {LOAD_BEFORE} / {os.getloadavg()[0]:.1f}",
             f"{'figure':44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'srv CPU':>8} {'CPU ×':>6}"
             f"  goal (fragments: ratio ≥ {FRAGMENT_RATIO_MIN}, CPU ≤ {FRAGMENT_CPU_MAX:g}× bare, "
             f"p99 < {FRAGMENT_P99_MAX_MS} ms)  statuses",
             f"{'':44} {'':>8} {'':>8} {'':>8} {'':>6} {'ms/req':>8} {'bare':>6}"]
    for label, r in results.items():
        if "rps" not in r:
            continue
        ratio, cpu_x = r["rps"] / bare_r["rps"], r["server_cpu_ms"] / bare_r["server_cpu_ms"]
        goal = ""
        if "fragment" in label and "members" not in label:
            goal = ok(ratio >= FRAGMENT_RATIO_MIN) + " " + ok(cpu_x <= FRAGMENT_CPU_MAX) + " " + \
                ok(r["p99_ms"] < FRAGMENT_P99_MAX_MS)
        lines.append(f"{label:44} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {ratio:6.2f} "
                     f"{r['server_cpu_ms']:8.2f} {cpu_x:6.2f}  {goal:20} {r['statuses']}")
    lines.append(f"{'sign-up journeys (2-1 … 2-5, sandbox)':44} {results['sign-up journeys']['per_s']:8.2f} /s "
                 f"({results['sign-up journeys']['journeys']} completed)")
    ratio = idcheck_1m["p50_ms"] / idcheck_1k["p50_ms"]
    ratio99 = idcheck_1m["p99_ms"] / idcheck_1k["p99_ms"]
    lines.append(f"ID check {args.members:,} vs 1,000 members: p50 ratio {ratio:.2f}, p99 ratio {ratio99:.2f} "
                 f"(goal ≤ {ID_1M_RATIO_MAX}: {ok(ratio <= ID_1M_RATIO_MAX)}); bulk insert {insert_s:.0f} s")
    lines.append(f"first page (home + every asset, gzip accepted): {first_page:,} bytes over the wire "
                 f"(goal ≤ {FIRST_PAGE_MAX:,}: {ok(first_page <= FIRST_PAGE_MAX)}); second page view (/login, "
                 f"assets cached): {second_view:,} bytes "
                 f"(goal ≤ {SECOND_VIEW_MAX:,}: {ok(second_view <= SECOND_VIEW_MAX)})")
    lines.append(f"RSS per worker after the load: {', '.join(f'{x:.0f} MB' for x in rss)} "
                 f"(goal < {RSS_MAX_MB} MB: {ok(all(x < RSS_MAX_MB for x in rss))})")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"load-{backend}.txt").write_text(text + "\n")
    figures = {"results": results, "rss_mb": rss, "id_ratio_p50": ratio, "id_ratio_p99": ratio99,
               "first_page_bytes": first_page, "second_view_bytes": second_view}
    (out / f"load-{backend}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
