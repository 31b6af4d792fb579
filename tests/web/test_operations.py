"""Operations (issue 14): fail closed on unsafe or malformed settings, the release-step migrate, the
operator commands' side effects, request ids and log settings. Start-up refusals are checked in a
subprocess, as an operator meets them: one line, non-zero exit status."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from esop import requestlog
from esop.config import ConfigError, load_config
from testenv import TEST_ENV

ROOT = Path(__file__).resolve().parents[2]
PROD = {"ESOP_ENV": "production", "SECRET_KEY": "s" * 40, "ESOP_DATA_KEYS": TEST_ENV["ESOP_DATA_KEYS"],
        "ESOP_INDEX_KEY": TEST_ENV["ESOP_INDEX_KEY"], "ESOP_ARGON2_MEMORY_KIB": "1024",
        "ESOP_ARGON2_TIME_COST": "1"}


def _run(args, tmp_path, **env):
    """`args` in a clean environment (no ESOP_*/FLASK_* of the test runner), instance in tmp_path."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ESOP_", "FLASK_"))}
    base.update(ESOP_INSTANCE=str(tmp_path / "instance"), DATABASE_URL=f"sqlite:///{tmp_path / 'esop.db'}")
    base.update(env)
    return subprocess.run(args, cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


def _flask(tmp_path, *args, **env):
    return _run([sys.executable, "-m", "flask", "--app", "app", "esop", *args], tmp_path, **env)


def _start(tmp_path, **env):
    """What a gunicorn worker does: import app.py."""
    return _run([sys.executable, "-c", "import app"], tmp_path, **env)


def _refused(result, *words):
    assert result.returncode != 0, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_unknown_esop_env_refuses_to_start_instead_of_running_development(tmp_path):
    _refused(_start(tmp_path, ESOP_ENV="prod"), "ESOP_ENV", "production")
    assert not (tmp_path / "instance").exists(), "no development secrets were generated"


def test_sandbox_in_production_refuses_to_start(tmp_path):
    _refused(_start(tmp_path, **PROD, ESOP_SANDBOX="1"), "ESOP_SANDBOX")


@pytest.mark.parametrize("name,value", [("ESOP_SESSION_IDLE_SECONDS", "10m"), ("ESOP_CODE_RESEND_SECONDS", "lots"),
                                        ("ESOP_OCSP_TIMEOUT", "soon"), ("ESOP_TRUST_PROXY_HOPS", "one")])
def test_malformed_number_setting_refuses_naming_the_variable(tmp_path, name, value):
    _refused(_start(tmp_path, **{name: value}), name, value)


@pytest.mark.parametrize("low,high", [("8", "129"), ("12", "10")])
def test_password_length_bounds_refuse_what_the_field_cannot_take(make_app, low, high):
    """The field takes 128 characters (ASVS 2.1.2); a maximum above it, or below the minimum, stops the start."""
    with pytest.raises(ConfigError, match="ESOP_PASSWORD_MAX_LENGTH"):
        make_app(env={"ESOP_PASSWORD_MIN_LENGTH": low, "ESOP_PASSWORD_MAX_LENGTH": high})


def test_unknown_esop_setting_in_production_refuses_naming_it(tmp_path):
    _refused(_start(tmp_path, **PROD, ESOP_SESION_IDLE_SECONDS="300"), "ESOP_SESION_IDLE_SECONDS")
    # outside production a stray variable is tolerated (development shells collect them)
    load_config(str(tmp_path), dict(TEST_ENV, ESOP_SESION_IDLE_SECONDS="300"))


def test_demo_refuses_a_production_database(tmp_path):
    assert _flask(tmp_path, "migrate", **PROD).returncode == 0
    result = _flask(tmp_path, "demo", **PROD)
    assert result.returncode != 0 and "production" in result.stderr, result
    import sqlite3
    with sqlite3.connect(tmp_path / "esop.db") as conn:
        assert conn.execute("SELECT count(*) FROM member").fetchone()[0] == 0


def test_production_worker_refuses_a_schema_behind_the_release(tmp_path):
    line = _refused(_start(tmp_path, **PROD, ESOP_SCHEMA_WAIT_SECONDS="0"), "flask --app app esop migrate")
    assert "m0001_foundation" in line
    assert _flask(tmp_path, "migrate", **PROD).returncode == 0
    assert _start(tmp_path, **PROD).returncode == 0


def test_production_worker_waits_for_the_release_step(tmp_path):
    """A worker started while `flask esop migrate` has not run yet waits for it instead of failing."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ESOP_", "FLASK_"))}
    base.update(PROD, ESOP_INSTANCE=str(tmp_path / "instance"), DATABASE_URL=f"sqlite:///{tmp_path / 'esop.db'}",
                ESOP_SCHEMA_WAIT_SECONDS="60")
    worker = subprocess.Popen([sys.executable, "-c", "import app"], cwd=ROOT, env=base,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "esop.db").exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the worker has opened the (empty) database: it is waiting now
        assert worker.poll() is None, worker.communicate()
        assert _flask(tmp_path, "migrate", **PROD).returncode == 0
        _, err = worker.communicate(timeout=90)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err


def test_help_has_no_side_effects_and_migrate_says_what_it_applied(tmp_path):
    result = _flask(tmp_path, "--help")
    assert result.returncode == 0 and "migrate" in result.stdout
    assert not (tmp_path / "instance").exists() and not (tmp_path / "esop.db").exists()
    result = _flask(tmp_path, "migrate")
    assert result.returncode == 0 and "applied: m0001_foundation" in result.stdout, result
    assert sorted(p.name for p in (tmp_path / "instance").iterdir()) == ["data_key", "index_key", "secret_key"]
    assert "nothing (up to date)" in _flask(tmp_path, "migrate").stdout


def test_version_and_check_config_masks_secrets(tmp_path):
    from esop import __version__
    assert _flask(tmp_path, "--version").stdout.strip() == f"esop {__version__}"
    assert _flask(tmp_path, "version").stdout.strip() == f"esop {__version__}"
    result = _flask(tmp_path, "check-config", **PROD,
                    DATABASE_URL="postgresql://esop:hunter2pass@db.internal/esop")
    assert result.returncode == 0, result
    out = result.stdout
    assert "SECRET_KEY = ****** (set)" in out and "s" * 40 not in out
    assert TEST_ENV["ESOP_DATA_KEYS"] not in out and TEST_ENV["ESOP_INDEX_KEY"] not in out
    assert "hunter2pass" not in out and "esop:******@db.internal" in out
    assert "SANDBOX = False" in out


def test_log_level_is_validated_and_applied(make_app):
    with pytest.raises(ConfigError, match="ESOP_LOG_LEVEL"):
        make_app(env={"ESOP_LOG_LEVEL": "LOUD"})
    root = logging.getLogger()
    before = root.level
    try:
        make_app(env={"ESOP_LOG_LEVEL": "warning"})
        assert root.level == logging.WARNING
    finally:
        root.setLevel(before)


def test_request_id_is_answered_and_logged(client, caplog):
    r = client.get("/healthz")
    generated = r.headers["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "lb-4f1c2a9e-77"}).headers["X-Request-ID"] == "lb-4f1c2a9e-77"
    for bad in ("short", "spaced id] INFO forged", "x" * 200):
        assert client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"] != bad
    with caplog.at_level(logging.INFO):
        with client.application.test_request_context("/", headers={"X-Request-ID": "abcdef0123456789"}):
            client.application.preprocess_request()
            logging.getLogger("esop.test").info("hello")
    assert caplog.records[-1].request_id == "abcdef0123456789"


def test_json_log_format_writes_one_object_per_line():
    record = logging.LogRecord("esop.x", logging.INFO, __file__, 1, "member %s", ("hong",), None)
    record.request_id = "abc12345"
    entry = json.loads(requestlog.JsonFormatter().format(record))
    assert entry["message"] == "member hong" and entry["request_id"] == "abc12345" and entry["level"] == "INFO"


def test_backend_is_chosen_by_type_for_pool_urls(tmp_path):
    from playhouse.db_url import connect
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

    from esop.migrations import _migrator, is_postgres
    from esop.models import address
    for url in ("postgresql+pool://u@127.0.0.1:1/x", "postgres+pool://u@127.0.0.1:1/x"):
        database = connect(url)
        assert is_postgres(database) and address.is_postgres(database)
        assert isinstance(_migrator(database), PostgresqlMigrator)
    pooled_sqlite = connect(f"sqlite+pool:///{tmp_path / 'p.db'}")
    assert not is_postgres(pooled_sqlite) and isinstance(_migrator(pooled_sqlite), SqliteMigrator)
