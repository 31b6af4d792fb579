"""`flask esop purge` (issue 14): whatever has ended — sessions, wizard flows, one-time codes,
certificate challenges and proofs, device tokens, throttle counters — is deleted on a timer; whatever a
member could still use, and a completed sign-up kept as evidence, stays."""
from __future__ import annotations

import datetime as dt
import secrets

import pytest

from esop.db import db
from helpers import make_member

NOW = dt.datetime.now()
LONG_AGO = NOW - dt.timedelta(days=3)   # past every limit plus the purge's hour of grace


def _key() -> str:
    return secrets.token_hex(32)


def _seed(app) -> dict[str, tuple[list[int], list[int]]]:
    """Per table: (ids of rows that ended long ago, ids of rows still alive)."""
    from esop.models import session as sessions
    from esop.models.cert import CertChallenge, CertProof, new_challenge
    from esop.models.certcloud import CloudDevice, CloudLink, CloudWallet
    from esop.models.certflow import CertFlow
    from esop.models.flow import SignupFlow
    from esop.models.throttle import ThrottleCounter, hit
    from esop.models.verification import VerificationFlow
    from esop.models.verification import create as create_verification
    from esop.models.verify import OneTimeCode, issue
    member, _ = make_member(user_id="purger01")
    with app.test_request_context(), db.connection_context():
        def login_session(old):
            sessions.start(member, method="password", ip="10.0.0.1", user_agent="t")
            row = sessions.LoginSession.select().order_by(sessions.LoginSession.id.desc()).first()
            if old:
                sessions.LoginSession.update(created_at=LONG_AGO, last_seen=LONG_AGO).where(
                    sessions.LoginSession.id == row.id).execute()
            return row.id

        def ended_session(old):
            sessions.record_ended([f"{'old' if old else 'new'}-{len(str(old))}"], "other_device")
            row = sessions.EndedLoginSession.select().order_by(sessions.EndedLoginSession.id.desc()).first()
            if old:
                sessions.EndedLoginSession.update(ended_at=LONG_AGO).where(
                    sessions.EndedLoginSession.id == row.id).execute()
            return row.id

        def signup(old, done=False):
            when = LONG_AGO if old else NOW
            return SignupFlow.create(key_hash=_key(), created_at=when, last_seen=when,
                                     member=member if done else None).id

        def cloud_link(old):
            when = LONG_AGO if old else NOW
            return CloudLink.create(key_hash=_key(), cloud="financial", created_at=when, last_seen=when).id

        def cert_flow(old, purpose="fin31"):
            when = LONG_AGO if old else NOW
            return CertFlow.create(key_hash=_key(), purpose=purpose, created_at=when, last_seen=when).id

        def verification(old):
            flow, _ = create_verification(member, "recovery", [], title="t", return_to="/", cancel_to="/",
                                          seconds=900)
            if old:
                VerificationFlow.update(created_at=LONG_AGO).where(VerificationFlow.id == flow.id).execute()
            return flow.id

        def code(old):
            row, _ = issue("signup.phone", f"flow:{_key()[:8]}", "010", 180)
            if old:
                OneTimeCode.update(expires_at=LONG_AGO).where(OneTimeCode.id == row.id).execute()
            return row.id

        def challenge(old):
            row, _ = new_challenge("cert:login")
            if old:
                CertChallenge.update(expires_at=LONG_AGO).where(CertChallenge.id == row.id).execute()
            return row.id

        def proof(old):
            return CertProof.create(token_hash=_key(), purpose="login", kind="financial", fingerprint="f",
                                    cert_pem="", binding_secret="s",
                                    expires_at=LONG_AGO if old else NOW + dt.timedelta(minutes=5)).id

        wallet = CloudWallet.create(cloud="financial", name="김한국", birth_date=dt.date(1985, 7, 2), phone="010")

        def device(old):
            return CloudDevice.create(token_hash=_key(), wallet=wallet,
                                      expires_at=LONG_AGO if old else NOW + dt.timedelta(days=30)).id

        def counter(old):
            key = f"login:ip:{_key()[:12]}"
            hit(key, 5, 86400, now=LONG_AGO - dt.timedelta(days=1) if old else NOW - dt.timedelta(hours=23))
            return ThrottleCounter.select().order_by(ThrottleCounter.id.desc()).first().id

        def id_lookup(old):
            from esop.models.id_lookup import IdLookup
            return IdLookup.create(key_hash=_key(), name="김한국", rrn="8507021234567", rrn_index="i", birth_date=dt.date(1985, 7, 2),
                                   sex="M", created_at=LONG_AGO if old else NOW - dt.timedelta(minutes=5)).id

        made = {
            "id_lookup": id_lookup, "login_session": login_session, "ended_login_session": ended_session,
            "signup_flow": signup, "cloud_link": cloud_link, "cert_flow": cert_flow,
            "verification_flow": verification, "one_time_code": code, "cert_challenge": challenge,
            "cert_proof": proof, "cloud_device": device, "throttle_counter": counter,
        }
        rows = {table: ([make(True)], [make(False)]) for table, make in made.items()}
        rows["signup_flow"][1].append(signup(True, done=True))      # a completed sign-up: evidence, kept
        rows["cert_flow"][0].append(cert_flow(True, "cloud32"))      # 3-2 shares 3-1's table and limit
        rows["cert_flow"][1].append(cert_flow(False, "cloud32"))
    return rows


def _models():
    from esop.purge import ended
    with db.connection_context():
        return {table: model for table, model, _ in ended(NOW)}


def _present(model, ids):
    with db.connection_context():
        return {row.id for row in model.select(model.id).where(model.id.in_(ids))}


def test_purge_deletes_what_ended_and_keeps_what_lives(app):
    rows = _seed(app)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["esop", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    with app.app_context():
        models = _models()
    assert set(models) == set(rows), "every table the purge reads is seeded here"
    for table, (old, _) in rows.items():
        assert f"{table}: would delete {len(old)} ended rows" in dry.output, (table, dry.output)
        assert _present(models[table], old) == set(old)                # a dry run deletes nothing
    result = runner.invoke(args=["esop", "purge"])
    assert result.exit_code == 0, result.output
    for table, (old, alive) in rows.items():
        assert f"{table}: deleted {len(old)} ended rows" in result.output, (table, result.output)
        assert _present(models[table], old) == set(), table
        assert _present(models[table], alive) == set(alive), table
    print(f"\npurge: {sum(len(o) for o, _ in rows.values())} ended rows deleted over {len(rows)} tables, "
          f"{sum(len(a) for _, a in rows.values())} live or kept rows untouched")


def test_a_flow_just_past_its_limit_is_kept_for_the_grace_hour(app):
    """A member who comes back just late reads "time is up, start again", not "nothing to continue"."""
    from esop.models.flow import SignupFlow
    from esop.purge import GRACE, purge_ended
    just = NOW - dt.timedelta(seconds=app.config["SIGNUP_IDLE_SECONDS"]) - GRACE / 2
    with app.app_context(), db.connection_context():
        row = SignupFlow.create(key_hash=_key(), created_at=just, last_seen=just)
        assert purge_ended(NOW)["signup_flow"] == 0
        assert purge_ended(NOW + GRACE)["signup_flow"] == 1
        assert SignupFlow.get_or_none(SignupFlow.id == row.id) is None


def test_no_throttle_window_outlives_the_purge(app):
    from esop.models.throttle import LONGEST_WINDOW, hit
    with app.app_context(), db.connection_context(), pytest.raises(ValueError):
        hit("login:ip:1", 5, int(LONGEST_WINDOW.total_seconds()) + 1)


def test_the_two_registrations_share_one_table_and_limit():
    from esop.models.certflow import FIN31, REGISTRATIONS
    from esop.purge import FLOWS
    assert {(f.model, f.idle_setting, f.absolute_setting) for f in REGISTRATIONS.values()} == \
        {(FIN31.model, FIN31.idle_setting, FIN31.absolute_setting)}
    assert len({f.model for f in FLOWS}) == len(FLOWS)
