"""Access-record retention and operator reads of RRNs (reliability.md L2; 개인정보의 안전성 확보조치 기준
제8조: 2 years when RRNs are processed; ASVS 8.3.5: access to sensitive data is audited).

No operator path in esop shows a member's decrypted RRN: every `flask esop …` command is run below
against a database holding members, and none prints an RRN in any form, so there is no operator read
to log. The sandbox console lists the demo roster's fixed, generated RRNs (constants in esop/demo.py,
not decrypted rows) and does not exist when the sandbox is off. `flask shell` is out of scope: whoever
has a Python shell with the keys is outside anything the application can log.
"""
from __future__ import annotations

import datetime as dt
import random

import pytest

from esop.config import ConfigError, load_config
from esop.db import db
from helpers import make_member
from testenv import TEST_ENV


def _seed(ages_in_days: list[float]) -> None:
    """One audit event and one security event per age, dated that many days before now."""
    from esop.models.audit import AuditEvent
    from esop.models.security_event import SecurityEvent
    member, _ = make_member(user_id="keeper01")
    now = dt.datetime.now()
    with db.connection_context():
        for age in ages_in_days:
            when = now - dt.timedelta(days=age)
            row = AuditEvent.create(event="login.success", member=member, subject=f"{age}", created_at=when)
            SecurityEvent.create(member=member, audit_event_id=row.id, kind="", occurred_at=when)


def _left() -> tuple[list[float], int]:
    from esop.models.audit import AuditEvent
    from esop.models.security_event import SecurityEvent
    with db.connection_context():
        return (sorted(float(r.subject) for r in AuditEvent.select().where(AuditEvent.event == "login.success")),
                SecurityEvent.select().count())


# --- the setting ---------------------------------------------------------------------------------

def _production(**extra):
    return dict(TEST_ENV, ESOP_ENV="production", ESOP_SANDBOX="0", DATABASE_URL="sqlite:///x.db", **extra)


def test_l2_default_retention_is_two_years_and_production_refuses_less(tmp_path):
    assert load_config(str(tmp_path), dict(TEST_ENV))["ACCESS_RECORD_DAYS"] == 730
    assert load_config(str(tmp_path), _production())["ACCESS_RECORD_DAYS"] == 730
    assert load_config(str(tmp_path), _production(ESOP_ACCESS_RECORD_DAYS="1095"))["ACCESS_RECORD_DAYS"] == 1095
    with pytest.raises(ConfigError, match="ESOP_ACCESS_RECORD_DAYS"):
        load_config(str(tmp_path), _production(ESOP_ACCESS_RECORD_DAYS="729"))


@pytest.mark.parametrize("setting", [730, 1095])
def test_l2_purge_honours_the_setting(make_app, setting):
    app = make_app(env={"ESOP_ACCESS_RECORD_DAYS": str(setting)})
    ages = [0, 1, 364, 729.9, setting - 0.1, setting + 0.1, setting + 1, 3000]
    with app.app_context():
        _seed(ages)
    result = app.test_cli_runner().invoke(args=["esop", "purge"])
    assert result.exit_code == 0, result.output
    kept, security_events = _left()
    assert kept == sorted(a for a in ages if a < setting)
    assert security_events == len(kept)
    print(f"\nL2: setting {setting} days: {len(ages) - len(kept)}/{len(ages)} older rows purged, "
          f"{len(kept)}/{len(kept)} younger rows kept ({result.output.strip()})")


def test_l2_purge_never_deletes_a_row_younger_than_the_setting(make_app):
    app = make_app(env={"ESOP_ACCESS_RECORD_DAYS": "800"})
    rng = random.Random(8)
    ages = [a for a in (rng.uniform(0, 2000) for _ in range(300)) if abs(a - 800) > 0.01]
    with app.app_context():
        _seed(ages)
    assert app.test_cli_runner().invoke(args=["esop", "purge"]).exit_code == 0
    kept, _ = _left()
    younger = sorted(a for a in ages if a < 800)
    assert kept == younger
    print(f"\nL2: 300 random ages, setting 800 days: {len(younger)}/{len(younger)} younger rows kept, "
          f"{len(ages) - len(kept)}/{len(ages) - len(younger)} older rows purged")


def test_l2_a_period_below_two_years_is_refused_and_deletes_nothing(make_app):
    """Outside production a short ESOP_ACCESS_RECORD_DAYS starts the app, but the purge still refuses it."""
    from esop.mypage.withdrawal import purge_access_records
    with make_app().app_context():
        _seed([400, 800])
    for app, args in ((make_app(), ["--days", "729"]), (make_app(env={"ESOP_ACCESS_RECORD_DAYS": "365"}), [])):
        result = app.test_cli_runner().invoke(args=["esop", "purge", *args])
        assert result.exit_code != 0 and "at least 730" in result.output
        assert _left()[0] == [400, 800]
        with app.app_context(), db.connection_context(), pytest.raises(ValueError):
            purge_access_records(729)
    assert _left()[0] == [400, 800]


# --- operator reads of RRNs ----------------------------------------------------------------------

def _forms(rrn: str) -> list[str]:
    return [rrn, f"{rrn[:6]}-{rrn[6:]}", rrn[6:]]


def test_l2_no_operator_command_prints_an_rrn(app, tmp_path):
    """Every command of the `esop` group, with arguments that make it do its work, against a database
    with the demo data and a member: no RRN of anybody in the database (13 digits, hyphenated, or the
    back 7 digits) in its output. A new command fails this test until it is listed here."""
    from esop.cli import esop_cli
    from esop.demo import demo_people
    from signup_steps import new_rrn
    runner = app.test_cli_runner()
    assert runner.invoke(args=["esop", "demo"]).exit_code == 0
    with app.app_context():
        _, rrn = make_member(user_id="operread1", rrn=new_rrn("operator-read"))
    roster = tmp_path / "roster.csv"
    other = new_rrn("roster-only")
    roster.write_text(f"김명부,{other[:6]}-{other[6:]}\n이틀림,{other[:12]}0\n", encoding="utf-8")
    from pathlib import Path
    sample = Path(__file__).resolve().parents[2] / "esop" / "data" / "addresses-sample.txt"
    ksco7 = sample.with_name("ksco7.csv")
    runs = {
        "migrate": [], "demo": [], "rotate-keys": [], "unlock": ["operread1"],
        "load-roster": ["운영조합", str(roster)], "purge": ["--dry-run"],
        "import-addresses": [str(sample)], "add-account": ["operread1", "27081234567", "--password", "7391"],
        "issue-otp": ["operread1"], "issue-card": ["operread1"], "issue-onetime": ["operread1"],
        "unlock-media": ["operread1"], "media": ["operread1"], "media ": ["hong1234"],
        "version": [], "check-config": [], "outbox": [], "worker": ["--once"],
        "import-jobs": [str(ksco7), "--revision", "7", "--source", "esop/data/ksco7.csv"],
    }
    assert {name.strip() for name in runs} == set(esop_cli.commands), \
        "a new operator command: add it here, and log it if it shows an RRN (ASVS 8.3.5)"
    secrets = [form for r in [rrn, other] + [p for _, p in demo_people()] for form in _forms(r)]
    outputs = {}
    for name, args in runs.items():
        result = runner.invoke(args=["esop", name.strip(), *args])
        assert result.exit_code == 0, (name, result.output)
        outputs[name] = result.output
        hits = [s for s in secrets if s in result.output]
        assert not hits, (name, "prints an RRN")
    assert runner.invoke(args=["esop", "purge"]).exit_code == 0
    print(f"\nL2: {len(runs)}/{len(runs)} operator command runs print no RRN "
          f"({len(esop_cli.commands)} commands; 0 operator RRN reads exist, so 0 to log)")


def test_l2_the_sandbox_console_is_gone_when_the_sandbox_is_off(make_app):
    """The only page listing RRNs (the sandbox console's demo roster, constants from esop/demo.py)."""
    app = make_app(env={"ESOP_SANDBOX": "0"})
    assert not [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/sandbox")]
    assert app.test_client().get("/sandbox/").status_code == 404
