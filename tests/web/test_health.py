"""/healthz and /readyz for load balancers and orchestrators (issue 14)."""
from __future__ import annotations

import socket

from peewee import PostgresqlDatabase

from esop.db import db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_without_session_and_with_security_headers(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in r.headers


def test_readyz_is_ready_on_a_current_schema(client):
    r = client.get("/readyz")
    assert r.status_code == 200 and r.get_json()["schema"] == "current"
    assert "Set-Cookie" not in r.headers


def test_readyz_fails_when_the_database_is_down(client):
    live = db.obj
    if not db.is_closed():
        db.close()
    db.initialize(PostgresqlDatabase("esop", host="127.0.0.1", port=_free_port(), user="esop",
                                     connect_timeout=2))
    try:
        r = client.get("/readyz")
        assert r.status_code == 503 and r.get_json()["database"] == "unreachable"
        assert client.get("/healthz").status_code == 200  # the process itself is alive
    finally:
        db.initialize(live)


def test_readyz_fails_when_the_schema_is_behind(client):
    from esop.migrations import SchemaVersion
    with db.connection_context():
        SchemaVersion.delete().where(SchemaVersion.name == "m0042_smart_otp").execute()
    r = client.get("/readyz")
    assert r.status_code == 503 and r.get_json()["missing"] == ["m0042_smart_otp"]
