"""마이페이지 > 보안 > 패스키: the list, 추가인증 before each registration, registration, removal."""
from __future__ import annotations

from flask import abort, current_app, flash, g, jsonify, request, session, url_for

from ..account.auth import login_required
from ..mypage.forms import EmptyForm
from ..mypage.alerts import device_label
from ..models.passkey import passkeys_of
from ..verify import flows as verification
from ..verify.steps import plan_for
from ..web import client_ip, go, render
from . import bp, service
from .ceremony import parse_body, relying_party
from .views_login import refusal

SESSION_KEY = "passkey:register"


@bp.route("/account/passkeys")
@login_required
def manage():
    return render("passkeys/manage.html", passkeys=passkeys_of(g.member), available=relying_party() is not None,
                  verified=verification.completed(service.PURPOSE, g.member) is not None,
                  form=EmptyForm(formdata=None))


@bp.route("/account/passkeys/verify", methods=["POST"])
@login_required
def verify():
    """추가인증 first (issue 16): the same toolkit and plan as 인증센터 registration (manual 3-2)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    verification.start(g.member, service.PURPOSE, plan_for(g.member), title="패스키 등록 — 추가인증",
                       return_to=url_for("passkeys.manage"), cancel_to=url_for("passkeys.manage"))
    return go(verification.entry_url(service.PURPOSE))


@bp.route("/account/passkeys/options", methods=["POST"])
@login_required
def register_options():
    rp = relying_party()
    if rp is None:
        abort(404)
    try:
        handle, options = service.start_registration(g.member, rp, current_app.config["PASSKEY_CHALLENGE_SECONDS"])
    except service.PasskeyRefused as no:
        return refusal(no.message, no.status)
    session[SESSION_KEY] = handle
    return current_app.response_class(options, mimetype="application/json")


@bp.route("/account/passkeys", methods=["POST"])
@login_required
def register_finish():
    rp = relying_party()
    if rp is None:
        abort(404)
    credential = parse_body(request.get_data()).get("credential")
    try:
        row = service.finish_registration(g.member, rp, session.pop(SESSION_KEY, ""), credential,
                                          name=device_label(request.user_agent.string), ip=client_ip())
    except service.PasskeyRefused as no:
        return refusal(no.message, no.status)
    flash(f"패스키({row.name})를 등록했습니다. 다음부터 로그인 화면의 '패스키로 로그인'을 이용하실 수 있습니다.")
    return jsonify(redirect=url_for("passkeys.manage"))


@bp.route("/account/passkeys/<int:passkey_id>/remove", methods=["POST"])
@login_required
def remove(passkey_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not service.remove(g.member, passkey_id, ip=client_ip()):
        abort(404)
    flash("패스키를 삭제했습니다. 그 기기의 패스키로는 더 이상 로그인할 수 없습니다.")
    return go(url_for("passkeys.manage"))
