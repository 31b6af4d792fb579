"""Who is logged in: a random token in the session cookie, the session itself in the database."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for

from ..models import session as login_sessions
from ..web import hx_redirect, local_target
from .gate import Admission


def init_app(app) -> None:
    @app.before_request
    def _load_member():
        g.member = None
        g.login_method = None   # the gate's way in (gate.admit): "password", "certificate", …
        g.session_expired = False
        token = session.get("login")
        if not token or request.endpoint == "static" or request.blueprint == "health":
            return
        row = login_sessions.find(token, current_app.config["SESSION_IDLE_SECONDS"],
                                  current_app.config["SESSION_ABSOLUTE_SECONDS"])
        if row is None or row.member.status != "active":
            session.pop("login", None)
            # Ended from another device (다른 기기 로그아웃) is not an idle logout: say which it was.
            g.session_expired = login_sessions.ended_reason(token) or True
            return
        g.member = row.member
        g.login_method = row.method

    @app.context_processor
    def _member():
        return {"current_member": g.get("member")}


def log_in(admission: Admission, ip: str, user_agent: str) -> str | None:
    """Only what the login gate admitted (gate.py): no way in can skip a lock or a withdrawal. Returns
    None when logged in, or the URL of the 추가인증 a login from an unregistered browser must pass
    first (단말기 지정, issue 16): then no session is started."""
    from ..devices import gate as device_gate   # here: devices' blueprint imports this module
    if not isinstance(admission, Admission):
        raise TypeError("log_in takes gate.admit()'s Admission")
    # A fresh session on login: nothing from before survives (session fixation).
    session.clear()
    held = device_gate.hold(admission, ip=ip, user_agent=user_agent)
    if held:
        return held
    session["login"] = login_sessions.start(admission.member, method=admission.method, ip=ip,
                                            user_agent=user_agent)
    session.permanent = False
    return None


def log_out() -> None:
    token = session.get("login")
    if token:
        login_sessions.end(token)
    session.clear()


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("member") is None:
            # Expired for inactivity: the login page says so (a 10-minute idle logout, issue 7).
            htmx = request.headers.get("HX-Request") == "true"
            # After login an htmx request's page is the place to return to, not its fragment route.
            back = urlsplit(request.headers.get("HX-Current-URL", "")).path if htmx else request.path
            expired = g.get("session_expired")
            target = url_for("account.login", next=local_target(back, "") or None,
                             expired=("other_device" if expired == "other_device" else "1") if expired else None)
            if htmx:
                return hx_redirect(target)  # not a login page swapped into a fragment
            return redirect(target)
        return view(*args, **kwargs)
    return wrapped
