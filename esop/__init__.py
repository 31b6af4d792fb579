"""esop: accessible member sign-up and certificate registration for 우리사주 internet banking."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

__version__ = "0.1.0"  # CHANGELOG.md
csrf = CSRFProtect()


def create_app(overrides: dict | None = None) -> Flask:
    """Config, database, extensions, blueprints, CLI — nothing else."""
    from . import assets, cli, compress, db, errors, requestlog
    from .adapters import Adapters
    from .config import instance_path, load_config, loaded_by_flask_cli
    from .security import crypto, headers, inputs, logmask, passwords

    overrides = dict(overrides or {})
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    instance = overrides.pop("INSTANCE_PATH", None) or instance_path(os.path.join(root, "instance"))
    app = Flask(__name__, instance_path=instance,
                template_folder=os.path.join(root, "templates"),
                static_folder=os.path.join(root, "static"))
    logmask.install()
    # Under `flask …` (the CLI sets FLASK_RUN_FROM_CLI before loading the app) building the app writes
    # nothing: `flask esop --help` must not create secrets or a database. The esop commands call start().
    from_cli = loaded_by_flask_cli()
    app.config.update(load_config(app.instance_path, env=overrides.pop("ENV", None), save_secrets=not from_cli))
    app.config.update(overrides)
    compress.init_app(app)  # first registered, so its after_request runs last, on the final body
    requestlog.init_app(app)
    if app.config["TRUST_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUST_PROXY_HOPS"],
                                x_proto=app.config["TRUST_PROXY_HOPS"])

    crypto.install(crypto.Keyring(app.config["ESOP_DATA_KEYS"], app.config["ESOP_INDEX_KEY"]))
    passwords.configure(app.config["ARGON2_MEMORY_KIB"], app.config["ARGON2_TIME_COST"])
    db.init_app(app)
    csrf.init_app(app)
    headers.init_app(app)
    assets.init_app(app)
    inputs.init_app(app)
    errors.init_app(app)
    app.extensions["esop"] = Adapters.from_config(app.config)

    from .account import bp as account_bp, auth
    from .main import bp as main_bp
    from .signup import bp as signup_bp
    from .verify import bp as verify_bp
    from .recovery import bp as recovery_bp
    auth.init_app(app)
    from .health import bp as health_bp; app.register_blueprint(health_bp)  # noqa: E702 (/healthz, /readyz)
    csrf.exempt(health_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(signup_bp)
    from . import certcenter; certcenter.init_app(app)  # noqa: E702 (인증센터)
    app.register_blueprint(verify_bp)
    app.register_blueprint(recovery_bp)
    from .devices import bp as devices_bp; app.register_blueprint(devices_bp)  # noqa: E702 (단말기 지정)
    from .findid import bp as findid_bp; app.register_blueprint(findid_bp)  # noqa: E702 (아이디 찾기)
    from .lookup import bp as lookup_bp; app.register_blueprint(lookup_bp)  # noqa: E702 (우편번호 검색)
    from .loan import bp as loan_bp; app.register_blueprint(loan_bp)  # noqa: E702 (대출가능금액 조회)
    from . import mypage; mypage.init_app(app)  # noqa: E702 (마이페이지; after auth: its hooks need g.member)
    from .passkeys import bp as passkeys_bp; app.register_blueprint(passkeys_bp)  # noqa: E702 (패스키)
    if app.config["SANDBOX"]:
        from .sandbox import bp as sandbox_bp
        app.register_blueprint(sandbox_bp)
    cli.init_app(app)
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    # Time limits tell the browser the seconds left, not a clock time (its clock may be off): app.js
    app.jinja_env.globals["seconds_until"] = lambda moment: max(0, int((moment - moment.now()).total_seconds()))

    if not from_cli:
        start(app)
    else:
        _start_on_first_request(app)  # `flask run`: no esop command calls start()
    return app


def _start_on_first_request(app) -> None:
    import threading
    lock, started = threading.Lock(), []

    def _start_once():
        if not started:
            with lock:
                if not started:
                    start(app)
                    started.append(True)
    # First of the hooks: the others (login session lookup) query the tables this creates.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_once)


def start(app, serving: bool = True) -> None:
    """What a serving process does once before its first request: keep new development secrets, then
    bring the schema up to date (outside production) or wait for the release step to have (production),
    then refuse to serve without the configured 직업 classification revision (operator commands may run:
    one of them loads it)."""
    from . import db
    from .config import save_instance_secrets
    from .migrations import migrate, wait_until_current
    save_instance_secrets(Path(app.instance_path), app.config.pop("UNSAVED_SECRETS", {}))
    with db.db.connection_context():
        if app.config["PRODUCTION"]:
            wait_until_current(app.config["SCHEMA_WAIT_SECONDS"])
        else:
            migrate()
        if serving:
            from .lookup.jobs import check_loaded
            check_loaded(app)
