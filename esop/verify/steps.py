"""The plan of a verification: ordered slots, each passed by one of its methods.

A consumer asks, e.g., for "deposit account + one of (SMS, ARS, one-time number) + security
medium (OTP or card, the card with a 1-won transfer beside it, or the transfer alone)" with `plan_for(member)`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models.media import accounts_of, active_card, active_otp
from ..models.member import Member

METHOD_TITLES = {
    "account": "예수금 계좌 인증",
    "sms": "휴대폰 SMS 인증",
    "ars": "2채널 인증(ARS승인)",
    "onetime": "1회용 인증번호 인증",
    "otp": "OTP",
    "card": "보안카드",
    "transfer": "계좌이체인증(1원 이체)",
}
OTP_TITLES = {"otp": "OTP", "smart": "스마트OTP"}


def method_title(method: str, member: Member | None = None) -> str:
    """The method's name as the member knows it: their OTP is an OTP단말기 or a 스마트OTP."""
    if method == "otp" and member is not None:
        device = active_otp(member)
        return OTP_TITLES.get(device.kind if device else "otp", "OTP")
    return METHOD_TITLES.get(method, "")


SLOT_TITLES = {"account": "예수금 계좌 인증", "identity": "본인확인 추가인증", "medium": "보안확인 수단"}
# The legend of the choice between a slot's methods (manual 3-1: "본인확인 추가인증 선택").
SLOT_CHOICE_LEGENDS = {"identity": "본인확인 추가인증 선택", "medium": "보안확인 수단 선택"}
IDENTITY_METHODS = ("sms", "ars", "onetime")


@dataclass(frozen=True)
class Slot:
    name: str
    methods: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"slot": self.name, "methods": list(self.methods)}


def registered_phones(member: Member) -> list[tuple[str, str]]:
    """(key, number) of the numbers an ARS call may go to: mobile, home and work phones."""
    out = []
    for key, number in (("mobile", member.mobile), ("home", member.home_phone), ("work", member.work_phone)):
        if number:
            out.append((key, number))
    return out


def plan_for(member: Member, *, account: bool = True, identity: tuple[str, ...] = IDENTITY_METHODS,
             medium: bool = True, departed: bool = False) -> list[Slot]:
    """The slots this member can pass. The account slot only for members with deposit accounts
    (manual 3-2); the medium slot offers OTP/card when registered (a card alone with the 1-won transfer), else the transfer.
    `departed`: the immigration office confirmed a departure (manual 3-2, 해외 출국정보 조회 동의: "출국사실이
    확인되면 별도의 추가 본인인증 절차를 생략할 수 있습니다"), so the 본인확인 추가인증 slot is left out."""
    slots = []
    if account and accounts_of(member):
        slots.append(Slot("account", ("account",)))
    if identity and not departed:
        usable = tuple(m for m in identity
                       if (m != "sms" or member.mobile) and (m != "ars" or registered_phones(member)))
        if usable:
            slots.append(Slot("identity", usable))
    if medium:
        media = tuple(m for m, has in (("otp", active_otp(member)), ("card", active_card(member))) if has)
        if media == ("card",):
            # A security card is read off paper; a member who cannot read it (WCAG 3.3.8, issue 17) has
            # the 1-won transfer as well, which a screen reader reads from the bank's own app.
            media += ("transfer",)
        slots.append(Slot("medium", media or ("transfer",)))
    return slots


def current_slot(flow) -> dict | None:
    """The first slot not yet passed; later slots are unreachable until it is."""
    passed = flow.passed_slots()
    for slot in flow.plan_slots():
        if slot["slot"] not in passed:
            return slot
    return None


def slot_index(flow, method: str) -> int | None:
    for i, slot in enumerate(flow.plan_slots()):
        if method in slot["methods"]:
            return i
    return None


def progress(flow) -> list[dict]:
    """Each slot with its state for the step indicator: done | current | todo."""
    passed, current = flow.passed_slots(), current_slot(flow)
    out = []
    for slot in flow.plan_slots():
        name = slot["slot"]
        state = "done" if name in passed else ("current" if current and current["slot"] == name else "todo")
        out.append({"name": name, "title": SLOT_TITLES.get(name, name), "state": state,
                    "method": method_title(passed.get(name, {}).get("method", ""), flow.member)})
    return out
