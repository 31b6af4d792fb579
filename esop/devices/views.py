"""단말기 지정: the held login's end, and 마이페이지 > 보안's apply/cancel/register/remove (all POST)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, session, url_for

from ..account import auth
from ..account.auth import login_required
from ..account.gate import LoginRefused
from ..models.device import device_of
from ..mypage import security
from ..mypage.forms import EmptyForm
from ..verify import flows
from ..verify.steps import plan_for
from ..web import client_ip, go, render
from . import bp, gate, service
from .forms import DeviceNameForm
from .panel import panel

SECTION = "#devices-title"


def _back():
    return go(url_for("mypage.security_page") + SECTION)


def _checked(form=None):
    if not (form or EmptyForm()).validate_on_submit():
        abort(400)


@bp.route("/login/device-check")
def login_check():
    """Back from the held login's 추가인증: admitted again by the gate, then logged in."""
    try:
        held = gate.finish(ip=client_ip(), user_agent=request.user_agent.string)
    except LoginRefused as refused:
        flash(refused.message)
        return redirect(url_for("account.login"))
    if held is None:
        flash("추가인증을 마치지 않았거나 시간이 지났습니다. 다시 로그인해 주십시오.")
        return redirect(url_for("account.login"))
    admission, target = held
    auth.log_in(admission, client_ip(), request.user_agent.string)
    gate.mark_verified()
    flash(f"{admission.member.name}님, 로그인되었습니다. 이 브라우저를 단말기로 지정하시려면 마이페이지 > 보안에서 지정해 주십시오.")
    return go(target)


@bp.route("/account/devices/apply", methods=["POST"])
@login_required
def apply():
    _checked()
    service.apply(g.member, ip=client_ip())
    flash("단말기 지정 서비스를 신청했습니다. 이제 지정하지 않은 단말기에서 로그인하면 추가인증을 거칩니다.")
    return _back()


@bp.route("/account/devices/verify", methods=["POST"])
@login_required
def verify():
    """추가인증 first: registering a browser or cancelling the service needs it in this session."""
    _checked()
    flows.start(g.member, gate.REGISTER_PURPOSE, plan_for(g.member, account=False), title="단말기 지정 추가인증",
                return_to=url_for("devices.verified"), cancel_to=url_for("mypage.security_page"))
    return go(flows.entry_url(gate.REGISTER_PURPOSE))


@bp.route("/account/devices/verified")
@login_required
def verified():
    flow = flows.completed(gate.REGISTER_PURPOSE, g.member)
    if flow is None or not flows.finish(flow):
        flash("추가인증을 먼저 마쳐 주십시오.")
    else:
        gate.mark_verified()
        flash("추가인증을 마쳤습니다. 이 브라우저를 단말기로 지정하거나 서비스를 해지하실 수 있습니다.")
    return _back()


@bp.route("/account/devices/register", methods=["POST"])
@login_required
def register():
    form = DeviceNameForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        context = dict(security.page(g.member, session.get("login")), **panel(g.member, form))
        return render("mypage/security.html", page_errors=True, summary=form.error_list(), status=422, **context)
    if not gate.verified():
        flash("단말기를 지정하려면 추가인증을 먼저 마쳐 주십시오.")
        return _back()
    token = service.register(g.member, form.name.data, user_agent=request.user_agent.string, ip=client_ip())
    flash("이 브라우저를 단말기로 지정했습니다.")
    return gate.set_cookie(_back(), token)


@bp.route("/account/devices/cancel", methods=["POST"])
@login_required
def cancel():
    _checked()
    if not gate.verified():
        flash("단말기 지정 서비스를 해지하려면 추가인증을 먼저 마쳐 주십시오.")
        return _back()
    service.cancel(g.member, ip=client_ip())
    flash("단말기 지정 서비스를 해지했습니다.")
    return _back()


@bp.route("/account/devices/<int:device_id>/remove", methods=["POST"])
@login_required
def remove(device_id):
    _checked()
    current = device_of(g.member, gate.cookie_token())
    if not service.remove(g.member, device_id, ip=client_ip()):
        abort(404)
    flash("지정 단말기를 삭제했습니다." + (" 이 브라우저에서 다시 로그인하면 추가인증을 거칩니다."
                                     if current and current.id == device_id else ""))
    response = _back()
    return gate.clear_cookie(response) if current and current.id == device_id else response
