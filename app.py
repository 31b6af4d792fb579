"""WSGI entry point: `gunicorn app:app` in production, `python app.py` for development."""
import os
import sys

from esop import create_app
from esop.config import ConfigError
from esop.migrations import SchemaNotReady

try:
    app = create_app()
except (ConfigError, SchemaNotReady) as exc:
    # One line, no traceback: the message names the setting to fix. Exit status 3 is gunicorn's
    # "worker failed to boot", so its master stops instead of respawning workers that cannot start.
    print(f"esop: refusing to start: {exc}", file=sys.stderr, flush=True)
    sys.exit(3)

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    print(f"esop is serving on http://127.0.0.1:{port}/  (Ctrl+C to stop)", flush=True)
    app.run(host="127.0.0.1", port=port, debug=False, threaded=True)
