"""Real providers by configuration (SPEC: "Production wires real adapters by configuration"):
ESOP_ADAPTER_<SLOT>=module:factory replaces the sandbox or Unconfigured adapter of that slot, and a
wrong setting stops the start with a message naming it."""
from __future__ import annotations

import pytest

from esop.adapters.plugins import SLOTS, AdapterConfigError, variable
from esop.config import ConfigError
from fake_providers import StrictBureau, SeoulOnly
from signup_steps import do_consent, do_realname, do_terms


def test_a_plugged_bureau_answers_the_real_name_check(make_app):
    app = make_app(env={variable("realname"): "fake_providers:bureau", variable("geoip"): "fake_providers:geoip"})
    adapters = app.extensions["esop"]
    assert isinstance(adapters.realname, StrictBureau) and isinstance(adapters.geoip, SeoulOnly)
    assert type(adapters.sms).__name__ == "SandboxSms"          # unset slots keep the sandbox
    client = app.test_client()
    StrictBureau.asked.clear()
    do_terms(client)
    do_consent(client)
    r = do_realname(client, name="이순신")
    assert r.status_code == 422 and "입력하신 이름과 주민등록번호가 일치하지 않습니다" in r.get_data(as_text=True)
    assert StrictBureau.asked and StrictBureau.asked[-1][0] == "이순신"


@pytest.mark.parametrize("setting,expected", [
    ("fake_providers:no_such_factory", "cannot import"),
    ("no_such_package.module:factory", "cannot import"),
    ("fake_providers:not_an_adapter", "not an RealNameVerifier"),
])
def test_a_wrong_setting_stops_the_start_naming_the_variable(make_app, setting, expected):
    with pytest.raises(AdapterConfigError) as e:
        make_app(env={variable("realname"): setting})
    assert "ESOP_ADAPTER_REALNAME" in str(e.value) and expected in str(e.value)


def test_an_unknown_slot_is_refused_with_the_known_ones(make_app):
    with pytest.raises(ConfigError) as e:
        make_app(env={"ESOP_ADAPTER_REAL_NAME": "fake_providers:bureau"})
    assert "ESOP_ADAPTER_REAL_NAME: no such adapter slot" in str(e.value)
    assert all(variable(slot) in str(e.value) for slot in SLOTS)


def test_a_real_provider_in_every_slot_drives_signup_verification_and_the_certificate_center(make_app):
    """Issue 13: every slot plugged with a non-sandbox provider (tests/unit/fake_providers.py), whose
    codes and texts live in the provider, not in esop's sandbox tables: the flows still show their
    code fields and accept the provider's codes."""
    import fake_providers
    from cert_helpers import birth_of, csrf, issue
    from signup_steps import new_rrn, post
    from verify_steps import demo, start_flow
    env = {variable(slot): f"fake_providers:{factory}" for slot, factory in fake_providers.FACTORIES.items()}
    assert set(fake_providers.FACTORIES) == set(SLOTS)
    app = make_app(env=env)
    plugged = app.extensions["esop"]
    assert type(plugged.phone_identity).__name__ == "Pass" and type(plugged.certcloud["joint"]).__name__ == "VendorCloud"
    assert type(plugged.holdings).__name__ == "UnionLedger"
    fake_providers.OUTBOX.clear()

    # 2-3 본인인증 by the carrier's PASS: the code field appears, the carrier's code confirms.
    client = app.test_client()
    do_terms(client)
    do_consent(client)
    assert "실명이 확인되었습니다" in do_realname(client).get_data(as_text=True)
    r = post(client, "/signup/identity/send", {"carrier": "SKT", "mobile": "010-2345-6789"}, page="/signup/realname")
    assert r.status_code == 200 and 'name="code"' in r.get_data(as_text=True)
    r = post(client, "/signup/identity/confirm", {"code": fake_providers.sent_code("010-2345-6789")},
             page="/signup/realname")
    assert r.status_code == 302 and r.headers["Location"].endswith("/signup/profile")

    # 추가인증: SMS through the gateway, ARS through the switchboard.
    demo(app)
    client = app.test_client()
    start_flow(app, client, "hong1234", account=False, identity=("sms",), medium=False)
    from verify_steps import post as vpost
    vpost(client, "/verify/test/sms/send", {})
    r = vpost(client, "/verify/test/sms/confirm", {"code": fake_providers.sent_code("010-4784-1234")})
    assert r.status_code == 302 and r.headers["Location"] == "/done-here"

    # 인증센터: the financial cloud's 확인코드 and the joint cloud's device check, by the vendors.
    rrn, phone = new_rrn("vendor"), "010-5555-0101"
    for kind in ("financial", "joint"):
        issue(app, cloud=kind, rrn=rrn, phone=phone)
        client = app.test_client()
        base = f"/certcenter/cloud/{kind}/login/"
        token = csrf(client.get(base).get_data(as_text=True))
        page = client.post(base + "info", data={"csrf_token": token, "name": "김한국", "birth": birth_of(rrn),
                                                "phone": phone}).get_data(as_text=True)
        assert fake_providers.OUTBOX[-1]["by"] == f"cloud-{kind}" and fake_providers.OUTBOX[-1]["to"] == phone
        if kind == "financial":
            page = client.post(base + "code", data={"csrf_token": token, "code": fake_providers.sent_code(phone)})
            assert "클라우드에 연결되었습니다" in page.get_data(as_text=True)
        else:
            assert 'id="device-number"' in page
