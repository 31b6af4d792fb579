"""Request ids and the log format: every record carries the id of the request that wrote it, the
response says it in X-Request-ID, and ESOP_LOG_FORMAT=json writes one JSON object per line."""
from __future__ import annotations

import json
import logging
import re
import uuid

from flask import g, has_request_context, request

HEADER = "X-Request-ID"
# What we accept from the proxy in front: a short token (a UUID, or a proxy's own hex or base64 id).
# Anything else (long, spaced, control characters) could forge or break log lines, so a new id is made.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:+/=-]{8,128}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def current_request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "request_id": getattr(record, "request_id", "-"), "message": record.getMessage()}
        if record.exc_info or record.exc_text:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _install_record_factory() -> None:
    current = logging.getLogRecordFactory()
    if getattr(current, "_esop_request_id", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    # Keep the masking wrapper's mark (security/logmask.py), so neither wraps again per create_app.
    factory.__dict__.update({k: v for k, v in vars(current).items() if k.startswith("_esop_")})
    factory._esop_request_id = True
    logging.setLogRecordFactory(factory)


def configure_logging(level: str, fmt: str) -> None:
    """ESOP_LOG_LEVEL on the root logger; esop's own stderr handler (added when no one configured logging,
    e.g. under gunicorn) gets ESOP_LOG_FORMAT. Handlers someone else installed keep their format."""
    _install_record_factory()
    root = logging.getLogger()
    root.setLevel(level)
    ours = [h for h in root.handlers if getattr(h, "_esop", False)]
    if not root.handlers:
        handler = logging.StreamHandler()
        handler._esop = True
        root.addHandler(handler)
        ours = [handler]
    for handler in ours:
        handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))


def init_app(app) -> None:
    configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])

    @app.before_request
    def _request_id():
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex

    @app.after_request
    def _say_request_id(response):
        response.headers[HEADER] = current_request_id()
        return response
