"""A bank's own provider package in miniature, for tests/unit/test_adapter_plugins.py: factories that
ESOP_ADAPTER_* settings name."""
from __future__ import annotations

from esop.adapters.geoip import GeoIp
from esop.adapters.realname import RealNameVerifier


class StrictBureau(RealNameVerifier):
    """Answers 'not the same person' for every name except one, and remembers what it was asked."""
    asked: list[tuple[str, str]] = []

    def __init__(self, config):
        self.timeout = config.get("OCSP_TIMEOUT")   # a real one would read its own settings here

    def verify(self, name, rrn_digits):
        StrictBureau.asked.append((name, rrn_digits[:6]))
        return name == "김한국"


def bureau(config):
    return StrictBureau(config)


def not_an_adapter(config):
    return object()


class SeoulOnly(GeoIp):
    def country(self, ip):
        return "KR"


def geoip(config):
    return SeoulOnly()
