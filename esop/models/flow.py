"""The sign-up wizard's server-side state; the session holds only a random key to it."""
from __future__ import annotations

import datetime as dt
import json

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from ..flowengine import Flow, Step
from .fields import EncryptedField
from .member import Member


class SignupFlow(BaseModel):
    key_hash = CharField(max_length=64, unique=True)
    step = CharField(default="terms")
    extensions = IntegerField(default=0)         # 시간 연장 so far (flowengine.extend caps them)
    name = CharField(default="")
    rrn = EncryptedField("flow.rrn", null=True)
    rrn_index = CharField(default="")
    birth_date = DateField(null=True)
    sex = CharField(default="")
    foreigner = CharField(default="")
    realname_at = DateTimeField(null=True)
    carrier = CharField(default="")
    mobile = CharField(default="")
    identity_at = DateTimeField(null=True)
    viewed = TextField(default="[]")              # slugs whose full text was opened
    draft = EncryptedField("flow.draft", null=True)  # typed 2-4 values kept between no-JS round trips
    consent_answers = TextField(default="{}")       # 2-2 answers as last sent (no secrets), for 전문보기 and 이전
    # 2-4's password as the member's argon2 hash once it passed on a submit that failed elsewhere (issue 17),
    # with the ID its '아이디 포함 불가' rule was checked against; never the password itself.
    kept_password_hash = TextField(null=True)
    kept_password_for = CharField(default="")
    member = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=dt.datetime.now)
    last_seen = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "signup_flow"

    def viewed_slugs(self) -> set[str]:
        return set(json.loads(self.viewed or "[]"))

    def consent_answer_values(self) -> dict:
        return json.loads(self.consent_answers or "{}")

    def draft_values(self) -> dict:
        return json.loads(self.draft) if self.draft else {}


# Steps in order (manual 2-1 … 2-5). A flow may revisit any step up to its own, never beyond.
SIGNUP = Flow(
    name="signup", model=SignupFlow, session_key="signup", entry="signup.start",
    steps=(Step("terms", "signup.terms"), Step("consent", "signup.consent"), Step("realname", "signup.realname"),
           Step("profile", "signup.profile"), Step("done", "signup.done")),
    restart_object="회원가입을", missing="회원가입은 약관동의부터 진행해 주십시오.",
    idle_setting="SIGNUP_IDLE_SECONDS",
    # A completed sign-up is the evidence of its real-name check (README, retention: 5 years).
    keep=lambda model: model.member.is_null(False))
