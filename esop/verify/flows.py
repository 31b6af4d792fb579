"""How a consumer flow uses the toolkit: start a verification, later ask whether it completed.

    flow = flows.start(member, "recovery", steps.plan_for(member, account=False),
                       title="비밀번호 재등록(잠금 해제)",
                       return_to=url_for("recovery.password"), cancel_to=url_for("recovery.start"))
    return go(flows.entry_url("recovery"))
    ...
    done = flows.completed("recovery")      # None until every slot passed (and not expired)
    flows.finish(done)                      # use it once
"""
from __future__ import annotations

import datetime as dt
import re

from flask import current_app, session, url_for

from ..models import verification as model
from ..models.member import Member
from .steps import Slot, current_slot

SESSION_KEY = "verify"
PURPOSE = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,39}$")


def _keys() -> dict:
    return dict(session.get(SESSION_KEY) or {})


def start(member: Member, purpose: str, slots: list[Slot], *, title: str, return_to: str,
          cancel_to: str) -> model.VerificationFlow:
    """A fresh verification for this browser; an earlier one of the same purpose is forgotten."""
    if not PURPOSE.match(purpose):
        raise ValueError(f"bad verification purpose {purpose!r}")
    seconds = current_app.config.get("VERIFY_FLOW_SECONDS", 900)
    flow, key = model.create(member, purpose, [s.as_dict() for s in slots], title=title,
                             return_to=return_to, cancel_to=cancel_to, seconds=seconds)
    keys = _keys()
    keys[purpose] = key
    session[SESSION_KEY] = keys
    return flow


def load(purpose: str) -> tuple[str, model.VerificationFlow | None]:
    """("ok", flow) | ("expired", flow) | ("none", None)."""
    key = _keys().get(purpose)
    flow = model.flow_by_key(key) if key and PURPOSE.match(purpose) else None
    if flow is None or flow.purpose != purpose or flow.consumed_at is not None:
        return "none", None
    if flow.expires_at <= dt.datetime.now():
        return "expired", flow
    return "ok", flow


def entry_url(purpose: str) -> str:
    return url_for("verify.step", purpose=purpose)


def next_url(flow: model.VerificationFlow) -> str:
    """Where the member goes now: the current slot's page (or its choice), or back to the consumer."""
    slot = current_slot(flow)
    if slot is None:
        return flow.return_to
    methods = slot["methods"]
    if len(methods) == 1:
        return url_for(f"verify.{methods[0]}", purpose=flow.purpose)
    return url_for("verify.choose", purpose=flow.purpose)


def completed(purpose: str, member: Member | None = None) -> model.VerificationFlow | None:
    state, flow = load(purpose)
    if state != "ok" or flow.completed_at is None:
        return None
    if member is not None and flow.member_id != member.id:
        return None
    return flow


def finish(flow: model.VerificationFlow) -> bool:
    """Consume a completed verification once; the session forgets it."""
    keys = _keys()
    keys.pop(flow.purpose, None)
    session[SESSION_KEY] = keys
    return model.consume(flow)


def forget(purpose: str) -> None:
    keys = _keys()
    keys.pop(purpose, None)
    session[SESSION_KEY] = keys
