"""Session-wide leak sweep (reliability.md S1; login.gov's PiiAlerter idea): canary secrets are
planted through real journeys (tests/reliability/test_leak_journeys.py), and the WHOLE pytest
session fails if any canary shows up in

* any log record of the test process (a handler at the root logger),
* any Flask test-client response: body, headers, Location, redirect history (FlaskClient.open
  is wrapped) — except /sandbox/ pages, which show codes on purpose,
* any decoded session cookie (Flask's cookie is signed, not encrypted),
* the server.log files that live-server fixtures write under the session's temp directory
  (scanned at the end of the session).

Short numeric secrets (a 4-digit account password, a 6-digit PIN) look like any number, so they
are searched only where a number has no business being next to them: as a whole number in log
lines of this process, cookies and Location headers, and as an echoed form value (value="…") in
bodies. Long canaries (RRN, passwords, OTP seed) are searched everywhere.
"""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import logging
import re
import zlib
from dataclasses import dataclass, field

import pytest

# --- the canaries ------------------------------------------------------------------------------


def _rrn(birth: dt.date, tail5: str) -> str:
    """A valid-checksum RRN with a fixed tail, computed here (no import of the app at plugin load)."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    first12 = birth.strftime("%y%m%d") + "1" + tail5
    check = (11 - sum(int(d) * w for d, w in zip(first12, weights)) % 11) % 10
    return first12 + str(check)


CANARY_RRN = _rrn(dt.date(1977, 8, 19), "93571")          # born 1977, man; legacy check digit valid
CANARY_RRN_HYPHEN = f"{CANARY_RRN[:6]}-{CANARY_RRN[6:]}"
CANARY_PASSWORD = "Qz7%Canary1"                            # sign-up password (8–12, two classes)
CANARY_NEW_PASSWORD = "Wx4!Canary2"                        # the new one set by 비밀번호 재등록
CANARY_ACCOUNT_PASSWORD = "4816"                           # 예수금계좌비밀번호 (4 digits)
CANARY_OTP_SEED = "CANARYQZOTPSEEDXWVKLMNB234567ABC"       # base32 TOTP secret (32 chars)
CANARY_PIN = "582047"                                      # certificate PIN (6 digits)
CANARY_ACCOUNT_NUMBER = "103-557-9182364"                  # deposit account number (shown masked only)

LONG = {"rrn": CANARY_RRN, "rrn-hyphen": CANARY_RRN_HYPHEN, "password": CANARY_PASSWORD,
        "new-password": CANARY_NEW_PASSWORD, "otp-seed": CANARY_OTP_SEED,
        "account-number": CANARY_ACCOUNT_NUMBER, "account-number-digits": CANARY_ACCOUNT_NUMBER.replace("-", "")}
SHORT = {"account-password": CANARY_ACCOUNT_PASSWORD, "pin": CANARY_PIN}


def _patterns():
    pats = [(name, re.compile(re.escape(value))) for name, value in LONG.items()]
    whole = [(name, re.compile(rf"(?<![0-9]){value}(?![0-9])")) for name, value in SHORT.items()]
    echoed = [(name, re.compile(rf'value=["\']{value}["\']')) for name, value in SHORT.items()]
    return pats, whole, echoed


LONG_PATTERNS, WHOLE_SHORT_PATTERNS, ECHOED_SHORT_PATTERNS = _patterns()


@dataclass
class Sweep:
    hits: list[str] = field(default_factory=list)
    scanned: dict[str, int] = field(default_factory=lambda: {"log records": 0, "responses": 0,
                                                             "session cookies": 0, "server logs": 0})
    planted: set[str] = field(default_factory=set)  # journeys that planted canaries report here

    def check(self, where: str, text: str, *, short: str = "whole") -> None:
        patterns = list(LONG_PATTERNS)
        patterns += WHOLE_SHORT_PATTERNS if short == "whole" else ECHOED_SHORT_PATTERNS if short == "echoed" else []
        for name, pattern in patterns:
            m = pattern.search(text)
            if m:
                start = max(0, m.start() - 60)
                self.hits.append(f"canary {name!r} in {where}: …{text[start:m.end() + 60]!r}…")


SWEEP = Sweep()


def plant(journey: str) -> None:
    """A journey says it ran with the canaries, so the summary can show the sweep was not vacuous."""
    SWEEP.planted.add(journey)


# --- session cookies ---------------------------------------------------------------------------

def decode_session_cookie(value: str) -> str:
    """The JSON inside Flask's signed cookie (payload.timestamp.signature; '.'-prefixed = zlib)."""
    compressed = value.startswith(".")
    payload = value[1:] if compressed else value
    payload = payload.split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if compressed:
        raw = zlib.decompress(raw)
    return raw.decode("utf-8", "replace")


_SET_COOKIE = re.compile(r"^([^=;\s]+)=([^;]*)")


def _leaves(value):
    """Every scalar inside decoded JSON (dict values, list items)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _scan_cookies(where: str, headers) -> None:
    for header in headers.getlist("Set-Cookie"):
        m = _SET_COOKIE.match(header)
        if not m:
            continue
        name, value = m.group(1), m.group(2).strip('"')
        # Short canaries (4-6 digits) are not searched inside cookies as substrings: random tokens
        # (hex CSRF tokens, urlsafe session keys) contain such digit runs by chance, which would make
        # the sweep flaky. They are matched as whole decoded values instead (below).
        SWEEP.check(f"{where} Set-Cookie {name} (raw)", value, short="none")
        if value and name.endswith("session"):
            try:
                decoded = decode_session_cookie(value)
            except Exception:  # not a Flask session cookie after all: the raw value was checked
                continue
            SWEEP.scanned["session cookies"] += 1
            SWEEP.check(f"{where} decoded session cookie {name}", decoded, short="none")
            # Nested JSON strings are escaped inside the cookie; check the unescaped text too.
            try:
                data = json.loads(decoded)
            except ValueError:
                continue
            SWEEP.check(f"{where} decoded session cookie {name}", json.dumps(data, ensure_ascii=False),
                        short="none")
            for leaf in _leaves(data):
                for canary, secret in SHORT.items():
                    if str(leaf).strip() == secret:
                        SWEEP.check(f"{where} decoded session cookie {name} value", secret)


# --- test-client responses ---------------------------------------------------------------------

def _scan_response(response) -> None:
    request = getattr(response, "request", None)
    path = getattr(request, "path", "") or ""
    where = f"response to {getattr(request, 'method', '?')} {path}"
    SWEEP.scanned["responses"] += 1
    _scan_cookies(where, response.headers)
    location = response.headers.get("Location", "") + " " + response.headers.get("HX-Redirect", "")
    SWEEP.check(f"{where} Location", location)
    if path.startswith("/sandbox/"):
        return  # the sandbox console shows codes on purpose (not canaries: those never go there)
    for key, value in response.headers.items():
        if key.lower() != "set-cookie":
            SWEEP.check(f"{where} header {key}", value, short="none")
    if path.startswith("/static/"):
        return  # files from the repository, not answers built from anyone's data
    raw = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":  # compressed answers are scanned as sent, decoded
        raw = gzip.decompress(raw)
    body = raw.decode() if response.mimetype.startswith(("text/", "application/json")) else raw.decode("latin-1")
    SWEEP.check(f"{where} body", body, short="echoed")
    if path and "?" not in path:
        SWEEP.check(f"{where} URL", path)


def _wrap_flask_client() -> None:
    from flask.testing import FlaskClient
    if getattr(FlaskClient.open, "_leaksweep", False):
        return
    original = FlaskClient.open

    def open(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        for earlier in getattr(response, "history", ()) or ():
            _scan_response(earlier)
        _scan_response(response)
        return response

    open._leaksweep = True
    FlaskClient.open = open


# --- logs --------------------------------------------------------------------------------------

class CanaryLogHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        if record.exc_text:
            text += "\n" + record.exc_text
        SWEEP.scanned["log records"] += 1
        SWEEP.check(f"log record {record.name}:{record.levelname}", text)


def scan_server_logs(base) -> None:
    """Live servers log requests with sizes and ports: only the long canaries are searched there."""
    for path in sorted(base.rglob("server*.log")):
        SWEEP.scanned["server logs"] += 1
        text = path.read_text("utf-8", "replace")
        SWEEP.check(f"server log {path}", text, short="none")


# --- pytest hooks ------------------------------------------------------------------------------

_handler = CanaryLogHandler(level=logging.DEBUG)


def pytest_configure(config):
    _wrap_flask_client()
    root = logging.getLogger()
    root.addHandler(_handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)  # the app's own level (ESOP_LOG_LEVEL=INFO): no record is skipped


@pytest.fixture(autouse=True)
def _leak_sweep_per_test():
    """Fail the very test whose requests leaked, so the report points at it."""
    before = len(SWEEP.hits)
    yield
    new = SWEEP.hits[before:]
    if new:
        pytest.fail("LEAK SWEEP: " + "\n".join(new[:10]), pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        try:
            scan_server_logs(factory.getbasetemp())
        except OSError:
            pass
    if SWEEP.hits and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    tr = terminalreporter
    counts = ", ".join(f"{n} {k}" for k, n in SWEEP.scanned.items())
    journeys = ", ".join(sorted(SWEEP.planted)) or "none ran in this session"
    if SWEEP.hits:
        tr.section("LEAK SWEEP FAILED", sep="!", red=True, bold=True)
        for hit in SWEEP.hits[:50]:
            tr.write_line(hit)
        tr.write_line(f"{len(SWEEP.hits)} hit(s); scanned {counts}; canary journeys: {journeys}")
    else:
        tr.write_line(f"leak sweep: 0 canary hits; scanned {counts}; canary journeys: {journeys}")
