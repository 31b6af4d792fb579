"""2-4 고객정보입력: the screen's own validators (ProfileForm carries them; the rules of esop/rules are
wrapped in esop/forms.py) and the member's profile built from the validated form."""
from __future__ import annotations

from wtforms.validators import StopValidation

from ..lookup.jobs import current_revision, tree as job_tree

ADDRESS_TARGETS = (("home", "거주주소"), ("work", "직장주소"), ("other", "별도거주소"))
TEXT_LIMIT = 100
JOB_MESSAGE = "직업검색에서 대분류, 중분류, 소분류를 차례로 선택해 주십시오."


def clean(value) -> str:
    return " ".join(str(value or "").split())[:200]


class EnglishName:
    """Capital letters, spaces and hyphens (여권 영문명); kept uppercased."""

    def __call__(self, form, field) -> None:
        english = clean(field.data).upper()
        if english and not all(c.isascii() and (c.isalpha() or c in " -") for c in english):
            raise StopValidation("영문명은 영문 대문자와 공백으로 입력해 주십시오. (예: HONG GILDONG)")
        field.data = english[:60]


class KeptPassword:
    """Before the password's and its confirmation's own rules: both left empty while a password is kept
    for the ID typed (service.keep_password, issue 17) need nothing; a kept one checked against another
    ID ('아이디 포함 불가') no longer stands, and the password box says so."""

    def __call__(self, form, field) -> None:
        if form.password.data or form.password_confirm.data or form.kept_password_for is None:
            return
        if form.kept_password_for == form.rule_user_id:
            raise StopValidation()   # no message: the kept password stands
        if field is form.password:
            raise StopValidation("아이디가 바뀌어 비밀번호를 다시 확인해야 합니다. 비밀번호를 입력해 주십시오.")


class Confirms:
    """The confirmation box: typed, and the same as `other` once that is typed (the password's own
    message says when it is missing)."""

    def __init__(self, other: str, empty: str, differs: str):
        self.other, self.empty, self.differs = other, empty, differs

    def __call__(self, form, field) -> None:
        if not field.data:
            raise StopValidation(self.empty)
        if form[self.other].data and field.data != form[self.other].data:
            raise StopValidation(self.differs)


def address_given(form, prefix: str) -> bool:
    return any(clean(form[f"{prefix}_{part}"].data) for part in ("postcode", "address", "address_detail"))


class Address:
    """One box of an address target: required for 거주주소 always and for 직장주소 when mail goes
    there (the message beside the 우편번호); once any box of a target is typed, each box its own check."""

    def __init__(self, prefix: str, label: str, box: str):
        self.prefix, self.label, self.box = prefix, label, box

    def _required(self, form) -> bool:
        return self.prefix == "home" or (self.prefix == "work" and form.mail_to.data == "work")

    def __call__(self, form, field) -> None:
        value = clean(field.data)
        if not address_given(form, self.prefix):
            if self.box == "postcode" and self._required(form):
                raise StopValidation(f"{self.label}를 우편번호 검색으로 입력해 주십시오.")
            return
        if self.box == "postcode" and not (value.isdigit() and len(value) == 5):
            raise StopValidation(f"{self.label}의 우편번호는 5자리 숫자입니다. 우편번호 검색을 이용해 주십시오.")
        if self.box == "address" and not value:
            raise StopValidation(f"{self.label}의 도로명주소를 우편번호 검색으로 입력해 주십시오.")
        if self.box == "address_detail" and len(value) > TEXT_LIMIT:
            raise StopValidation(f"{self.label}의 상세주소는 {TEXT_LIMIT}자 이내로 입력해 주십시오.")
        field.data = value


class Job:
    """직업검색 (KSCO), on each of its three selects: the minor code under the chosen middle one, else
    the message beside the first level not chosen (the minor select when all three were)."""

    def __call__(self, form, field) -> None:
        minor = clean(form.job_minor.data)
        if getattr(form, "keeps_job", False) and not (form.job_major.data or form.job_mid.data or minor):
            return  # 고객정보 변경: a code of an older revision stays unless a new one is chosen
        if job_tree().is_minor(minor) and minor.startswith(clean(form.job_mid.data) or "-"):
            if field is form.job_minor:
                field.data = minor
            return
        at = form.job_major if not form.job_major.data else form.job_mid if not form.job_mid.data else form.job_minor
        if field is at:
            raise StopValidation(JOB_MESSAGE)


class Limited:
    """Free text up to TEXT_LIMIT characters; kept with its spaces tidied."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, form, field) -> None:
        value = clean(field.data)
        if len(value) > TEXT_LIMIT:
            raise StopValidation(f"{self.label}은(는) {TEXT_LIMIT}자 이내로 입력해 주십시오.")
        field.data = value


def member_fields(form) -> dict:
    """The member's profile from a validated ProfileForm (or 고객정보 변경's form, without the
    sign-up-only fields). An address target left empty is left out."""
    out = {"english_name": form.english_name.data, "nationality": clean(form.nationality.data) or "대한민국",
           "mail_to": form.mail_to.data, "home_phone": form.home_phone.data, "work_phone": form.work_phone.data,
           "email": form.email.data, "job_code": form.job_minor.data, "job_revision": current_revision(),
           **{name: form[name].data == "y" for name in ("mail_ok", "email_ok", "sms_ok")},
           **{name: form[name].data[:TEXT_LIMIT] for name in ("company", "department", "position")}}
    if "user_id" in form:
        out["user_id"] = form.user_id.data
    for prefix, _ in ADDRESS_TARGETS:
        if address_given(form, prefix):
            out.update({f"{prefix}_{box}": clean(form[f"{prefix}_{box}"].data)
                        for box in ("postcode", "address", "address_jibun", "address_detail")})
    return out
