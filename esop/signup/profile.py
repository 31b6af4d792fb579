"""2-4 고객정보입력: check every field with the pure rules and build the member's profile."""
from __future__ import annotations

from ..rules import ksco
from ..rules.email import check_email, normalize_email
from ..rules.password import PasswordPolicy, password_errors
from ..rules.phone import normalize_phone
from ..rules.userid import check_user_id, normalize_user_id

ADDRESS_TARGETS = (("home", "거주주소"), ("work", "직장주소"), ("other", "별도거주소"))
TEXT_LIMIT = 100


def _clean(value) -> str:
    return " ".join(str(value or "").split())[:200]


def _address(values, prefix, label, required, errors, out):
    postcode, road = _clean(values.get(f"{prefix}_postcode")), _clean(values.get(f"{prefix}_address"))
    detail = _clean(values.get(f"{prefix}_address_detail"))
    if not (postcode or road or detail):
        if required:
            errors.append((f"{prefix}_postcode", f"{label}를 우편번호 검색으로 입력해 주십시오."))
        return
    if not (postcode.isdigit() and len(postcode) == 5):
        errors.append((f"{prefix}_postcode", f"{label}의 우편번호는 5자리 숫자입니다. 우편번호 검색을 이용해 주십시오."))
    if not road:
        errors.append((f"{prefix}_address", f"{label}의 도로명주소를 우편번호 검색으로 입력해 주십시오."))
    if len(detail) > TEXT_LIMIT:
        errors.append((f"{prefix}_address_detail", f"{label}의 상세주소는 {TEXT_LIMIT}자 이내로 입력해 주십시오."))
    out.update({f"{prefix}_postcode": postcode, f"{prefix}_address": road,
                f"{prefix}_address_detail": detail,
                f"{prefix}_address_jibun": _clean(values.get(f"{prefix}_address_jibun"))})


def validate_profile(values: dict, policy: PasswordPolicy) -> tuple[dict, list[tuple[str, str]]]:
    """Returns (member fields, [(field, message)]) — every error at once, in form order. The mobile is
    not among them: it is the number a code verified (service.verified_mobile), never a typed field."""
    errors: list[tuple[str, str]] = []
    out: dict = {}
    english = _clean(values.get("english_name")).upper()
    if english and not all(c.isascii() and (c.isalpha() or c in " -") for c in english):
        errors.append(("english_name", "영문명은 영문 대문자와 공백으로 입력해 주십시오. (예: HONG GILDONG)"))
    out["english_name"] = english[:60]
    out["nationality"] = _clean(values.get("nationality")) or "대한민국"

    user_id = normalize_user_id(values.get("user_id"))
    message = check_user_id(user_id)
    if message:
        errors.append(("user_id", message))
    out["user_id"] = user_id

    password, confirm = values.get("password") or "", values.get("password_confirm") or ""
    if not password:
        errors.append(("password", "비밀번호를 입력해 주십시오."))
    else:
        failed = password_errors(password, user_id=user_id, policy=policy)
        if failed:
            errors.append(("password", "비밀번호 규칙에 맞지 않습니다: " + ", ".join(failed)))
    if not confirm:
        errors.append(("password_confirm", "비밀번호 확인을 입력해 주십시오."))
    elif password and confirm != password:
        errors.append(("password_confirm", "비밀번호와 비밀번호 확인이 일치하지 않습니다."))

    mail_to = values.get("mail_to")
    if mail_to not in ("home", "work"):
        errors.append(("mail_to", "우편물 수령지를 선택해 주십시오."))
    out["mail_to"] = mail_to or "home"
    for prefix, label in ADDRESS_TARGETS:
        required = prefix == "home" or (prefix == "work" and mail_to == "work")
        _address(values, prefix, label, required, errors, out)

    for field, label, required in (("home_phone", "지역전화번호", True), ("work_phone", "직장전화번호", False)):
        raw = _clean(values.get(field))
        if not raw:
            if required:
                errors.append((field, f"{label}를 입력해 주십시오. 지역전화번호가 없으시면 통화가 가능한 다른 전화번호를 입력해 주십시오."))
            out[field] = ""
            continue
        phone = normalize_phone(raw, allow_mobile=True)
        if phone is None:
            errors.append((field, f"{label}가 올바르지 않습니다. 지역번호를 포함해 입력해 주십시오. (예: 02-3770-8800)"))
        out[field] = phone or raw
    email_error = check_email(values.get("email"))
    if email_error:
        errors.append(("email", email_error))
    out["email"] = normalize_email(values.get("email")) if not email_error else _clean(values.get("email"))

    for field, label in (("mail_ok", "우편물 수신여부"), ("email_ok", "이메일 수신여부"), ("sms_ok", "SMS 수신여부")):
        answer = values.get(field)
        if answer not in ("y", "n"):
            errors.append((field, f"{label}를 선택해 주십시오."))
        out[field] = answer == "y"

    minor = _clean(values.get("job_minor"))
    if not ksco.is_minor(minor) or not minor.startswith(_clean(values.get("job_mid")) or "-"):
        errors.append(("job_major" if not values.get("job_major") else
                       "job_mid" if not values.get("job_mid") else "job_minor",
                       "직업검색에서 대분류, 중분류, 소분류를 차례로 선택해 주십시오."))
    out["job_code"] = minor
    for field, label in (("company", "직장명"), ("department", "근무부서"), ("position", "직위")):
        value = _clean(values.get(field))
        if len(value) > TEXT_LIMIT:
            errors.append((field, f"{label}은(는) {TEXT_LIMIT}자 이내로 입력해 주십시오."))
        out[field] = value[:TEXT_LIMIT]
    return out, errors
