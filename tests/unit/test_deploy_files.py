"""The deployment files agree with esop (issue 14): .env.example, filled in as its comments say, is a
configuration production accepts; compose, systemd and the Dockerfile start the same gunicorn.conf.py."""
from __future__ import annotations

import base64
import os
import runpy
from pathlib import Path

from esop.config import load_config

ROOT = Path(__file__).resolve().parents[2]


def _example() -> dict:
    env = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env


def test_env_example_filled_in_is_a_production_configuration(tmp_path):
    env = _example()
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    blanks = [name for name, value in env.items() if value in ("", "k1:")]
    assert set(blanks) == {"SECRET_KEY", "ESOP_DATA_KEYS", "ESOP_INDEX_KEY", "POSTGRES_PASSWORD",
                           "ESOP_ACCESSIBILITY_CONTACT_EMAIL"}
    env.update(SECRET_KEY=key + key, ESOP_DATA_KEYS=f"k1:{key}", ESOP_INDEX_KEY=key, POSTGRES_PASSWORD="pw",
               ESOP_ACCESSIBILITY_CONTACT_EMAIL="a11y@union.example",
               DATABASE_URL="postgresql://esop:pw@db:5432/esop")   # what compose.yaml sets
    config = load_config(str(tmp_path), env)
    assert config["PRODUCTION"] and not config["SANDBOX"] and config["TRUST_PROXY_HOPS"] == 1


def test_every_process_starts_from_the_same_gunicorn_conf(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert (conf["wsgi_app"], conf["bind"], conf["workers"]) == ("app:app", "0.0.0.0:8000", 3)
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]' in (ROOT / "Dockerfile").read_text()
    assert "USER esop" in (ROOT / "Dockerfile").read_text()
    unit = (ROOT / "deploy" / "systemd" / "esop-app@.service").read_text()
    assert "gunicorn -c /opt/esop/deploy/gunicorn.conf.py" in unit and "User=esop" in unit
    compose = (ROOT / "compose.yaml").read_text()
    assert "app1:" in compose and "app2:" in compose and "esop.conf.template" in compose
