"""The sandbox 우리사주 holdings/loan system's figures a tester set for a member (sandbox console)."""
from __future__ import annotations

import datetime as dt

from peewee import BigIntegerField, CharField, DateTimeField

from ..db import BaseModel


class SandboxHolding(BaseModel):
    user_id = CharField(unique=True)
    shares = BigIntegerField(null=True)         # None: the member's deterministic default
    price = BigIntegerField(null=True)
    existing_loan = BigIntegerField(null=True)
    updated_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "sandbox_holding"


def set_holding(user_id: str, **figures: int | None) -> None:
    figures = dict(figures, updated_at=dt.datetime.now())
    (SandboxHolding.insert(user_id=user_id, **figures)
     .on_conflict(conflict_target=[SandboxHolding.user_id],
                  update={getattr(SandboxHolding, k): v for k, v in figures.items()})
     .execute())
