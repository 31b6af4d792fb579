"""Real-name check (name + RRN) at a credit bureau; sandbox answers by its console switch."""
from __future__ import annotations

from abc import ABC, abstractmethod

from . import ProviderError


class RealNameVerifier(ABC):
    @abstractmethod
    def verify(self, name: str, rrn_digits: str) -> bool:
        """True when the bureau says the name belongs to the RRN."""
        ...


class SandboxRealName(RealNameVerifier):
    def verify(self, name, rrn_digits):
        from ..models.sandbox import switch_on
        if switch_on("provider_timeout"):
            raise ProviderError("실명확인 기관의 응답이 지연되고 있습니다. 잠시 후 다시 시도해 주십시오.")
        return not switch_on("realname_mismatch")


class UnconfiguredRealName(RealNameVerifier):
    def verify(self, name, rrn_digits):
        raise ProviderError("실명확인 기관이 설정되지 않았습니다. 고객센터로 문의해 주십시오.")
