"""우편번호 검색 at national scale: generate, import, search; prints what it measured.

    python bench/address.py                   # 200,000 rows, a quick run
    python bench/address.py --rows 6400000    # the national size of the acceptance (15+ minutes)

Figures: generation and import time, database size, p50/p99 latency of a fixed mix of 1,000
searches of every mode (through LocalAddressSearch, as the web view calls it), the same for a
lookup of one address row by primary key, their p99 ratio, and the peak RSS of this process.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from esop.address.files import read_records  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pick_samples(path: str, rows: int, want: int = 400, seed: int = 7):
    """Every (rows/want)-th record: expected hits spread over the whole country."""
    step = max(1, rows // want)
    return [r for i, r in enumerate(read_records(path)) if i % step == step // 2][:want]


def query_mix(samples, seed: int = 11):
    """1,000 queries: (mode, text, sido, sigungu, expected road address or None)."""
    from esop.address.adapter import AddressQuery
    rng = random.Random(seed)
    out = []
    for i in range(1000):
        r = samples[i % len(samples)]
        number = f"{r.bldg_main}" + (f"-{r.bldg_sub}" if r.bldg_sub else "")
        lot = ("산" if r.is_mountain else "") + f"{r.jibun_main}" + (f"-{r.jibun_sub}" if r.jibun_sub else "")
        dong = " ".join(p for p in (r.eupmyeondong, r.ri) if p)
        kind = i % 10
        if kind in (0, 1):      # 도로명
            q = AddressQuery("road", r.road_name)
        elif kind in (2, 3):    # 도로명 + 건물번호 (sometimes with 시군구 in front)
            q = AddressQuery("road", (f"{r.sigungu} " if i % 4 == 2 and r.sigungu else "") + f"{r.road_name} {number}")
        elif kind == 4:         # 지번
            q = AddressQuery("road", f"{dong} {lot}")
        elif kind == 5:         # 우편번호
            q = AddressQuery("road", r.postcode)
        elif kind in (6, 7) and r.building_name:   # 시도 + 시군구 + 건물명
            q = AddressQuery("building", r.building_name, r.sido, r.sigungu)
        elif kind == 8 and r.building_name:        # 시도 + 건물명 (no 시군구), part of the name
            q = AddressQuery("building", r.building_name[: max(3, len(r.building_name) - 2)], r.sido)
        else:                                       # later pages of a broad road-name search
            q = AddressQuery("road", r.road_name, page=rng.randint(2, 5))
        out.append((q, r.road_address))
    return out


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--dir", help="work directory (kept); default a temporary one (removed)")
    parser.add_argument("--file", help="use this address file instead of generating one")
    args = parser.parse_args()

    work = Path(args.dir or tempfile.mkdtemp(prefix="esop-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"rows {args.rows:,}  work dir {work}  CPUs {os.cpu_count()}")

    from esop.address import synth
    path = args.file or str(work / "rnaddrkor_synthetic.txt")
    if not args.file:
        t = time.perf_counter()
        rows = synth.write_file(path, args.rows)
        print(f"generate  {rows:,} rows in {time.perf_counter() - t:.1f}s, {os.path.getsize(path) / 2**20:.0f} MiB file")
    rows = args.rows

    os.environ.update(ESOP_ENV="testing", ESOP_SANDBOX="0", DATABASE_URL=f"sqlite:///{work / 'bench.db'}",
                      ESOP_INSTANCE=str(work / "instance"))
    from esop import create_app
    from esop.address.importer import import_files
    from esop.address.adapter import LocalAddressSearch
    from esop.db import db
    app = create_app({})
    with app.app_context(), db.connection_context():
        t = time.perf_counter()
        result = import_files([path])
        print(f"import    {result.rows:,} addresses, {result.terms:,} names in {time.perf_counter() - t:.1f}s "
              f"(peak RSS so far {rss_mb():.0f} MB)")
        wal = sum(f.stat().st_size for f in work.glob("bench.db*"))
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")   # the WAL is transient; report the file at rest
        size = sum(f.stat().st_size for f in work.glob("bench.db*"))
        print(f"database  {size / 2**20:.0f} MiB ({wal / 2**20:.0f} MiB with the write-ahead log before checkpoint)")

        mix = query_mix(pick_samples(path, rows))
        search = LocalAddressSearch()
        search.search(mix[0][0])   # warm the region cache, as a running server has
        latencies, found, exact = [], 0, 0
        for query, expected in mix:
            t = time.perf_counter()
            page = search.search(query)
            latencies.append((time.perf_counter() - t) * 1000)
            found += page.total > 0
            exact += any(item.road_address == expected for item in page.items)
        ids = random.Random(3).sample(range(1, result.rows + 1), 1000)
        pk = []
        for address_id in ids:
            t = time.perf_counter()
            db.execute_sql("SELECT * FROM address WHERE id = ?", (address_id,)).fetchone()
            pk.append((time.perf_counter() - t) * 1000)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    k50, k99 = percentile(pk, 50), percentile(pk, 99)
    print(f"search    1,000 queries: p50 {p50:.2f} ms  p99 {p99:.2f} ms  max {max(latencies):.2f} ms  "
          f"(with results {found}/1000, the sampled address on the page shown {exact}/1000)")
    print(f"pk lookup p50 {k50:.3f} ms  p99 {k99:.3f} ms;  p99 ratio search/pk {p99 / k99:.0f}x")
    print(f"peak RSS  {rss_mb():.0f} MB")
    if not args.dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
