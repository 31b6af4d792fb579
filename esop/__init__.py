"""esop: accessible member sign-up and certificate registration for 우리사주 internet banking."""
from __future__ import annotations

import os

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def create_app(overrides: dict | None = None) -> Flask:
    """Config, database, extensions, blueprints, CLI — nothing else."""
    from . import cli, db, errors
    from .adapters import Adapters
    from .config import load_config
    from .migrations import migrate
    from .security import crypto, headers, inputs, logmask, passwords

    overrides = dict(overrides or {})
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    instance = overrides.pop("INSTANCE_PATH", None) or os.environ.get("ESOP_INSTANCE") \
        or os.path.join(root, "instance")
    app = Flask(__name__, instance_path=instance,
                template_folder=os.path.join(root, "templates"),
                static_folder=os.path.join(root, "static"))
    logmask.install()
    app.config.update(load_config(app.instance_path, env=overrides.pop("ENV", None)))
    app.config.update(overrides)
    if app.config["TRUST_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUST_PROXY_HOPS"],
                                x_proto=app.config["TRUST_PROXY_HOPS"])

    crypto.install(crypto.Keyring(app.config["ESOP_DATA_KEYS"], app.config["ESOP_INDEX_KEY"]))
    passwords.configure(app.config["ARGON2_MEMORY_KIB"], app.config["ARGON2_TIME_COST"])
    db.init_app(app)
    csrf.init_app(app)
    headers.init_app(app)
    inputs.init_app(app)
    errors.init_app(app)
    app.extensions["esop"] = Adapters.from_config(app.config)

    from .account import bp as account_bp, auth
    from .main import bp as main_bp
    from .signup import bp as signup_bp
    from .verify import bp as verify_bp
    from .recovery import bp as recovery_bp
    auth.init_app(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(signup_bp)
    from . import certcenter; certcenter.init_app(app)  # noqa: E702 (인증센터)
    app.register_blueprint(verify_bp)
    app.register_blueprint(recovery_bp)
    from .lookup import bp as lookup_bp; app.register_blueprint(lookup_bp)  # noqa: E702 (우편번호 검색)
    from . import mypage; mypage.init_app(app)  # noqa: E702 (마이페이지; after auth: its hooks need g.member)
    if app.config["SANDBOX"]:
        from .sandbox import bp as sandbox_bp
        app.register_blueprint(sandbox_bp)
    cli.init_app(app)
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    if app.config.get("AUTO_MIGRATE", True):
        from .models.consent import sync_documents
        with db.db.connection_context():
            migrate()
            sync_documents()
    return app
