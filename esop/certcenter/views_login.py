"""인증서 로그인 (SPEC 1): pick the kind, the cloud lists certificates, PIN, a signed fresh challenge."""
from __future__ import annotations

from flask import abort, flash, redirect, request, session, url_for

from ..account import auth
from ..account.gate import LoginRefused
from ..models.cert import KINDS
from ..pki.verifier import CertRefused
from ..web import client_ip, local_target, render
from . import bp, service


@bp.route("/login/<kind>")
def login_start(kind):
    if kind not in KINDS:
        abort(404)
    return redirect(url_for("certcenter.cloud_window", kind=kind, purpose="login"))


@bp.route("/login/finish")
def login_finish():
    token = session.pop("cert_proof:login", "")
    try:
        admission = service.login_with_proof(token, ip=client_ip(), user_agent=request.user_agent.string)
    except (CertRefused, LoginRefused) as refused:
        return render("certcenter/login_refused.html", message=refused.message, reason=refused.reason,
                      page_errors=True, status=403)
    held = auth.log_in(admission, client_ip(), request.user_agent.string)
    if held:
        return redirect(held)
    flash(f"{admission.member.name}님, 인증서로 로그인되었습니다.")
    return redirect(url_for("main.home"))


@bp.route("/sign/<kind>")
def sign_for_signup(kind):
    """Entry for 본인인증 by certificate (sign-up 2-3, 아이디 찾기): `next` is the page to return to."""
    if kind not in KINDS:
        abort(404)
    target = request.args.get("next", "")
    if not target.startswith(("/signup/", "/find-id/")) or local_target(target, "") != target:
        abort(400)
    session["cert_next"] = target
    return redirect(url_for("certcenter.cloud_window", kind=kind, purpose="signup"))
