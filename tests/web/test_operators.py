"""Operator commands and the sandbox console's switches."""
from __future__ import annotations

from esop.db import db
from esop.models.union import RosterEntry, Union, union_for_rrn
from signup_steps import new_rrn


def test_load_roster_replaces_and_never_echoes_rrns(app, tmp_path):
    a, b = new_rrn("r1"), new_rrn("r2")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text(f"성명,주민등록번호,사번\n김하나,{a[:6]}-{a[6:]},E01\n이둘,{b},E02\n박셋,9913011234567,E03\n",
                        encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["esop", "load-roster", "미래조합", str(csv_file)])
    assert result.exit_code == 0 and "2 members loaded, 1 lines skipped" in result.output
    assert "9913011234567" not in result.output
    with db.connection_context():
        assert union_for_rrn(a).name == "미래조합"
        raw = b"".join(str(v).encode() for row in RosterEntry.select().tuples() for v in row)
        assert a.encode() not in raw
    csv_file.write_text(f"김하나,{a}\n", encoding="utf-8")
    runner.invoke(args=["esop", "load-roster", "미래조합", str(csv_file)])
    with db.connection_context():
        union = Union.get(Union.name == "미래조합")
        assert RosterEntry.select().where(RosterEntry.union == union).count() == 1
        assert union_for_rrn(b) is None


def test_unlock_command(app):
    from helpers import make_member
    from esop.models.member import Member
    member, _ = make_member()
    with db.connection_context():
        Member.update(failed_logins=5, locked_at=Member.created_at).execute()
    result = app.test_cli_runner().invoke(args=["esop", "unlock", "tester01"])
    assert result.exit_code == 0
    with db.connection_context():
        assert Member.get_by_id(member.id).locked_at is None
    assert app.test_cli_runner().invoke(args=["esop", "unlock", "nobody"]).exit_code != 0


def test_sandbox_console_lists_messages_and_switches(client):
    from helpers import page_csrf
    page = client.get("/sandbox/").get_data(as_text=True)
    assert "샌드박스 콘솔" in page and "실명확인 불일치" in page
    token = page_csrf(client, "/sandbox/")
    client.post("/sandbox/switches", data={"csrf_token": token, "realname_mismatch": "on"})
    assert 'name="realname_mismatch" value="on" checked' in client.get("/sandbox/").get_data(as_text=True)


def test_sandbox_is_absent_when_off(make_app):
    app = make_app(env={"ESOP_SANDBOX": "0"})
    client = app.test_client()
    assert client.get("/sandbox/").status_code == 404
    assert client.get("/sandbox/messages.json").status_code == 404
    assert "샌드박스 모드" not in client.get("/").get_data(as_text=True)
