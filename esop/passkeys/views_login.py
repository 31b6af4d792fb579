"""패스키로 로그인 (issue 16): options, then the browser's assertion; static/passkeys.js drives both."""
from __future__ import annotations

from flask import abort, current_app, flash, jsonify, request, session, url_for

from .. import limits
from ..account import auth
from ..account.gate import LoginRefused
from ..web import client_ip, local_target
from . import bp, service
from .ceremony import parse_body, relying_party

SESSION_KEY = "passkey:login"


def refusal(message: str, status: int, headers: dict | None = None):
    return jsonify(message=message), status, headers or {}


@bp.route("/login/passkey/options", methods=["POST"])
def login_options():
    rp = relying_party()
    if rp is None:
        abort(404)
    handle, options = service.start_login(rp, current_app.config["PASSKEY_CHALLENGE_SECONDS"])
    session[SESSION_KEY] = handle
    return current_app.response_class(options, mimetype="application/json")


@bp.route("/login/passkey", methods=["POST"])
def login_finish():
    rp = relying_party()
    if rp is None:
        abort(404)
    # The same per-IP limit as the password (account/views.py): one budget for every way in.
    refused = limits.check({"login.ip": client_ip()})
    if refused:
        return refusal(refused.message, 429, refused.headers())
    try:
        admission = service.finish_login(
            rp, session.pop(SESSION_KEY, ""), parse_body(request.get_data()).get("credential"),
            max_failures=current_app.config["LOGIN_MAX_FAILURES"], ip=client_ip(),
            user_agent=request.user_agent.string)
    except service.PasskeyRefused as no:
        return refusal(no.message, no.status)
    except LoginRefused as no:
        return refusal(no.message, 403)
    held = auth.log_in(admission, client_ip(), request.user_agent.string)
    if held:   # 단말기 지정: an unregistered browser passes 추가인증 first, as every way in does
        return jsonify(redirect=held)
    flash(f"{admission.member.name}님, 패스키로 로그인되었습니다.")
    return jsonify(redirect=local_target(request.args.get("next"), url_for("main.home")))


@bp.app_template_global("passkeys_available")
def passkeys_available() -> bool:
    """The login page offers passkeys only where an RP is configured (production: ESOP_PUBLIC_URL)."""
    return relying_party() is not None
