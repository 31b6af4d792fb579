"""계좌이체인증 (1원 이체): one won to the member's account at another bank, a code in the memo.
The sandbox records the transfer for the sandbox console instead of moving money."""
from __future__ import annotations

import secrets
from abc import ABC, abstractmethod

from . import ProviderError

# Banks a member can name (the 1-won transfer networks of Korean banks).
BANKS = ("KB국민은행", "신한은행", "우리은행", "하나은행", "NH농협은행", "IBK기업은행", "SC제일은행",
         "한국씨티은행", "KDB산업은행", "수협은행", "iM뱅크(대구은행)", "부산은행", "경남은행", "광주은행",
         "전북은행", "제주은행", "카카오뱅크", "케이뱅크", "토스뱅크", "우체국", "새마을금고", "신협")


class OneWonTransfer(ABC):
    @abstractmethod
    def send(self, *, bank: str, account: str, holder: str, memo: str) -> str:
        """Transfer 1 won with `memo` shown to the holder; returns the bank's reference."""


class SandboxOneWonTransfer(OneWonTransfer):
    def send(self, *, bank, account, holder, memo):
        from ..models.sandbox import switch_on
        from ..models.sandbox_verify import SandboxTransfer
        if switch_on("provider_timeout"):
            raise ProviderError("은행의 응답이 지연되고 있습니다. 잠시 후 다시 시도해 주십시오.")
        from ..rules.digits import mask_typed_account   # the digits the bank got, not regrouped as ours
        reference = "trf-" + secrets.token_hex(8)
        SandboxTransfer.create(reference=reference, bank=bank, account=mask_typed_account(account),
                               holder=holder, memo=memo)
        return reference


class UnconfiguredOneWonTransfer(OneWonTransfer):
    def send(self, **kwargs):
        raise ProviderError("계좌이체인증(1원 이체) 기관이 설정되지 않았습니다. 고객센터(1544-8333)로 문의해 주십시오.")
