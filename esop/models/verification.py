"""A verification flow: which steps a purpose requires of a member, which passed and when.

The session holds only a random key per purpose; the plan, the passed steps and the per-step
state (ARS call, security-card positions …) live here, so any app process can answer.
"""
from __future__ import annotations

import datetime as dt
import json
import secrets

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel, db
from ..flowengine import digest, transition
from .fields import EncryptedField
from .member import Member


class VerificationFlow(BaseModel):
    key_hash = CharField(max_length=64, unique=True)
    member = ForeignKeyField(Member, backref="verification_flows", on_delete="CASCADE")
    purpose = CharField(index=True)              # e.g. "recovery", "certcenter.financial"
    title = CharField(default="추가인증")         # the consumer's page heading, e.g. "비밀번호 재등록(잠금 해제)"
    plan = TextField()                           # JSON: [{"slot": "identity", "methods": ["sms", …]}, …]
    chosen = TextField(default="{}")             # JSON: slot → method the member picked
    passed = TextField(default="{}")             # JSON: slot → {"method": …, "at": iso time}
    state = EncryptedField("verify.state", default="{}")  # per-step working state
    return_to = CharField(default="/")           # where the consumer continues once all passed
    cancel_to = CharField(default="/")           # where to start over
    created_at = DateTimeField(default=dt.datetime.now)
    extensions = IntegerField(default=0)         # 시간 연장 so far (flowengine.extend caps them)
    expires_at = DateTimeField()                 # for the record; the limit is flowengine's rule (VERIFY)
    completed_at = DateTimeField(null=True)
    consumed_at = DateTimeField(null=True)

    class Meta:
        table_name = "verification_flow"

    def plan_slots(self) -> list[dict]:
        return json.loads(self.plan)

    def passed_slots(self) -> dict:
        return json.loads(self.passed or "{}")

    def chosen_methods(self) -> dict:
        return json.loads(self.chosen or "{}")

    def state_of(self, method: str) -> dict:
        return json.loads(self.state or "{}").get(method, {})

    def set_state(self, method: str, value: dict | None) -> None:
        everything = json.loads(self.state or "{}")
        if value is None:
            everything.pop(method, None)
        else:
            everything[method] = value
        self.state = json.dumps(everything)
        VerificationFlow.update(state=self.state).where(VerificationFlow.id == self.id).execute()


def create(member: Member, purpose: str, plan: list[dict], *, title: str, return_to: str, cancel_to: str,
           seconds: int) -> tuple[VerificationFlow, str]:
    key = secrets.token_urlsafe(32)
    now = dt.datetime.now()
    with db.atomic():
        row = VerificationFlow.create(key_hash=digest(key), member=member, purpose=purpose, title=title,
                                      plan=json.dumps(plan), return_to=return_to, cancel_to=cancel_to,
                                      created_at=now, expires_at=now + dt.timedelta(seconds=seconds))
    return row, key


def mark_passed(flow: VerificationFlow, slot: str, method: str, now: dt.datetime | None = None) -> bool:
    """Passing a slot is this flow's transition, and a conditional one: it wins only while `slot` is
    the first unpassed slot of the plan as this request read it, so a double submit passes it once.
    The flow in hand follows the database either way."""
    now = now or dt.datetime.now()
    fresh = VerificationFlow.get_by_id(flow.id)
    passed = fresh.passed_slots()
    pending = [s["slot"] for s in fresh.plan_slots() if s["slot"] not in passed]
    won = False
    if pending and pending[0] == slot:
        passed[slot] = {"method": method, "at": now.isoformat(timespec="seconds")}
        won = transition(VerificationFlow, flow.id, VerificationFlow.passed == fresh.passed,
                         passed=json.dumps(passed), completed_at=now if len(pending) == 1 else None)
    latest = VerificationFlow.get_by_id(flow.id)
    flow.passed, flow.completed_at = latest.passed, latest.completed_at
    return won


def set_chosen(flow: VerificationFlow, slot: str, method: str) -> None:
    chosen = flow.chosen_methods()
    chosen[slot] = method
    flow.chosen = json.dumps(chosen)
    VerificationFlow.update(chosen=flow.chosen).where(VerificationFlow.id == flow.id).execute()


def consume(flow: VerificationFlow) -> bool:
    """Use a completed flow once (the consumer's final action); False when it was used already."""
    return transition(VerificationFlow, flow.id,
                      VerificationFlow.consumed_at.is_null() & VerificationFlow.completed_at.is_null(False),
                      consumed_at=dt.datetime.now())
