"""The server-side state of a registration (3-1 금융인증서, 3-2 타기관 클라우드 인증서)."""
from __future__ import annotations

import datetime as dt

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel
from ..flowengine import Flow, Step
from .member import Member


class CertFlow(BaseModel):
    key_hash = CharField(max_length=64, unique=True)
    purpose = CharField()                       # fin31 | cloud32
    member = ForeignKeyField(Member, null=True, on_delete="CASCADE")
    step = CharField(default="identity")
    overseas = BooleanField(default=False)      # the 본인확인 came from an overseas address
    country = CharField(default="")
    departure_consent_at = DateTimeField(null=True)
    departed = BooleanField(null=True)          # departure record found (None: not asked)
    verify_state = TextField(default="")        # the toolkit's handle for 추가인증
    verified_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)
    last_seen = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cert_flow"


class Registration(Flow):
    def admits(self, row) -> bool:
        """The steps after ①본인확인 belong to the member it found, while that member is active."""
        return row.member_id is not None and row.member.status == "active"


def _registration(purpose: str, steps: tuple[Step, ...]) -> Registration:
    return Registration(name=f"certflow.{purpose}", model=CertFlow, session_key=f"certflow:{purpose}",
                        entry=steps[0].endpoint, steps=steps, restart_object="인증서 등록을",
                        missing="본인확인부터 진행해 주십시오.", idle_setting="CERTFLOW_IDLE_SECONDS")


# A flow may revisit any step up to its own, never beyond (manual 3-1/3-2: ①본인확인 → ②추가인증 → ③등록).
FIN31 = _registration("fin31", (
    Step("identity", "certcenter.fin_identity"), Step("verify", "certcenter.fin_verify"),
    Step("cloud", "certcenter.fin_register"), Step("done", "certcenter.fin_done")))
# 3-2 adds 해외IP접속: the departure-record consent, on the 본인확인 page.
CLOUD32 = _registration("cloud32", (
    Step("identity", "certcenter.cloud_identity"), Step("overseas", "certcenter.cloud_identity"),
    Step("verify", "certcenter.cloud_verify"), Step("cloud", "certcenter.cloud_register"),
    Step("done", "certcenter.cloud_done")))
REGISTRATIONS = {"fin31": FIN31, "cloud32": CLOUD32}
