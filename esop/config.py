"""One configuration object, read from the environment once at start-up."""
from __future__ import annotations

import base64
import ipaddress
import os
import re
import secrets
from pathlib import Path

from .rules.ksco import REVISIONS


class ConfigError(RuntimeError):
    """The app must not start with this configuration (the message names the setting)."""


# The modes esop knows. Anything else is refused rather than read as development: a typo such as
# ESOP_ENV=prod must not start an app with the sandbox on and no Secure cookie (fail closed).
MODES = ("development", "testing", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
# Read outside load_config (create_app picks the instance folder before the config exists).
READ_ELSEWHERE = {"ESOP_INSTANCE"}


class _ReadRecorder(dict):
    """The environment, remembering which names were asked for: in production an ESOP_* variable that
    nothing read is a typo'd or retired setting, and silently ignoring it would be worse than refusing."""

    def __init__(self, env):
        super().__init__(env)
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def _int(env, name: str, default: int, minimum: int | None = None) -> int:
    """A whole-number setting; a malformed one refuses to start, naming the variable."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number (for example {name}={default}).") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is below the minimum of {minimum}.")
    return value


def _percent(env, name: str, default: int) -> int:
    """A percentage from 1 to 100; anything else refuses to start, naming the variable."""
    value = _int(env, name, default, minimum=1)
    if value > 100:
        raise ConfigError(f"{name}={value} is above 100 (a percentage).")
    return value


# The password fields take this many characters (maxlength); a longer maximum could never be typed.
PASSWORD_FIELD_LENGTH = 128


def _password_max(env, minimum: int) -> int:
    value = _int(env, "ESOP_PASSWORD_MAX_LENGTH", 64, minimum=minimum)
    if value > PASSWORD_FIELD_LENGTH:
        raise ConfigError(f"ESOP_PASSWORD_MAX_LENGTH={value} is above the {PASSWORD_FIELD_LENGTH} characters "
                          "the password fields take.")
    return value


def _float(env, name: str, default: float) -> float:
    """A number-of-seconds setting; a malformed one refuses to start, naming the variable."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number (for example {name}={default:g}).") from None
    if not value > 0:
        raise ConfigError(f"{name}={raw!r} must be a positive number of seconds.")
    return value


def _choice(env, name: str, default: str, choices: tuple[str, ...], upper: bool = False) -> str:
    raw = (env.get(name) or "").strip()
    value = (raw.upper() if upper else raw.lower()) or default
    if value not in choices:
        raise ConfigError(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return value


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret(instance: Path, name: str, nbytes: int, unsaved: dict | None) -> str:
    """A development secret generated once and kept in instance/ (never used in production).
    With `unsaved` given, a new secret is only collected there (save_instance_secrets writes it later),
    so that building the app for `flask esop --help` writes nothing."""
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    value = base64.urlsafe_b64encode(secrets.token_bytes(nbytes)).decode()
    if unsaved is not None:
        unsaved[name] = value
        return value
    save_instance_secrets(instance, {name: value})
    return value


def save_instance_secrets(instance: Path, values: dict) -> None:
    """Write development secrets that are not on disk yet; a file that appeared meanwhile (another
    process) must hold the same value, or this process would encrypt under a key nobody keeps."""
    for name, value in values.items():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(instance / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if (instance / name).read_text().strip() != value:
                raise ConfigError(f"{instance / name} was created by another process while esop started; "
                                  "start it again.") from None
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(value + "\n")


# Every limit the app enforces, by name: (count, window in seconds). Services check them by name
# (esop/limits.py, STYLE.md 17); an operator changes one with ESOP_LIMIT_<NAME>=count/seconds,
# the name upper-cased with dots as underscores (ESOP_LIMIT_CODE_NUMBER=5/3600).
LIMITS: dict[str, tuple[int, int]] = {
    "login.ip": (60, 600),             # password spraying meets this before any account's lockout
    "realname.ip": (30, 600),
    "realname.rrn": (5, 3600),         # guessing which name goes with an RRN must not be cheap
    "idcheck.flow": (20, 600),         # 아이디 중복확인 is an oracle for members' IDs
    "idcheck.ip": (60, 600),
    "code.number": (5, 3600),          # codes texted to one number, whoever asks (SMS pumping, harassment)
    "code.ip": (30, 3600),             # codes asked for from one IP
    "code.session": (5, 900),          # codes of one kind for one flow, member or cloud link
    "alert.number": (20, 3600),        # security alerts texted to one number
    "ars.member": (5, 900),            # 2채널 approval calls placed for one member
    "certcenter.identity.ip": (30, 600),   # 인증센터 본인확인 (ID + password + RRN), no login needed
    "certcenter.identity.id": (10, 600),   # … and per typed ID, whatever the IP
    "recovery.ip": (20, 900),
    "recovery.id": (5, 900),
    "withdraw.member": (5, 900),
    "findid.ip": (20, 900),            # 아이디 찾기 실명확인 from one IP (the bureau's realname.rrn also holds)
    "findid.number": (3, 86400),       # 아이디 찾기 texts of the full ID to one number
}


def limit_variable(name: str) -> str:
    return "ESOP_LIMIT_" + name.upper().replace(".", "_")


def _count_per_seconds(variable: str, raw: str) -> tuple[int, int]:
    count, _, seconds = raw.partition("/")
    if not (count.strip().isdigit() and seconds.strip().isdigit() and int(seconds) > 0):
        raise ConfigError(f"{variable}={raw!r}: write it as count/seconds, e.g. {variable}=5/3600")
    return int(count), int(seconds)


def _public_url(env, production: bool) -> str:
    """ESOP_PUBLIC_URL, the origin members type (https://bank.example): passkeys are bound to its host
    (the WebAuthn RP ID) and its origin. A malformed one refuses to start; production takes https only.
    Unset: production offers no passkeys (fail closed); elsewhere each request's own host stands in."""
    from urllib.parse import urlsplit
    raw = (env.get("ESOP_PUBLIC_URL") or "").strip()
    if not raw:
        return ""
    try:
        parts = urlsplit(raw)
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
        parts = None
    schemes = ("https",) if production else ("https", "http")
    if parts is None or parts.scheme not in schemes or not host or parts.username or parts.password \
            or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigError(f"ESOP_PUBLIC_URL={raw!r} is not an origin such as https://bank.example"
                          + (" (production: https only)." if production else "."))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    raise ConfigError(f"ESOP_PUBLIC_URL={raw!r}: passkeys need a domain name, not an IP address (WebAuthn RP ID).")


def _networks(env) -> list[tuple[str, tuple]]:
    """ESOP_NETWORKS=office=203.0.113.0/24,hq=198.51.100.0/25: named networks (a name may be given
    several times, one CIDR each) whose clients can have their own per-IP limits; in the given order."""
    raw = (env.get("ESOP_NETWORKS") or "").strip()
    named: dict[str, list] = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        name, _, cidr = item.partition("=")
        name = name.strip().lower()
        try:
            network = ipaddress.ip_network(cidr.strip(), strict=False)
        except ValueError:
            network = None
        if not re.fullmatch(r"[a-z0-9_]+", name) or network is None:
            raise ConfigError(f"ESOP_NETWORKS: {item!r} is not name=CIDR "
                              "(e.g. ESOP_NETWORKS=office=203.0.113.0/24,hq=198.51.100.0/25)")
        named.setdefault(name, []).append(network)
    return [(name, tuple(networks)) for name, networks in named.items()]


def _limits(env, networks: list[tuple[str, tuple]] = ()) -> dict[str, tuple[int, int]]:
    """LIMITS with the environment's overrides; a malformed or unknown one stops the start.
    ESOP_LIMIT_<NAME>@<network> gives a per-IP limit (a name ending in .ip) its own numbers for clients
    in a named network, stored as "<name>@<network>" (esop/limits.py picks it)."""
    known = {limit_variable(name): name for name in LIMITS}
    names = {name for name, _ in networks}
    for variable in sorted(k for k in env if k.startswith("ESOP_LIMIT_") and "@" in k):
        base, _, network = variable.partition("@")
        if network not in names:
            raise ConfigError(f"{variable}: no network named {network!r} in ESOP_NETWORKS")
        if not known.get(base, "").endswith(".ip"):
            per_ip = sorted(v for v, n in known.items() if n.endswith(".ip"))
            raise ConfigError(f"{variable}: only per-IP limits can differ by network ({', '.join(per_ip)})")
        known[variable] = f"{known[base]}@{network}"
    unknown = sorted(k for k in env if k.startswith("ESOP_LIMIT_") and k not in known)
    if unknown:
        raise ConfigError(f"{', '.join(unknown)}: no such limit (known: {', '.join(sorted(known))})")
    limits = dict(LIMITS)
    for variable, name in known.items():
        raw = (env.get(variable) or "").strip()
        if raw:
            limits[name] = _count_per_seconds(variable, raw)
    return limits


def _adapter_settings(env) -> dict:
    from .adapters.plugins import AdapterConfigError, configured
    try:
        return configured(env)
    except AdapterConfigError as exc:
        raise ConfigError(str(exc)) from exc


def instance_path(default: str) -> str:
    """Where instance/ (development secrets, the SQLite file) lives: read before the config can be."""
    return os.environ.get("ESOP_INSTANCE") or default


def loaded_by_flask_cli() -> bool:
    """The flask CLI sets FLASK_RUN_FROM_CLI before it loads the app (then building it writes nothing)."""
    return bool(os.environ.get("FLASK_RUN_FROM_CLI"))


def load_config(instance_path: str, env: dict | None = None, save_secrets: bool = True) -> dict:
    """Build the Flask config mapping; refuse unsafe or malformed settings with a one-line message.
    With save_secrets=False, new development secrets are left in UNSAVED_SECRETS for the caller."""
    env = _ReadRecorder(os.environ if env is None else env)
    instance = Path(instance_path)
    mode = _choice(env, "ESOP_ENV", "development", MODES)
    production = mode == "production"
    unsaved: dict | None = None if save_secrets else {}

    if production:
        missing = [k for k in ("SECRET_KEY", "ESOP_DATA_KEYS", "ESOP_INDEX_KEY", "DATABASE_URL")
                   if not env.get(k)]
        if missing:
            raise ConfigError(
                "ESOP_ENV=production but these required settings are missing: "
                + ", ".join(missing)
                + ". Set them in the environment (see README.md, 'Production'); "
                "esop refuses to start with development secrets in production."
            )
        secret_key = env["SECRET_KEY"]
        data_keys = env["ESOP_DATA_KEYS"]
        index_key = env["ESOP_INDEX_KEY"]
        if len(secret_key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
    else:
        secret_key = env.get("SECRET_KEY") or _instance_secret(instance, "secret_key", 32, unsaved)
        data_keys = env.get("ESOP_DATA_KEYS") or "dev1:" + _instance_secret(instance, "data_key", 32, unsaved)
        index_key = env.get("ESOP_INDEX_KEY") or _instance_secret(instance, "index_key", 32, unsaved)

    # 개인정보의 안전성 확보조치 기준 제8조: access records (audit and security events) are kept at least
    # 2 years when RRNs are processed; the purge command never deletes younger rows (README, L2).
    access_record_days = _int(env, "ESOP_ACCESS_RECORD_DAYS", 730)
    if production and access_record_days < 730:
        raise ConfigError("ESOP_ACCESS_RECORD_DAYS must be at least 730 (2 years of access records) in production.")

    networks = _networks(env)
    password_min = _int(env, "ESOP_PASSWORD_MIN_LENGTH", 8, minimum=1)
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'esop.db'}"
    sandbox = _flag(env.get("ESOP_SANDBOX"), default=not production)
    if production and sandbox:
        # The sandbox console shows every SMS code, OTP and security card it issued.
        raise ConfigError("ESOP_SANDBOX is on with ESOP_ENV=production: the sandbox console would serve every "
                          "code it issued. Unset ESOP_SANDBOX (or run ESOP_ENV=development).")

    config = {
        "ESOP_ENV": mode,
        "UNSAVED_SECRETS": unsaved or {},
        "PRODUCTION": production,
        "SECRET_KEY": secret_key,
        "ESOP_DATA_KEYS": data_keys,
        "ESOP_INDEX_KEY": index_key,
        "DATABASE_URL": database_url,
        "SANDBOX": sandbox,
        # Real providers by configuration: ESOP_ADAPTER_<SLOT>=package.module:factory (adapters/plugins.py).
        "ADAPTERS": _adapter_settings(env),
        # Cookies: HttpOnly always, Secure in production (served over TLS behind a proxy).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "esop_session",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "WTF_CSRF_SSL_STRICT": production,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "TRUST_PROXY_HOPS": _int(env, "ESOP_TRUST_PROXY_HOPS", 0),
        # Login lockout after 5 consecutive failures (전자금융감독규정 practice; SPEC §4).
        "LOGIN_MAX_FAILURES": 5,
        # Named limits, counted in the database (shared by every process): esop/limits.py.
        "LIMITS": _limits(env, networks),
        # Named networks (an office behind one NAT) whose clients meet their own per-IP limits.
        "NETWORKS": networks,
        "SESSION_ABSOLUTE_SECONDS": _int(env, "ESOP_SESSION_ABSOLUTE_SECONDS", 43200),
        # Inactivity limits, seconds.
        "SESSION_IDLE_SECONDS": _int(env, "ESOP_SESSION_IDLE_SECONDS", 600),
        "SIGNUP_IDLE_SECONDS": _int(env, "ESOP_SIGNUP_IDLE_SECONDS", 1200),
        "CERTFLOW_IDLE_SECONDS": _int(env, "ESOP_CERTFLOW_IDLE_SECONDS", 1200),
        "CLOUD_LINK_IDLE_SECONDS": _int(env, "ESOP_CLOUD_LINK_IDLE_SECONDS", 1200),
        # 추가인증 is bounded from its start, not by inactivity (issue 5: 15 minutes).
        "VERIFY_FLOW_SECONDS": _int(env, "ESOP_VERIFY_FLOW_SECONDS", 900),
        # 시간 연장 per flow: WCAG 2.2.1 asks for at least 10; a cap stops a script extending forever (issue 17).
        "FLOW_MAX_EXTENSIONS": _int(env, "ESOP_FLOW_MAX_EXTENSIONS", 10, minimum=10),
        # Password length bounds (ASVS 2.1.2: allow at least 64); the manual's 12-character maximum is
        # ESOP_PASSWORD_MAX_LENGTH=12, a bank's choice, not the default (issue 17).
        "PASSWORD_MIN_LENGTH": password_min,
        "PASSWORD_MAX_LENGTH": _password_max(env, password_min),
        # argon2id cost (OWASP: m=19 MiB, t=2, p=1 as the floor).
        "ARGON2_MEMORY_KIB": _int(env, "ESOP_ARGON2_MEMORY_KIB", 19456),
        "ARGON2_TIME_COST": _int(env, "ESOP_ARGON2_TIME_COST", 2),
        # One-time codes (esop/codes.py): lifetime, and the wait before another may be sent
        # (login.gov practice, anchors.md §2).
        "SMS_CODE_SECONDS": 180,
        "CODE_RESEND_SECONDS": _int(env, "ESOP_CODE_RESEND_SECONDS", 30),
        "ACCESS_RECORD_DAYS": access_record_days,
        # The outbox (esop/outbox.py): 보안 알림 and notices are sent by `flask esop worker` in production;
        # without a worker (development, tests) the web process drains it after the request that queued.
        "OUTBOX_WORKER": _flag(env.get("ESOP_OUTBOX_WORKER"), default=production),
        "OUTBOX_MAX_ATTEMPTS": _int(env, "ESOP_OUTBOX_MAX_ATTEMPTS", 8, minimum=1),
        "OUTBOX_BACKOFF_SECONDS": _float(env, "ESOP_OUTBOX_BACKOFF_SECONDS", 30),
        "OUTBOX_LEASE_SECONDS": _int(env, "ESOP_OUTBOX_LEASE_SECONDS", 300, minimum=1),
        # The site's public origin: passkeys' RP ID and expected origin (esop/passkeys/ceremony.py).
        "PUBLIC_URL": _public_url(env, production),
        # Seconds a passkey ceremony's challenge stays usable (WebAuthn's own timeout hint is the same).
        "PASSKEY_CHALLENGE_SECONDS": _int(env, "ESOP_PASSKEY_CHALLENGE_SECONDS", 300, minimum=30),
        "ADDRESS_API_KEY": env.get("ESOP_ADDRESS_API_KEY", ""),
        # PEM bundle of the CAs whose certificates members may register (the sandbox CAs are added
        # while the sandbox is on).
        "TRUSTED_CA_FILE": env.get("ESOP_TRUSTED_CA_FILE", ""),
        # Seconds to wait for a CA's OCSP responder (its URL is in each certificate); no answer → refused.
        "OCSP_TIMEOUT": _float(env, "ESOP_OCSP_TIMEOUT", 5),
        "CLOUD_AUTO_CONNECT_DAYS": _int(env, "ESOP_CLOUD_AUTO_CONNECT_DAYS", 30),
        # 담보인정비율 of 대출가능금액 조회 (esop/rules/loan.py): the share of the collateral's value lent on.
        "LOAN_COLLATERAL_PERCENT": _percent(env, "ESOP_LOAN_COLLATERAL_PERCENT", 60),
        # 우편번호 검색: "local" (imported files, default) or "juso" (the official search API, needs the key).
        "ADDRESS_API": env.get("ESOP_ADDRESS_API", "local").strip().lower(),
        # 직업검색's 한국표준직업분류 revision (esop/rules/ksco.py REVISIONS). New choices use it; members keep
        # the revision they chose under. A serving process refuses to start until it is loaded
        # (`flask esop import-jobs`); the bundled 7th is loaded by migration m0076.
        "JOB_REVISION": _choice(env, "ESOP_JOB_REVISION", "7", tuple(REVISIONS)),
        "ADDRESS_API_URL": env.get("ESOP_ADDRESS_API_URL", ""),
        "ADDRESS_API_TIMEOUT": _float(env, "ESOP_ADDRESS_API_TIMEOUT", 3),
        "LOG_LEVEL": _choice(env, "ESOP_LOG_LEVEL", "INFO", LOG_LEVELS, upper=True),
        # One line of JSON per record for log shippers; plain text otherwise (README, 'Logs').
        "LOG_FORMAT": _choice(env, "ESOP_LOG_FORMAT", "text", LOG_FORMATS),
        # Production workers never migrate; they wait this long for the release step's `flask esop migrate`
        # (kept under gunicorn's 30-second boot timeout), then refuse to start.
        "SCHEMA_WAIT_SECONDS": _int(env, "ESOP_SCHEMA_WAIT_SECONDS", 10, minimum=0),
        # Where a member reports an accessibility barrier (접근성 안내 page); the operator's own address.
        "ACCESSIBILITY_CONTACT_EMAIL": env.get("ESOP_ACCESSIBILITY_CONTACT_EMAIL", "").strip()
        or "accessibility@esop.example",
    }
    if production:
        unknown = sorted(k for k in env if k.startswith("ESOP_") and k not in env.read | READ_ELSEWHERE)
        if unknown:
            raise ConfigError(f"{', '.join(unknown)}: no such setting (a typo?). esop refuses to start in production "
                              "with a setting it would ignore; see README.md, 'Configuration'.")
    return config


def effective_settings(config) -> list[tuple[str, str]]:
    """esop's settings as the app runs with them (Flask's own defaults left out), secrets masked:
    for `flask esop check-config`, whose output may be pasted into a ticket."""
    from urllib.parse import urlsplit

    from flask import Flask
    rows = []
    for name in sorted(k for k in config if (k not in Flask.default_config or k == "SECRET_KEY")
                       and k != "UNSAVED_SECRETS"):
        value = config[name]
        if "SECRET" in name or name.endswith(("_KEY", "_KEYS")):
            shown = "****** (set)" if value else "(not set)"
        elif name == "DATABASE_URL" and urlsplit(value).password:
            parts = urlsplit(value)
            shown = parts._replace(netloc=parts.netloc.replace(":" + parts.password + "@", ":******@")).geturl()
        else:
            shown = repr(value)
        rows.append((name, shown))
    return rows
