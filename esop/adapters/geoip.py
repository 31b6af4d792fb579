"""해외IP접속 check: where a request comes from (manual 3-2, 본인확인 → 해외 출국정보 조회 동의)."""
from __future__ import annotations

from abc import ABC, abstractmethod

from . import ProviderError


class GeoIp(ABC):
    @abstractmethod
    def country(self, ip: str) -> str:
        """ISO 3166 alpha-2 code of the address, e.g. 'KR'."""


class SandboxGeoIp(GeoIp):
    """Every address is in Korea unless the console's 'overseas access' switch is on (then: US)."""

    def country(self, ip):
        from ..models.sandbox import switch_on
        return "US" if switch_on("overseas_access") else "KR"


class UnconfiguredGeoIp(GeoIp):
    def country(self, ip):
        raise ProviderError("해외IP접속 확인 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")
