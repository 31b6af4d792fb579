"""Members, unions and rosters, login sessions, audit records, throttle counters."""
from ..models.audit import AuditEvent
from ..models.member import Member
from ..models.session import LoginSession
from ..models.throttle import ThrottleCounter
from ..models.union import RosterEntry, Union


def apply(migrator, database):
    database.create_tables([Union, RosterEntry, Member, LoginSession, AuditEvent, ThrottleCounter],
                           safe=True)
