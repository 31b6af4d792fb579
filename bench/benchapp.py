"""The app for the benches: exactly app:app, with the 중복확인 per-flow and per-IP limits lifted so the
ID-check figure measures the fragment (its throttle bookkeeping still runs on every request), and a
bare 'hello' route added to that same app object — the baseline: every before/after-request hook,
the session, the security headers and the teardown run for it as for any page."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import app  # noqa: E402

app.config["LIMITS"].update({"idcheck.flow": (10 ** 9, 600), "idcheck.ip": (10 ** 9, 600)})


@app.route("/bench/hello")
def bench_hello():
    return "hello"
