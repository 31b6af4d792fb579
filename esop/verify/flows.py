"""How a consumer flow uses the toolkit: start a verification, later ask whether it completed.

    flow = flows.start(member, "recovery", steps.plan_for(member, account=False),
                       title="비밀번호 재등록(잠금 해제)",
                       return_to=url_for("recovery.password"), cancel_to=url_for("recovery.start"))
    return go(flows.entry_url("recovery"))
    ...
    done = flows.completed("recovery")      # None until every slot passed (and not expired)
    flows.finish(done)                      # use it once

추가인증 runs on the one flow engine (STYLE 15), modelled as what it is: its steps are the slots of
the member's plan, passed in order; a step request names a method, which belongs to one slot.
"""
from __future__ import annotations

import re

from flask import current_app, url_for

from .. import flowengine
from ..flowengine import Flow
from ..models import verification as model
from ..models.member import Member
from .steps import Slot, current_slot, slot_index

PURPOSE = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,39}$")


class Verification(Flow):
    def usable(self, row, variant: str) -> bool:
        return bool(PURPOSE.match(variant)) and row.purpose == variant and row.consumed_at is None

    def position(self, row, step: str) -> str:
        slot = current_slot(row)
        if slot is None:
            return "done"
        if step == "choose" or step in slot["methods"]:
            return "here"
        index = slot_index(row, step)
        if index is None or index > [s["slot"] for s in row.plan_slots()].index(slot["slot"]):
            return "ahead"
        return "behind"

    def may_revisit(self, step: str) -> bool:
        return False  # a passed slot is done; its page would only ask again

    def entry_url(self, row, args: dict) -> str:
        return row.cancel_to if row is not None else url_for("main.home")

    def current_url(self, row, args: dict) -> str:
        return next_url(row)

    def done_url(self, row, args: dict) -> str:
        return row.return_to


VERIFY = Verification(
    name="verification", model=model.VerificationFlow, steps=(), session_key="verify:{}", entry="main.home",
    restart_object="추가인증을", missing="진행 중인 추가인증이 없습니다. 처음부터 다시 진행해 주십시오.",
    absolute_setting="VERIFY_FLOW_SECONDS", url_args=("purpose",))


def start(member: Member, purpose: str, slots: list[Slot], *, title: str, return_to: str,
          cancel_to: str) -> model.VerificationFlow:
    """A fresh verification for this browser; an earlier one of the same purpose is forgotten."""
    if not PURPOSE.match(purpose):
        raise ValueError(f"bad verification purpose {purpose!r}")
    flow, key = model.create(member, purpose, [s.as_dict() for s in slots], title=title, return_to=return_to,
                             cancel_to=cancel_to, seconds=current_app.config["VERIFY_FLOW_SECONDS"])
    flowengine.remember(VERIFY, key, purpose)
    return flow


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
    flow = flowengine.current(VERIFY, purpose)
    if flow is None or flow.completed_at is None:
        return None
    if member is not None and flow.member_id != member.id:
        return None
    return flow


def finish(flow: model.VerificationFlow) -> bool:
    """Consume a completed verification once; the session forgets it."""
    forget(flow.purpose)
    return model.consume(flow)


def forget(purpose: str) -> None:
    flowengine.forget(VERIFY, purpose)
