"""인증센터: 인증서 로그인, 금융인증서 등록/재등록 (3-1), 타기관 클라우드 인증서 등록 (3-2), 관리."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("certcenter", __name__, url_prefix="/certcenter")


def init_app(app) -> None:
    """Adapters of the certificate side, the wallet KDF cost, and the blueprint."""
    from ..adapters import certcloud, geoip, immigration
    from ..adapters.plugins import load
    from ..pki import wallet
    wallet.configure(app.config["ARGON2_MEMORY_KIB"], app.config["ARGON2_TIME_COST"])
    adapters = app.extensions["esop"]
    sandbox = app.config["SANDBOX"]
    clouds = certcloud.from_config(app.config)
    adapters.certcloud = {kind: load(app.config, f"certcloud_{kind}") or cloud for kind, cloud in clouds.items()}
    adapters.geoip = load(app.config, "geoip") or (geoip.SandboxGeoIp() if sandbox else geoip.UnconfiguredGeoIp())
    adapters.immigration = load(app.config, "immigration") or (
        immigration.SandboxDepartureRecords() if sandbox else immigration.UnconfiguredDepartureRecords())
    app.register_blueprint(bp)


from . import views_cloud, views_login, views_register, views_manage  # noqa: E402,F401
