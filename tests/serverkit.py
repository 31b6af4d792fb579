"""Start esop as members reach it, on free loopback ports: `python app.py` (the browser tests) or
gunicorn instances over one database (two-server, reliability and bench runs)."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from testenv import TEST_ENV

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc=None, log: Path | None = None, seconds: float = 20) -> None:
    """Until `url` answers; a server that exits first, or never answers, fails with its log's tail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                break
            time.sleep(0.1)
    if proc is not None and proc.poll() is None:
        proc.kill()
    raise RuntimeError(f"{url} did not start: " + (log.read_text()[-3000:] if log and log.exists() else ""))


def _stop(procs) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def serve_app(work: Path, database_url: str, setup: str | None = None, env: dict | None = None,
              demo: bool = True):
    """Demo data (plus an optional Python `setup` script), then `python app.py`; yields its base URL.
    `env` adds or overrides settings (e.g. a provider pointed at an address where nothing answers)."""
    port = free_port()
    env = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url, ESOP_INSTANCE=str(work / "instance"),
               PORT=str(port), PYTHONUNBUFFERED="1", **(env or {}))
    if demo:
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "esop", "demo"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
    if setup:
        subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True)
    with open(work / "server.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_up(url, proc, work / "server.log")
            yield url
        finally:
            _stop([proc])


@contextlib.contextmanager
def gunicorn_servers(database_url: str, workdir: Path, count: int = 2, workers: int = 1, env: dict | None = None,
                     threads: int = 1, deployed: bool = False):
    """`count` gunicorn instances (each `workers` workers: sync, or gthread with `threads` > 1) over one
    database; yields their (url, Popen) pairs. Logs go to workdir/server-N.log, which the leak sweep scans.
    `deployed`: started as production starts them, from deploy/gunicorn.conf.py and its variables."""
    base = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url, ESOP_INSTANCE=str(workdir / "instance"),
                ESOP_TRUST_PROXY_HOPS="1", PYTHONUNBUFFERED="1")
    base.update(env or {})
    servers, logs = [], []
    try:
        for n in range(count):
            port = free_port()
            log = open(workdir / f"server-{n}.log", "w")
            logs.append(log)
            if deployed:
                args = ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
                env = dict(base, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))
            else:
                args = ["-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
                        "--graceful-timeout", "2", "--access-logfile", "-", "app:app"]
                env = base
            proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *args],
                                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            servers.append((f"http://127.0.0.1:{port}", proc))
        for n, (url, proc) in enumerate(servers):
            wait_up(url, proc, workdir / f"server-{n}.log")
        yield servers
    finally:
        _stop([proc for _, proc in servers])
        for log in logs:
            log.close()


NGINX_CONF = ROOT / "deploy" / "nginx"


def nginx_binary() -> str | None:
    import shutil
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def _self_signed(tls: Path) -> Path:
    """A certificate for 127.0.0.1 where the operator's real one goes (fullchain.pem, privkey.pem)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    tls.mkdir(parents=True)
    (tls / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tls / "privkey.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
    return tls / "fullchain.pem"


@contextlib.contextmanager
def nginx_proxy(upstreams: list[str], workdir: Path):
    """nginx in front of `upstreams` (base URLs), from deploy/nginx/ as compose and the README install it:
    the template rendered with loopback ports, upstream.conf listing the given servers, a self-signed
    certificate. Yields (http URL, https URL, the certificate's PEM path to trust)."""
    import getpass
    import string
    nginx = nginx_binary()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx; .ci/run installs it)")
    prefix = workdir / "nginx"
    conf = prefix / "conf"
    (prefix / "logs").mkdir(parents=True)
    conf.mkdir()
    ca = _self_signed(prefix / "tls")
    http_port, https_port = free_port(), free_port()
    (conf / "upstream.conf").write_text("".join(f"server {url.split('//')[1]};\n" for url in upstreams))
    # What envsubst does in the nginx image: the ${NGINX_*} names only; nginx's own $variables stay.
    rendered = string.Template((NGINX_CONF / "esop.conf.template").read_text()).safe_substitute(
        NGINX_HTTP_PORT=f"127.0.0.1:{http_port}", NGINX_HTTPS_PORT=f"127.0.0.1:{https_port}",
        NGINX_SERVER_NAME="127.0.0.1", NGINX_TLS_DIR=str(prefix / "tls"), NGINX_CONF_DIR=str(conf))
    (conf / "esop.conf").write_text(rendered)
    # The main file stands in for the distribution's /etc/nginx/nginx.conf, which includes conf.d/*.conf.
    (conf / "nginx.conf").write_text(f"""user {getpass.getuser()};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    include {conf}/esop.conf;
}}
""")
    with open(workdir / "nginx.log", "w") as log:
        proc = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf / "nginx.conf"), "-g", "daemon off;"],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("nginx did not start: " + (workdir / "nginx.log").read_text()
                                           + (prefix / "logs" / "error.log").read_text())
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{http_port}", f"https://127.0.0.1:{https_port}", ca
        finally:
            _stop([proc])
