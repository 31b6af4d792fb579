"""gunicorn settings for esop, shared by the Dockerfile, compose.yaml, the systemd unit and
tests/reliability/test_stack.py: `gunicorn -c deploy/gunicorn.conf.py`.

Read from the environment (not ESOP_*: in production esop refuses ESOP_ variables it does not read):
GUNICORN_BIND (default 127.0.0.1:8000) and WEB_CONCURRENCY (workers, default 2 × cores + 1)."""
import multiprocessing
import os

wsgi_app = "app:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: every request is short (the slowest is argon2id, ~50 ms) and all state is in the
# database, so more processes, not threads, is how esop scales (README, Benchmarks).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
# On SIGTERM (deploys, systemctl stop) requests in flight finish; nginx sends new ones elsewhere.
graceful_timeout = 20
# A worker is replaced after this many requests (with jitter so they do not all restart at once).
max_requests = 2000
max_requests_jitter = 200
# Headers and request lines beyond these are refused before reaching the app.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
# The client IP as the app saw it is in the app's own log lines; the access log carries the request id
# nginx or the app gave, to join the two.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
