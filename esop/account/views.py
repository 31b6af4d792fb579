"""로그인 and 로그아웃."""
from __future__ import annotations

from flask import current_app, flash, g, redirect, request, url_for

from .. import limits
from ..web import client_ip, go, render
from . import auth, bp, service
from .forms import LoginForm


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        # Per IP, across accounts: password spraying meets this before any account's lockout.
        refused = limits.check({"login.ip": client_ip()})
        if refused:
            form.add_error("password", refused.message)
            body, _ = render("account/login.html", form=form, session_expired=False)
            return body, 429, {"Retry-After": str(refused.retry_after)}
        result = service.attempt_login(
            form.user_id.data.strip(), form.password.data,
            max_failures=current_app.config["LOGIN_MAX_FAILURES"],
            ip=client_ip(), user_agent=request.user_agent.string)
        if result.member is not None:
            held = auth.log_in(result.admission, client_ip(), request.user_agent.string)
            if held:
                return go(held)
            flash(f"{result.member.name}님, 로그인되었습니다.")
            return go(request.args.get("next"))  # a local page, else home
        if result.locked:   # the way out is 비밀번호 재등록, not the password field (issue 17)
            return render("account/login.html", form=form, session_expired=False, page_errors=True,
                          summary=[("recovery-link", result.error)], status=422)
        form.add_error("password", result.error)
    status = 200 if not form.errors else 422
    expired = g.get("session_expired") or {"1": True, "other_device": "other_device"}.get(request.args.get("expired"))
    return render("account/login.html", form=form, session_expired=expired, status=status)


@bp.route("/logout", methods=["POST"])
def logout():
    auth.log_out()
    flash("로그아웃되었습니다.")
    return redirect(url_for("main.home"))
