"""Sign-up rules over the server-side flow. No Flask request here: views pass values in."""
from __future__ import annotations

import datetime as dt
import json

from peewee import IntegrityError

from .. import codes, flowengine, limits
from ..adapters import ProviderError
from ..db import db, write_transaction
from ..models import audit, consent
from ..models.flow import SIGNUP, SignupFlow
from ..models.member import Member, member_by_rrn, rrn_index
from ..models.union import union_for_rrn
from ..results import FieldError
from ..rules.rrn import parse_rrn
from ..security import passwords


def advance(flow: SignupFlow, to: str) -> bool:
    """Move forward only; revisiting an earlier step never loses later progress (the engine's rule)."""
    return flowengine.advance(SIGNUP, flow, to)


def key_of(flow: SignupFlow) -> str:
    return flow.key_hash


# 2-1 약관동의 -----------------------------------------------------------------------------

def agree_terms(flow: SignupFlow, agreed: dict[str, bool]) -> None:
    missing = [slug for slug in consent.TERMS if not agreed.get(slug)]
    if missing:
        raise FieldError(missing[0], "약관 내용을 확인하신 후 '동의함'에 체크해 주십시오.")
    with db.atomic():
        for slug in consent.TERMS:
            # The full text is on the page itself, so it was shown in full.
            consent.record_answers(key_of(flow), consent.current(slug), {"agree": True}, viewed=True)
        advance(flow, "consent")


# 2-2 개인정보 수집·이용·제공 동의 --------------------------------------------------------------

def record_full_text_view(flow: SignupFlow, slug: str) -> consent.Document:
    doc = consent.current(slug)
    viewed = flow.viewed_slugs() | {slug}
    flow.viewed = json.dumps(sorted(viewed))
    SignupFlow.update(viewed=flow.viewed).where(SignupFlow.id == flow.id).execute()
    return doc


# Manual 2-2: "동의서 전문보기를 누르셔야 각 항목을 동의하실 수 있습니다." — said by the server on 확인 and
# by app.js beside an item ticked before its document's 전문보기.
NEEDS_VIEW = {
    "credit-info-consent": "동의서 전문보기를 누르셔야 각 항목을 동의하실 수 있습니다. "
                           "[필수] 동의서의 전문보기를 먼저 눌러 주십시오.",
    "marketing-consent": "동의서 전문보기를 누르셔야 각 항목을 동의하실 수 있습니다. "
                         "상품서비스 안내 동의서의 전문보기를 먼저 눌러 주십시오.",
}


def keep_consent_answers(flow: SignupFlow, answers: dict) -> None:
    """2-2's answers as last sent stay in the flow, so 전문보기 (without JS a page of its own) and 이전
    from 2-3 bring them back (issue 16). Consent answers are no secret; they are not the consent itself,
    which only submit_consent records."""
    flow.consent_answers = json.dumps(answers, ensure_ascii=False)
    SignupFlow.update(consent_answers=flow.consent_answers).where(SignupFlow.id == flow.id).execute()


def submit_consent(flow: SignupFlow, items: dict[str, bool | None], marketing: bool | None,
                   channels: set[str]) -> list[tuple[str, str]]:
    """Validate and record 2-2; returns [(field, message)] errors, empty when accepted."""
    errors = []
    viewed = flow.viewed_slugs()
    wants_any = any(items.values()) or marketing
    for key, label in consent.CREDIT_ITEMS:
        if items.get(key) is None:
            errors.append((key, f"{label}를 선택해 주십시오."))
        elif not items[key]:
            errors.append((key, "필수항목에 동의하셔야 회원가입을 진행하실 수 있습니다."))
    if "credit-info-consent" not in viewed and any(items.values()):
        errors.insert(0, ("view_credit", NEEDS_VIEW["credit-info-consent"]))
    if marketing and "marketing-consent" not in viewed:
        errors.append(("marketing", NEEDS_VIEW["marketing-consent"]))
    if marketing and not channels:
        errors.append(("channels", "상품 서비스 안내수단을 하나 이상 선택해 주십시오."))
    if errors or not wants_any:
        return errors
    with db.atomic():
        consent.record_answers(key_of(flow), consent.current("credit-info-consent"),
                               {k: True for k, _ in consent.CREDIT_ITEMS}, viewed=True)
        answers = {"agree": bool(marketing)}
        answers.update({f"channel:{c}": bool(marketing) and c in channels for c, _ in consent.MARKETING_CHANNELS})
        consent.record_answers(key_of(flow), consent.current("marketing-consent"), answers,
                               viewed="marketing-consent" in viewed)
        advance(flow, "realname")
    return []


# 2-3 실명확인 · 본인인증 -------------------------------------------------------------------

def verify_realname(name: str, front: str, back: str, verifier):
    """실명확인 at the bureau (2-3, and 아이디 찾기): (the name as checked, the parsed RRN), or FieldError.
    Says nothing about membership."""
    name = " ".join(name.split())
    if not name:
        raise FieldError("name", "이름을 입력해 주십시오.")
    if len(name) > 40:
        raise FieldError("name", "이름은 40자 이내로 입력해 주십시오.")
    result = parse_rrn(front, back)
    if not result.ok:
        raise FieldError("rrn_" + (result.field or "front"), result.error)
    # Per RRN: guessing which name goes with a number must not be cheap, whatever the IP.
    per_rrn = {"realname.rrn": rrn_index(result.digits)}
    refused = limits.check(per_rrn, field="name")
    if refused:
        raise refused
    # The bureau first: only someone who knows the name that goes with the number may learn that it
    # belongs to a member; otherwise any RRN could be tested for membership (issue 13).
    try:
        matched = verifier.verify(name, result.digits)
    except ProviderError as exc:
        limits.release(per_rrn)   # only the bureau's answers count (issue 16): a time-out is not a guess
        raise FieldError("rrn_front", exc.message)
    if not matched:
        audit.record("signup.realname_mismatch")
        raise FieldError("name", "입력하신 이름과 주민등록번호가 일치하지 않습니다. "
                                "나이스평가정보 사이트에서 실명 등록 여부를 확인하시기 바랍니다.")
    return name, result


def check_realname(flow: SignupFlow, name: str, front: str, back: str, verifier) -> None:
    name, result = verify_realname(name, front, back, verifier)
    if member_by_rrn(result.digits) is not None:
        audit.record("signup.duplicate_rrn")
        raise FieldError("rrn_front", "이미 회원으로 가입된 주민등록번호입니다. 아이디로 로그인해 주십시오.")
    fields = dict(name=name, rrn=result.digits, rrn_index=rrn_index(result.digits), birth_date=result.birth_date,
                  sex=result.sex, foreigner="Y" if result.foreigner else "N", realname_at=dt.datetime.now(),
                  # A new real-name check starts the identity check over, and forgets a kept password
                  # (both were for the previous person).
                  identity_at=None, mobile="", carrier="", kept_password_hash=None, kept_password_for="")
    # Only this step's columns, in one statement, and never after the member was created: a whole-row
    # save would write back whatever this request read of the other steps (issue 13, identity swap).
    SignupFlow.update(**fields).where((SignupFlow.id == flow.id) & SignupFlow.member.is_null()).execute()
    for key, value in fields.items():
        setattr(flow, key, value)
    audit.record("signup.realname_ok", detail_provider="realname")


def _code_subject(flow: SignupFlow) -> str:
    return f"flow:{flow.id}"


def phone_challenge(flow: SignupFlow):
    """The open code of this flow for the person and number now in it (the code field shows by it,
    whichever provider sent the code)."""
    if not (flow.mobile and flow.rrn_index):
        return None
    return codes.challenge("signup.identity", subject=_code_subject(flow), person=flow.rrn_index, target=flow.mobile)


def send_carrier_code(flow, subject: str, carrier: str, mobile: str, verifier, ip: str):
    """The carrier's 본인인증 code (PASS) for this flow's person, through the code service (2-3, 2-4
    after a certificate, 아이디 찾기: `flow` is anything with name, birth_date, sex and rrn_index);
    FieldError beside the number."""
    def ask(bound_subject: str) -> dt.datetime:
        return verifier.request(subject=bound_subject, carrier=carrier, phone=mobile, name=flow.name,
                                birth_date=flow.birth_date, sex=flow.sex).expires_at
    try:
        return codes.send_by_provider("signup.identity", subject=subject, person=flow.rrn_index, to=mobile,
                                      ip=ip, request=ask)
    except FieldError as err:
        raise err.at("mobile") from err


def confirm_carrier_code(flow, subject: str, mobile: str, code: str, verifier, *, field: str) -> None:
    """The typed code, checked by the carrier for the person and number it was sent to; FieldError beside `field`."""
    try:
        result, _ = codes.confirm("signup.identity", subject=subject, person=flow.rrn_index, target=mobile,
                                  code=code, provider_check=lambda bound, typed: verifier.confirm(subject=bound,
                                                                                                  code=typed))
    except FieldError as err:
        raise err.at(field) from err
    if not result.ok:
        raise FieldError(field, codes.message("signup.identity", result))


def request_phone_code(flow: SignupFlow, carrier: str, mobile: str, verifier, *, ip: str):
    if flow.realname_at is None:
        raise FieldError("name", "먼저 실명확인을 해 주십시오.")

    row = send_carrier_code(flow, _code_subject(flow), carrier, mobile, verifier, ip)
    # The number is this flow's only while the person is the one the code was sent for.
    # A new code starts 본인인증 over: the number stands as verified only once its own code is confirmed.
    SignupFlow.update(carrier=carrier, mobile=mobile, identity_at=None).where(
        (SignupFlow.id == flow.id) & (SignupFlow.rrn_index == flow.rrn_index) & SignupFlow.member.is_null()).execute()
    flow.carrier, flow.mobile, flow.identity_at = carrier, mobile, None
    return row


def confirm_phone_code(flow: SignupFlow, code: str, verifier) -> None:
    if not flow.mobile:
        raise FieldError("code", "먼저 인증번호를 요청해 주십시오.")
    confirm_carrier_code(flow, _code_subject(flow), flow.mobile, code, verifier, field="code")
    # Compare-and-set: identity is done only for the person and number the code was issued for; a
    # 실명확인 of someone else that landed meanwhile leaves this UPDATE nothing to match.
    _mark_identity(flow, (SignupFlow.rrn_index == flow.rrn_index) & (SignupFlow.mobile == flow.mobile))


def confirm_identity_by_certificate(flow: SignupFlow) -> None:
    """The certificate's identity binding matched this flow's RRN (checked by the certificate center):
    identity is done only while that RRN is still the flow's. A certificate verifies no phone: a number
    requested but never confirmed is dropped, and 2-4 asks for one and its code."""
    _mark_identity(flow, SignupFlow.rrn_index == flow.rrn_index, carrier="", mobile="")


def _mark_identity(flow: SignupFlow, still_the_same, **fields) -> None:
    now = dt.datetime.now()
    won = SignupFlow.update(identity_at=now, **fields).where(
        (SignupFlow.id == flow.id) & SignupFlow.member.is_null() & still_the_same).execute()
    if not won:
        raise FieldError("code", "실명확인 정보가 바뀌었습니다. 실명확인과 본인인증을 다시 해 주십시오.")
    flow.identity_at = now
    for key, value in fields.items():
        setattr(flow, key, value)
    advance(flow, "profile")


# 2-4 휴대전화번호: the member's mobile is a number a code reached, never what a field holds (issue 13).

def verified_mobile(flow: SignupFlow) -> str:
    """The number 본인인증 verified (2-3), or 2-4's code did after a certificate; "" when none yet."""
    return flow.mobile if flow.identity_at else ""


def _mobile_subject(flow: SignupFlow, carrier: str, mobile: str) -> str:
    # The number is part of the subject: a code confirms only the number it was sent to.
    return f"flow:{flow.id}:mobile:{carrier}:{mobile}"


def request_mobile_code(flow: SignupFlow, carrier: str, mobile: str, verifier, *, ip: str):
    """2-4 after a certificate: the same carrier check and code as 2-3's 본인인증, through the code service."""
    if flow.identity_at is None:
        raise FieldError("mobile", "실명확인과 본인인증을 먼저 마쳐 주십시오.")
    return send_carrier_code(flow, _mobile_subject(flow, carrier, mobile), carrier, mobile, verifier, ip)


def confirm_mobile_code(flow: SignupFlow, carrier: str, mobile: str, code: str, verifier) -> None:
    confirm_carrier_code(flow, _mobile_subject(flow, carrier, mobile), mobile, code, verifier, field="mobile_code")
    # Only for the person the code was sent for, and never after the member was made.
    won = SignupFlow.update(carrier=carrier, mobile=mobile).where(
        (SignupFlow.id == flow.id) & (SignupFlow.rrn_index == flow.rrn_index) & SignupFlow.member.is_null()).execute()
    if not won:
        raise FieldError("mobile_code", "실명확인 정보가 바뀌었습니다. 실명확인과 본인인증을 다시 해 주십시오.")
    flow.carrier, flow.mobile = carrier, mobile


# 2-4 고객정보입력 → 2-5 가입완료 ------------------------------------------------------------

MOBILE_UNVERIFIED = "휴대전화번호 인증을 마쳐 주십시오. 번호를 입력하고 인증번호를 요청한 뒤, 받은 인증번호를 확인해 주십시오."

def save_draft(flow: SignupFlow, values: dict) -> None:
    safe = {k: v for k, v in values.items() if k not in {"password", "password_confirm", "csrf_token", "mobile_code"}}
    flow.draft = json.dumps(safe, ensure_ascii=False)
    SignupFlow.update(draft=flow.draft).where(SignupFlow.id == flow.id).execute()


def keep_password(flow: SignupFlow, password: str | None, user_id: str = "") -> None:
    """2-4 without JS (issue 17): a password that passed its rules and confirmation on a submit that failed
    elsewhere stays as the hash the member will have (hashed as create_member does), so it is not typed
    again; None forgets it. ASVS 2.4.1: only the argon2 hash is stored, never in cookies or the page."""
    hashed = passwords.hash_password(password) if password else None
    flow.kept_password_hash, flow.kept_password_for = hashed, user_id if hashed else ""
    SignupFlow.update(kept_password_hash=hashed, kept_password_for=flow.kept_password_for).where(
        SignupFlow.id == flow.id).execute()


def kept_password_for(flow: SignupFlow) -> str | None:
    """The ID the kept password was checked against, or None when none is kept."""
    return flow.kept_password_for if flow.kept_password_hash else None


def create_member(flow: SignupFlow, profile: dict, password: str | None) -> Member:
    """Member, encrypted RRN, consents and union membership in one transaction. `password` None: the
    one kept by keep_password (already the member's hash)."""
    if flow.identity_at is None or flow.rrn is None:
        raise FieldError("user_id", "실명확인과 본인인증을 먼저 마쳐 주십시오.")
    if not verified_mobile(flow):
        raise FieldError("mobile", MOBILE_UNVERIFIED)
    profile = {**profile, "mobile": verified_mobile(flow)}
    password_hash = passwords.hash_password(password) if password else flow.kept_password_hash
    if not password_hash:
        raise FieldError("password", "비밀번호를 입력해 주십시오.")
    try:
        with write_transaction():
            # The step moves first, conditionally: of two requests that raced past the step guard
            # (a double click) one wins; the other finds the member the first one made.
            if not flowengine.advance(SIGNUP, flow, "done", draft=None, kept_password_hash=None,
                                      kept_password_for=""):
                return SignupFlow.get_by_id(flow.id).member
            # Checked again inside the transaction; the unique indexes are the last word on races.
            if Member.select().where(Member.rrn_index == flow.rrn_index).exists():
                raise FieldError("user_id", "이미 회원으로 가입된 주민등록번호입니다. 아이디로 로그인해 주십시오.")
            member = Member.create(
                name=flow.name, rrn=flow.rrn, rrn_index=flow.rrn_index, sex=flow.sex,
                password_hash=password_hash, union=union_for_rrn(flow.rrn), **profile)
            consent.attach_to_member(key_of(flow), member)
            flow.member = member
            SignupFlow.update(member=member).where(SignupFlow.id == flow.id).execute()
            audit.record("signup.completed", member=member, subject=member.user_id)
    except IntegrityError:
        if Member.select().where(Member.rrn_index == flow.rrn_index).exists():
            raise FieldError("user_id", "이미 회원으로 가입된 주민등록번호입니다. 아이디로 로그인해 주십시오.")
        raise FieldError("user_id", "방금 다른 분이 이 아이디로 가입하셨습니다. 다른 아이디를 입력하고 중복확인을 해 주십시오.")
    return member
