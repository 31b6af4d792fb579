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
