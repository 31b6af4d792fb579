"""Probes for a load balancer or orchestrator: /healthz (the process answers) and /readyz (the database
answers and its schema is this release's). No session, no CSRF, the usual security headers."""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from peewee import PeeweeException

from ..db import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    from ..migrations import pending
    try:
        with db.connection_context():
            db.execute_sql("SELECT 1")
            missing = pending()
    except (PeeweeException, OSError) as exc:
        # The class only: a driver's message may carry the connection string.
        log.warning("readiness: database unavailable (%s)", exc.__class__.__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    if missing:
        return jsonify(status="unavailable", database="ok", schema="behind", missing=missing), 503
    return jsonify(status="ok", database="ok", schema="current")
