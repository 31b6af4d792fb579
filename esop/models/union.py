"""Employee-stock-ownership unions (우리사주조합) and their rosters, loaded by operators."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, ForeignKeyField

from ..db import BaseModel
from ..security import crypto


class Union(BaseModel):
    name = CharField(unique=True)
    company = CharField(default="")
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "esop_union"


class RosterEntry(BaseModel):
    """One employee on a union's roster, found by the blind index of the RRN (never stored plain)."""
    union = ForeignKeyField(Union, backref="roster", on_delete="CASCADE")
    rrn_index = CharField(max_length=64, index=True)
    name = CharField()
    employee_no = CharField(default="")

    class Meta:
        table_name = "roster_entry"
        indexes = ((("union", "rrn_index"), True),)


def union_for_rrn(rrn_digits: str) -> Union | None:
    index = crypto.keyring().blind_index(rrn_digits, "rrn")
    entry = (RosterEntry.select(RosterEntry, Union).join(Union)
             .where(RosterEntry.rrn_index == index).first())
    return entry.union if entry else None
