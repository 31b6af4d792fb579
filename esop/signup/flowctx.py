"""Finding the member's flow for a request: expiry, order of steps, and the page's timer."""
from __future__ import annotations

import functools

from flask import current_app, flash, g, session, url_for

from ..models.flow import SignupFlow, flow_by_key
from ..web import go
from . import service

STEP_ENDPOINTS = {"terms": "signup.terms", "consent": "signup.consent", "realname": "signup.realname",
                  "profile": "signup.profile", "done": "signup.done"}


def idle_seconds() -> int:
    return current_app.config["SIGNUP_IDLE_SECONDS"]


def _current_flow() -> SignupFlow | None | str:
    key = session.get("signup")
    if not key:
        return None
    flow = flow_by_key(key)
    if flow is None:
        return None
    if service.expired(flow, idle_seconds()):
        flow.delete_instance()
        session.pop("signup", None)
        return "expired"
    return flow


def requires_step(step: str):
    """The view runs only when the flow has reached `step`; otherwise send the member where they belong."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            flow = _current_flow()
            if flow == "expired":
                flash("입력 시간(20분)이 지나 안전을 위해 회원가입을 처음부터 다시 시작합니다.")
                return go(url_for("signup.start"))
            if flow is None:
                flash("회원가입은 약관동의부터 진행해 주십시오.")
                return go(url_for("signup.start"))
            if flow.step == "done" and step != "done":
                return go(url_for("signup.done"))
            if not flow.reached(step):
                flash("이전 단계를 먼저 마쳐 주십시오.")
                return go(url_for(STEP_ENDPOINTS[flow.step]))
            service.touch(flow)
            g.flow = flow
            g.flow_expires_at = service.expires_at(flow, idle_seconds())
            return view(flow, *args, **kwargs)
        return wrapped
    return decorate
