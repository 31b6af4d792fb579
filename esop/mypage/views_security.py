"""보안 (certificates, media, logins, sessions), 보안 알림 with 본인이 아닙니다, and 회원탈퇴."""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, session, url_for

from .. import limits
from ..account.auth import log_out, login_required
from ..models.passkey import passkeys_of
from ..models.security_event import KINDS, alerts_of
from ..results import FieldError
from ..web import client_ip, go, render
from . import alerts, bp, security, withdrawal
from .forms import EmptyForm, WithdrawForm


@bp.route("/security")
@login_required
def security_page():
    token = session.get("login")
    return render("mypage/security.html", certificates=security.certificates(g.member),
                  media=security.media(g.member), logins=security.recent_logins(g.member),
                  sessions=security.sessions(g.member, token), form=EmptyForm(formdata=None),
                  passkey_count=len(passkeys_of(g.member)))


@bp.route("/security/end-other-sessions", methods=["POST"])
@login_required
def end_other_sessions():
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ended = security.end_other_sessions(g.member, session.get("login"), ip=client_ip())
    flash(f"다른 기기의 로그인 {ended}건을 종료했습니다." if ended else "종료할 다른 기기의 로그인이 없습니다.")
    return go(url_for("mypage.security_page") + "#sessions-title")


@bp.route("/alerts")
@login_required
def alert_list():
    return render("mypage/alerts.html", alerts=list(alerts_of(g.member)), kinds=KINDS, form=EmptyForm(formdata=None))


@bp.route("/alerts/<int:event_id>/not-me", methods=["POST"])
@login_required
def not_me(event_id):
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    if not alerts.disavow(g.member, event_id, ip=client_ip(), user_agent=request.user_agent.string):
        abort(404)
    log_out()
    session["not_me_done"] = True
    return go(url_for("mypage.not_me_done"))


@bp.route("/alerts/locked")
def not_me_done():
    if not session.pop("not_me_done", None):
        return redirect(url_for("account.login"))
    return render("mypage/not_me_done.html")


@bp.route("/withdraw", methods=["GET", "POST"])
@login_required
def withdraw():
    if request.method == "GET":
        return render("mypage/withdraw.html", form=WithdrawForm(formdata=None))
    form = WithdrawForm()
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        form.password.errors = ["요청이 만료되었습니다. 화면을 새로 고친 뒤 다시 시도해 주십시오."]
        return render("mypage/withdraw.html", form=form, status=400)
    refused = limits.check({"withdraw.member": str(g.member.id)}, field="password")
    if refused:
        form.password.errors = [refused.message]
        return render("mypage/withdraw.html", form=form, status=429)
    if valid:
        try:
            withdrawal.check_identity(g.member, form.password.data, form.rrn_front.data + form.rrn_back.data)
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return render("mypage/withdraw.html", form=form, status=422)
    withdrawal.withdraw(g.member, ip=client_ip(), user_agent=request.user_agent.string)
    session.clear()
    session["withdrawn"] = True
    return go(url_for("mypage.withdrawn"))


@bp.route("/withdrawn")
def withdrawn():
    if not session.pop("withdrawn", None):
        return redirect(url_for("main.home"))
    return render("mypage/withdrawn.html")
