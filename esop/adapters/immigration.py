"""출국정보 조회: the departure record at the immigration office (through 코스콤 in practice)."""
from __future__ import annotations

from abc import ABC, abstractmethod

from . import ProviderError


class DepartureRecords(ABC):
    @abstractmethod
    def departed(self, name: str, rrn_digits: str) -> bool:
        """True when the person is recorded as having left Korea and not yet returned."""


class SandboxDepartureRecords(DepartureRecords):
    """'Departed' exactly when the console's 'departure record' switch is on."""

    def departed(self, name, rrn_digits):
        from ..models.sandbox import switch_on
        if switch_on("provider_timeout"):
            raise ProviderError("출국정보 조회 기관의 응답이 지연되고 있습니다. 잠시 후 다시 시도해 주십시오.")
        return switch_on("departure_record")


class UnconfiguredDepartureRecords(DepartureRecords):
    def departed(self, name, rrn_digits):
        raise ProviderError("출국정보 조회 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")
