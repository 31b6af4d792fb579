"""회원탈퇴 with identity re-check: no RRN, name or phone left in the member's rows; the purge command."""
from __future__ import annotations

import datetime as dt

import pytest

from esop.db import db
from esop.models import audit
from esop.models.audit import AuditEvent
from esop.models.flow import SignupFlow
from esop.models.member import Member, member_by_rrn
from esop.models.session import LoginSession
from esop.verify.issuance import create_account
from mypage_steps import PASSWORD, fresh, login, member, post

NAME, MOBILE = "김한국", "010-2222-3333"


@pytest.fixture
def m(app, client):
    row, rrn = member(work_phone="02-555-1234", home_address_detail="101동 202호")
    with db.connection_context():
        create_account(row, "103-136-2104750", "7394", by="test")
        SignupFlow.create(key_hash="k" * 64, name=NAME, rrn=rrn, rrn_index="x", mobile=MOBILE, carrier="KT",
                          member=row)
    login(client)
    post(client, "/account/mobile", {"mobile": "010-7777-8888"})  # a pending code row naming a phone
    return row, rrn


def _withdraw(client, rrn, password=PASSWORD, confirm="y", **over):
    data = {"password": password, "rrn_front": rrn[:6], "rrn_back": rrn[6:], "confirm": confirm, **over}
    return post(client, "/account/withdraw", data)


@pytest.mark.parametrize("over,message", [
    ({"password": ""}, "비밀번호를 입력해 주십시오."),
    ({"password": "Wrong#0000"}, "비밀번호가 일치하지 않습니다."),
    ({"rrn_front": "12"}, "앞 6자리를 숫자로"),
    ({"rrn_back": "abcdefg"}, "뒤 7자리를 숫자로"),
    ({"rrn_front": "000101", "rrn_back": "3000000"}, "주민등록번호가 회원정보와 일치하지 않습니다."),
    ({"confirm": ""}, "동의에 체크해 주십시오."),
])
def test_withdrawal_bad_inputs_change_nothing(client, m, over, message):
    row, rrn = m
    r = _withdraw(client, rrn, **over)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and message in html and "<title>오류: " in html and 'aria-invalid="true"' in html
    assert rrn[6:] not in html
    assert fresh(row).status == "active" and fresh(row).name == NAME


def test_withdrawal_without_csrf_is_refused(client, m):
    row, rrn = m
    r = client.post("/account/withdraw", data={"password": PASSWORD, "rrn_front": rrn[:6], "rrn_back": rrn[6:],
                                               "confirm": "y"})
    assert r.status_code == 400 and fresh(row).status == "active"


def test_withdrawal_is_throttled(client, m):
    row, rrn = m
    for _ in range(5):
        assert _withdraw(client, rrn, password="Wrong#0000").status_code == 422
    assert _withdraw(client, rrn).status_code == 429
    assert fresh(row).status == "active"


def test_withdrawal_leaves_no_rrn_name_or_phone_in_the_members_rows(app, client, m):
    row, rrn = m
    r = _withdraw(client, rrn)
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/withdrawn")
    assert "회원탈퇴가 완료되었습니다" in client.get("/account/withdrawn").get_data(as_text=True)
    assert client.get("/account/").status_code == 302
    with db.connection_context():
        raw = db.obj
        # Every row that points at the member, read raw (decrypting encrypted columns too).
        m2 = Member.get_by_id(row.id)
        values = [str(getattr(m2, f.name)) for f in Member._meta.sorted_fields]
        flows = [str(getattr(f, col.name)) for f in SignupFlow.select().where(SignupFlow.member == row.id)
                 for col in SignupFlow._meta.sorted_fields]
        tables = {}
        p = raw.param  # "?" on SQLite, "%s" on PostgreSQL
        for table in raw.get_tables():
            cols = [c.name for c in raw.get_columns(table)]
            if "member_id" in cols:
                tables[table] = raw.execute_sql(f'select * from "{table}" where member_id = {p}', (row.id,)).fetchall()
        codes = raw.execute_sql(f"select * from one_time_code where subject = {p}", (f"member:{row.id}",)).fetchall()
        assert LoginSession.select().where(LoginSession.member == row.id).count() == 0
        assert member_by_rrn(rrn) is None  # the person may join again
        kept = AuditEvent.select().where(AuditEvent.member == row.id).count()
    everything = " ".join(values + flows + [repr(r) for rows in tables.values() for r in rows] + [repr(codes)])
    for secret in (rrn, rrn[:6] + "-" + rrn[6:], NAME, MOBILE, "01022223333", "010-7777-8888", "02-555-1234",
                   "101동 202호", "tester@example.com"):
        assert secret not in everything, secret
    assert m2.status == "withdrawn" and m2.user_id == "tester01" and m2.name == "탈퇴회원"
    assert kept > 0  # access records stay for the retention period
    r = login(app.test_client())
    assert r.status_code == 422  # no login any more


def test_purge_keeps_access_records_two_years(app):
    runner = app.test_cli_runner()
    with db.connection_context():
        old = audit.record("login.success")
        AuditEvent.update(created_at=dt.datetime.now() - dt.timedelta(days=731)).where(AuditEvent.id == old.id).execute()
        recent = audit.record("login.success")
        AuditEvent.update(created_at=dt.datetime.now() - dt.timedelta(days=700)).where(
            AuditEvent.id == recent.id).execute()
    result = runner.invoke(args=["esop", "purge", "--days", "365"])
    assert result.exit_code != 0 and "at least 730" in result.output
    result = runner.invoke(args=["esop", "purge", "--dry-run"])
    assert result.exit_code == 0 and "would delete 1 audit records" in result.output
    result = runner.invoke(args=["esop", "purge"])
    assert result.exit_code == 0 and "deleted 1 audit records" in result.output, result.output
    with db.connection_context():
        assert AuditEvent.get_or_none(AuditEvent.id == old.id) is None
        assert AuditEvent.get_or_none(AuditEvent.id == recent.id) is not None
