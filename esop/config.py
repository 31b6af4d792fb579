"""One configuration object, read from the environment once at start-up."""
from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """The app must not start with this configuration."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret(instance: Path, name: str, nbytes: int) -> str:
    """A development secret generated once and kept in instance/ (never used in production)."""
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = base64.urlsafe_b64encode(secrets.token_bytes(nbytes)).decode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value


def _adapter_settings(env) -> dict:
    from .adapters.plugins import AdapterConfigError, configured
    try:
        return configured(env)
    except AdapterConfigError as exc:
        raise ConfigError(str(exc)) from exc


def load_config(instance_path: str, env: dict | None = None) -> dict:
    """Build the Flask config mapping; refuse unsafe production settings with a clear message."""
    env = dict(os.environ if env is None else env)
    instance = Path(instance_path)
    mode = env.get("ESOP_ENV", "development").strip().lower()
    production = mode == "production"

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
        secret_key = env.get("SECRET_KEY") or _instance_secret(instance, "secret_key", 32)
        data_keys = env.get("ESOP_DATA_KEYS") or "dev1:" + _instance_secret(instance, "data_key", 32)
        index_key = env.get("ESOP_INDEX_KEY") or _instance_secret(instance, "index_key", 32)

    # 개인정보의 안전성 확보조치 기준 제8조: access records (audit and security events) are kept at least
    # 2 years when RRNs are processed; the purge command never deletes younger rows (README, L2).
    access_record_days = int(env.get("ESOP_ACCESS_RECORD_DAYS", "730") or 730)
    if production and access_record_days < 730:
        raise ConfigError("ESOP_ACCESS_RECORD_DAYS must be at least 730 (2 years of access records) in production.")

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'esop.db'}"
    sandbox = _flag(env.get("ESOP_SANDBOX"), default=not production)

    return {
        "ESOP_ENV": mode,
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
        "TRUST_PROXY_HOPS": int(env.get("ESOP_TRUST_PROXY_HOPS", "0") or 0),
        # Login lockout after 5 consecutive failures (전자금융감독규정 practice; SPEC §4).
        "LOGIN_MAX_FAILURES": 5,
        # Throttles held in the database (shared by every process); counts per 10 minutes / hour.
        "LOGIN_PER_IP": int(env.get("ESOP_LOGIN_PER_IP", "60")),
        # 인증센터 본인확인 (ID + password + RRN) per IP and per typed ID, per 10 minutes.
        "CERTCENTER_IDENTITY_PER_IP": int(env.get("ESOP_CERTCENTER_IDENTITY_PER_IP", "30")),
        "CERTCENTER_IDENTITY_PER_ID": int(env.get("ESOP_CERTCENTER_IDENTITY_PER_ID", "10")),
        "SMS_PER_PHONE_HOUR": int(env.get("ESOP_SMS_PER_PHONE_HOUR", "5")),
        "SMS_PER_IP_HOUR": int(env.get("ESOP_SMS_PER_IP_HOUR", "30")),
        "REALNAME_PER_RRN_HOUR": int(env.get("ESOP_REALNAME_PER_RRN_HOUR", "5")),
        "SESSION_ABSOLUTE_SECONDS": int(env.get("ESOP_SESSION_ABSOLUTE_SECONDS", "43200")),
        # Inactivity limits, seconds.
        "SESSION_IDLE_SECONDS": int(env.get("ESOP_SESSION_IDLE_SECONDS", "600")),
        "SIGNUP_IDLE_SECONDS": int(env.get("ESOP_SIGNUP_IDLE_SECONDS", "1200")),
        # Password length bounds are settings so an operator can follow ASVS (up to 64).
        "PASSWORD_MIN_LENGTH": int(env.get("ESOP_PASSWORD_MIN_LENGTH", "8")),
        "PASSWORD_MAX_LENGTH": int(env.get("ESOP_PASSWORD_MAX_LENGTH", "12")),
        # argon2id cost (OWASP: m=19 MiB, t=2, p=1 as the floor).
        "ARGON2_MEMORY_KIB": int(env.get("ESOP_ARGON2_MEMORY_KIB", "19456")),
        "ARGON2_TIME_COST": int(env.get("ESOP_ARGON2_TIME_COST", "2")),
        "SMS_CODE_SECONDS": 180,
        "ACCESS_RECORD_DAYS": access_record_days,
        "ADDRESS_API_KEY": env.get("ESOP_ADDRESS_API_KEY", ""),
        # PEM bundle of the CAs whose certificates members may register (the sandbox CAs are added
        # while the sandbox is on).
        "TRUSTED_CA_FILE": env.get("ESOP_TRUSTED_CA_FILE", ""),
        # Seconds to wait for a CA's OCSP responder (its URL is in each certificate); no answer → refused.
        "OCSP_TIMEOUT": float(env.get("ESOP_OCSP_TIMEOUT", "5") or 5),
        "CLOUD_AUTO_CONNECT_DAYS": int(env.get("ESOP_CLOUD_AUTO_CONNECT_DAYS", "30")),
        # 우편번호 검색: "local" (imported files, default) or "juso" (the official search API, needs the key).
        "ADDRESS_API": env.get("ESOP_ADDRESS_API", "local").strip().lower(),
        "ADDRESS_API_URL": env.get("ESOP_ADDRESS_API_URL", ""),
        "ADDRESS_API_TIMEOUT": float(env.get("ESOP_ADDRESS_API_TIMEOUT", "3") or 3),
        "LOG_LEVEL": env.get("ESOP_LOG_LEVEL", "INFO"),
        # Where a member reports an accessibility barrier (접근성 안내 page); the operator's own address.
        "ACCESSIBILITY_CONTACT_EMAIL": env.get("ESOP_ACCESSIBILITY_CONTACT_EMAIL", "").strip()
        or "accessibility@esop.example",
    }
