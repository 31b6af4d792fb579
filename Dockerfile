# esop's app image: gunicorn with deploy/gunicorn.conf.py, as an unprivileged user. compose.yaml runs it
# as the two app servers, the one-shot migration, the outbox worker and the purge job (README, Production).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Seoul FLASK_APP=app

WORKDIR /app
# Every package, transitive ones too, by version and sha256 (requirements.lock; Linux x86_64 wheels).
COPY requirements.lock .
RUN pip install --require-hashes -r requirements.lock

# The code is owned by root and only readable by the app user: a compromised worker cannot rewrite it.
COPY app.py ./
COPY esop ./esop
COPY templates ./templates
COPY static ./static
COPY deploy/gunicorn.conf.py ./deploy/gunicorn.conf.py
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin esop

USER esop
ENV GUNICORN_BIND=0.0.0.0:8000 ESOP_INSTANCE=/tmp/esop-instance
EXPOSE 8000
# /healthz answers while the process serves (no database); readiness (/readyz) is nginx's and the operator's.
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
