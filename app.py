"""WSGI entry point: `gunicorn app:app` in production, `python app.py` for development."""
import os

from esop import create_app

app = create_app()

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    print(f"esop is serving on http://127.0.0.1:{port}/  (Ctrl+C to stop)", flush=True)
    app.run(host="127.0.0.1", port=port, debug=False, threaded=True)
