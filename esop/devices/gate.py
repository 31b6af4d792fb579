"""The device check inside the login gate: `auth.log_in` asks `hold` before it starts a session, so
every way in (password, certificate, any later one) meets it. A login from an unregistered browser of
a member with 단말기 지정 on is held: no session, a 보안 알림 (the audit record; mypage/alerts.py texts
it through the code service), and 추가인증 (esop/verify) before `finish` admits it again."""
from __future__ import annotations

from dataclasses import replace

from flask import current_app, flash, request, session, url_for

from ..account.gate import Admission, admit
from ..models import audit
from ..verify import flows
from ..verify.steps import plan_for
from ..web import local_target
from . import service

COOKIE = "esop_device"
COOKIE_DAYS = 365 * 2
LOGIN_PURPOSE = "device-login"        # the 추가인증 of a held login
REGISTER_PURPOSE = "device"           # the 추가인증 before 지정/해지 from 마이페이지
PENDING = "device_login"              # session: the held login (member id, method, next page)
VERIFIED = "device_verified"          # session: the login token whose session passed 추가인증


def cookie_token() -> str | None:
    return request.cookies.get(COOKIE)


def hold(admission: Admission, *, ip: str, user_agent: str) -> str | None:
    """None to let the login through; else the URL of the 추가인증 the held login must pass."""
    if admission.device_checked or not service.unregistered(admission.member, cookie_token()):
        return None
    member = admission.member
    audit.record("login.unregistered_device", member=member, subject=member.user_id, ip=ip, user_agent=user_agent,
                 method=admission.method)
    session[PENDING] = {"member": member.id, "method": admission.method,
                        "next": local_target(request.args.get("next"), "")}
    flows.start(member, LOGIN_PURPOSE, plan_for(member, account=False), title="단말기 지정 추가인증",
                return_to=url_for("devices.login_check"), cancel_to=url_for("account.login"))
    flash("지정되지 않은 단말기(브라우저)에서 로그인하셨습니다. 추가인증을 마치면 로그인됩니다.")
    return flows.entry_url(LOGIN_PURPOSE)


def finish(*, ip: str, user_agent: str) -> tuple[Admission, str] | None:
    """The held login's admission (the gate asked again: a lock that came meanwhile wins) and its next
    page, once its 추가인증 completed; None otherwise. Raises LoginRefused."""
    pending = session.get(PENDING)
    flow = flows.completed(LOGIN_PURPOSE)
    if not pending or flow is None or flow.member_id != pending.get("member") or not flows.finish(flow):
        return None
    session.pop(PENDING, None)
    admission = admit(pending["member"], method=pending["method"], ip=ip, user_agent=user_agent)
    return replace(admission, device_checked=True), pending.get("next") or ""


def mark_verified() -> None:
    """This login session passed 추가인증: it may register this browser or cancel the service."""
    session[VERIFIED] = session.get("login")


def verified() -> bool:
    return bool(session.get("login")) and session.get(VERIFIED) == session.get("login")


def set_cookie(response, token: str):
    response.set_cookie(COOKIE, token, max_age=COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def clear_cookie(response):
    response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
