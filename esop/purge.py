"""`flask esop purge`: rows whose life has ended are deleted — login sessions, wizard flows, one-time
codes, 아이디 찾기 lookups, certificate challenges and proofs, 자동연결 device tokens and throttle counters — and access
records past their retention period (README, 개인정보 보존 기준). Each rule is the one the app applies
when it reads the row, so nothing still usable goes. Run on a timer: deploy/systemd/esop-purge.timer,
or compose's `purge` service (README, Production).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app

from . import flowengine
from .models.cert import CertChallenge, CertProof
from .models.certcloud import CLOUD_LINK, CloudDevice
from .models.certflow import FIN31
from .models.flow import SIGNUP
from .models.id_lookup import SECONDS as ID_LOOKUP_SECONDS, IdLookup
from .models.session import EndedLoginSession, LoginSession
from .models.throttle import LONGEST_WINDOW, ThrottleCounter
from .models.verify import OneTimeCode
from .verify.flows import VERIFY

# Ended rows stay an hour more: a member who comes back just after the limit reads "time is up, start
# again" (the row is there and expired) rather than "nothing to continue".
GRACE = dt.timedelta(hours=1)

# Every wizard (flowengine.Flow) once per table: the registrations 3-1 and 3-2 share cert_flow and one
# limit (tests/web/test_purge.py checks both).
FLOWS = (SIGNUP, CLOUD_LINK, FIN31, VERIFY)


def ended(now: dt.datetime) -> list[tuple[str, object, object]]:
    """(table, model, SQL condition of its ended rows) — the step table the purge and its dry run read."""
    config = current_app.config
    before = now - GRACE
    return [
        ("login_session", LoginSession,
         (LoginSession.last_seen < before - dt.timedelta(seconds=config["SESSION_IDLE_SECONDS"]))
         | (LoginSession.created_at < before - dt.timedelta(seconds=config["SESSION_ABSOLUTE_SECONDS"]))),
        # Its device is told once why it was logged out; past the absolute limit it would be told 'expired' anyway.
        ("ended_login_session", EndedLoginSession,
         EndedLoginSession.ended_at < before - dt.timedelta(seconds=config["SESSION_ABSOLUTE_SECONDS"])),
        *[(flow.model._meta.table_name, flow.model, flowengine.ended_before(flow, before)) for flow in FLOWS],
        ("one_time_code", OneTimeCode, OneTimeCode.expires_at < before),
        ("cert_challenge", CertChallenge, CertChallenge.expires_at < before),
        ("cert_proof", CertProof, CertProof.expires_at < before),
        ("cloud_device", CloudDevice, CloudDevice.expires_at < before),
        ("id_lookup", IdLookup, IdLookup.created_at < before - dt.timedelta(seconds=ID_LOOKUP_SECONDS)),
        ("throttle_counter", ThrottleCounter, ThrottleCounter.window_start < before - LONGEST_WINDOW),
    ]


def purge_ended(now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """{table: rows deleted (or, dry run, that would be)}; one statement per table."""
    counts = {}
    for table, model, condition in ended(now or dt.datetime.now()):
        query = model.select() if dry_run else model.delete()
        counts[table] = query.where(condition).count() if dry_run else query.where(condition).execute()
    return counts
