"""What each step's template needs: forms (kept values after an error) and masked member data."""
from __future__ import annotations

import datetime as dt

from ..adapters.bank import BANKS
from ..models.media import accounts_of, active_card, active_otp, mask_account, spoken_account
from ..rules.phone import mask_phone
from ..rules.rrn import mask_rrn, spoken_mask
from . import channels, forms as F, media_checks
from .steps import SLOT_CHOICE_LEGENDS, SLOT_TITLES, current_slot, method_title, progress, registered_phones

METHOD_HINTS = {
    "sms": "등록된 휴대폰번호로 인증번호를 받습니다.",
    "ars": "등록된 전화번호로 ARS 전화승인",
    "onetime": "영업점에서 발급받은 1회용 인증번호를 입력합니다.",
    "otp": "보유하신 OTP단말기에 표시된 번호를 입력합니다.",
    "smart": "스마트폰 앱에서 스마트OTP 카드를 태깅하면 표시되는 번호를 입력합니다.",
    "card": "보안카드 일련번호와 보안카드번호를 입력합니다.",
    "transfer": "본인 명의 계좌로 1원을 보내 드리고, 입금자명에 적힌 숫자 6자리를 입력합니다. 보안카드의 숫자를 읽기 어려우시면 이 방법으로 인증하실 수 있습니다.",
}
PHONE_NAMES = {"mobile": "휴대폰", "home": "자택전화", "work": "직장전화"}


def spoken_phone(number: str) -> str:
    masked = mask_phone(number)
    return masked[:-4].rstrip("-") + ", 끝 4자리 가림"


def step_context(flow, method: str, forms: dict) -> dict:
    slot = current_slot(flow)
    ctx = {"progress": progress(flow), "slot": slot, "slot_title": SLOT_TITLES.get(slot["slot"], "") if slot else "",
           "method_title": method_title(method, flow.member), "forms": forms}
    member = flow.member
    # Manual 3-1 (비밀번호 등록): 고객명 and the masked 주민(사업자)등록번호 head every step.
    ctx.update(masked_rrn=mask_rrn(member.rrn), spoken_rrn=spoken_mask(member.rrn))
    otp = active_otp(member) if method in ("choose", "otp") else None
    if method == "choose":
        ctx["legend"] = SLOT_CHOICE_LEGENDS.get(slot["slot"], "인증 방법 선택")
        hint = lambda m: METHOD_HINTS.get("smart" if m == "otp" and otp and otp.kind == "smart" else m, "")  # noqa: E731
        ctx["options"] = [(m, method_title(m, member), hint(m)) for m in slot["methods"]]
        ctx["form"] = forms.get("choose") or F.ChooseForm(formdata=None, method=flow.chosen_methods().get(slot["slot"]))
    elif method == "account":
        ctx["accounts"] = [{"id": a.id, "masked": mask_account(a.number), "spoken": spoken_account(a.number),
                            "label": a.label, "primary": a.is_primary, "locked": a.locked}
                           for a in accounts_of(member)]
        form = forms.get("account") or F.AccountForm(formdata=None)
        if not form.account.data and ctx["accounts"]:
            form.account.data = str(ctx["accounts"][0]["id"])
        ctx["form"] = form
    elif method == "sms":
        ctx.update(challenge=channels.sms_challenge(flow), masked_mobile=mask_phone(member.mobile),
                   spoken_mobile=spoken_phone(member.mobile), sent=bool(forms.get("sent")),
                   send_error=forms.get("send_error"), form=forms.get("sms") or F.CodeForm(formdata=None))
    elif method == "ars":
        state = flow.state_of("ars")
        ctx.update(ars=state if state.get("result") == "pending" else None,
                   ars_expires=dt.datetime.fromtimestamp(state["expires"]) if state else None,
                   phones=[{"key": k, "name": PHONE_NAMES[k], "masked": mask_phone(n), "spoken": spoken_phone(n)}
                           for k, n in registered_phones(member)],
                   form=forms.get("ars") or F.ArsForm(formdata=None))
        if not ctx["form"].phone.data and ctx["phones"]:
            ctx["form"].phone.data = (state or {}).get("phone_key") or ctx["phones"][0]["key"]
    elif method == "onetime":
        ctx["form"] = forms.get("onetime") or F.OneTimeForm(formdata=None)
    elif method == "otp":
        ctx.update(serial_tail=otp.serial[-4:] if otp else "", digits=otp.digits if otp else 6,
                   smart=bool(otp and otp.kind == "smart"), form=forms.get("otp") or F.OtpForm(formdata=None))
    elif method == "card":
        card = active_card(member)
        challenge = media_checks.card_challenge(flow) if card else None
        form = forms.get("card") or F.CardForm(formdata=None)
        if challenge:
            halves = media_checks.HALVES
            form.first.label.text = f"{challenge['first']} 번째 암호 중 {halves[challenge['first_half']]}"
            form.second.label.text = f"{challenge['second']} 번째 암호 중 {halves[challenge['second_half']]}"
        ctx.update(challenge=challenge, form=form)
    elif method == "transfer":
        ctx.update(banks=BANKS, challenge=channels.transfer_challenge(flow), sent=bool(forms.get("sent")),
                   form=forms.get("transfer") or F.TransferForm(formdata=None),
                   code_form=forms.get("transfer_code") or F.TransferCodeForm(formdata=None))
    elif method == "complete":
        ctx["return_to"] = flow.return_to
    return ctx
