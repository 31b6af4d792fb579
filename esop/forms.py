"""Form base and the field validators: validation on submit, Korean messages, values kept, errors
ordered for the summary.

Fields carry their rules (STYLE.md 18, alphagov/notifications-admin's `SMSCode` field and
`valid_phone_number()`): each validator below wraps one pure rule of esop/rules, says the rule's own
Korean message (or the screen's wording where the manual words it differently), and on success puts
the rule's clean value in `field.data`, so a view reads `form.x.data` after `form.validate_on_submit()`
and never re-checks. A failing validator stops that field's chain: one message per field."""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

from .rules import phone as phone_rule
from .rules.codes import check_numeric_code
from .rules.digits import normalize_digits
from .rules.email import check_email, normalize_email
from .rules.password import password_errors, policy_from
from .rules.rrn import MSG_FRONT, parse_rrn
from .rules.userid import check_user_id, normalize_user_id


class EsopForm(FlaskForm):
    """Adds `add_error` for service-level errors and `error_list` for the error summary."""

    # Field name → the id the summary links to, where the field is a group whose inputs carry
    # their own ids (a radio group's first radio): a link must land on an element that exists.
    error_anchors: dict[str, str] = {}

    def validate(self, extra_validators=None) -> bool:
        # A validator may put its message beside another field (Rrn: beside the front box, validated
        # before it); WTForms counts only each field's own errors, so count them all here.
        valid = super().validate(extra_validators)
        return valid and not any(field.errors for field in self)

    def add_error(self, field_name: str, message: str) -> None:
        field = getattr(self, field_name)
        field.errors = list(field.errors or []) + [message]

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs in form order, for the error summary's links."""
        out = []
        for field in self:
            if field.name == "csrf_token":
                continue
            for message in field.errors or []:
                out.append((self.error_anchors.get(field.name, field.id), message))
        return out


class Required:
    """Something typed (spaces do not count, unless `spaces_count`: a password may be spaces, and
    then its rules say what is wrong); the value kept as typed."""

    def __init__(self, message: str, spaces_count: bool = False):
        self.message, self.spaces_count = message, spaces_count

    def __call__(self, form, field) -> None:
        typed = field.data or ""
        if not (typed if self.spaces_count else typed.strip()):
            raise StopValidation(self.message)


class UserId:
    """rules.userid: the rule's own message; kept normalized (lowercase, half-width)."""

    def __call__(self, form, field) -> None:
        user_id = normalize_user_id(field.data)
        message = check_user_id(user_id)
        if message:
            raise StopValidation(message)
        field.data = user_id


class Email:
    """rules.email: the rule's own message; kept normalized."""

    def __call__(self, form, field) -> None:
        message = check_email(field.data)
        if message:
            raise StopValidation(message)
        field.data = normalize_email(field.data)


class Phone:
    """rules.phone.normalize_phone (a mobile number accepted too), kept as 02-123-4567; empty is fine
    unless `empty` (the screen's message for it) is given. `invalid`: the screen's message."""

    def __init__(self, invalid: str, empty: str | None = None):
        self.invalid, self.empty = invalid, empty

    def __call__(self, form, field) -> None:
        typed = " ".join((field.data or "").split())[:200]
        if not typed:
            if self.empty:
                raise StopValidation(self.empty)
            field.data = ""
            return
        number = phone_rule.normalize_phone(typed, allow_mobile=True)
        if number is None:
            raise StopValidation(self.invalid)
        field.data = number


class NumericCode:
    """rules.codes.check_numeric_code: a code of `min_len`..`max_len` digits ("123 456" and full-width
    digits accepted); `label` names it in the message."""

    def __init__(self, min_len: int, max_len: int | None = None, label: str = "인증번호"):
        self.min_len, self.max_len, self.label = min_len, max_len, label

    def __call__(self, form, field) -> None:
        digits, error = check_numeric_code(field.data or "", self.min_len, self.max_len, label=self.label)
        if error:
            raise StopValidation(error)
        field.data = digits


class Mobile:
    """rules.phone.normalize_mobile: a Korean mobile number, kept as 010-1234-5678. `message`: the
    screen's wording for an empty or wrong number, when it has one."""

    def __init__(self, message: str | None = None):
        self.message = message

    def __call__(self, form, field) -> None:
        number = phone_rule.normalize_mobile(field.data or "")
        if number is None:
            empty = not (field.data or "").strip()
            raise StopValidation(self.message or (phone_rule.MSG_MOBILE_EMPTY if empty else phone_rule.MSG_MOBILE_INVALID))
        field.data = number


class Rrn:
    """rules.rrn.parse_rrn over the two boxes; on the back box (validated after the front one), the
    message beside whichever box is wrong. `message`: the screen's one wording for any bad number,
    beside the front box. `shape_only`: 6 and 7 digits are enough — where the number is only compared
    with a member's (본인확인), a date or check digit that cannot be right is a mismatch like any other."""

    def __init__(self, front: str = "rrn_front", message: str | None = None, shape_only: bool = False):
        self.front, self.message, self.shape_only = front, message, shape_only

    def __call__(self, form, field) -> None:
        front = form[self.front]
        if self.shape_only:
            digits = normalize_digits(front.data or ""), normalize_digits(field.data or "")
            error = None if [len(d) for d in digits] == [6, 7] and "".join(digits).isascii() \
                and "".join(digits).isdigit() else MSG_FRONT
            field_name, cleaned = "front", digits
        else:
            result = parse_rrn(front.data or "", field.data or "")
            error, field_name = result.error, result.field
            cleaned = (result.digits[:6], result.digits[6:]) if result.ok else None
        if error is None:
            front.data, field.data = cleaned
            return
        if self.message or field_name == "front":
            front.errors.append(self.message or error)
            raise StopValidation()
        raise StopValidation(error)


class NewPassword:
    """rules.password under the configured policy: every failing rule beside the field, or one
    sentence `lead` + the rules joined where the screen words it so. The rules compare against
    `form.rule_user_id` (the member's ID, set by the view) when there is one."""

    def __init__(self, lead: str | None = None):
        self.lead = lead

    def __call__(self, form, field) -> None:
        errors = password_errors(field.data or "", getattr(form, "rule_user_id", ""),
                                 policy_from(current_app.config))
        if errors and self.lead:
            raise StopValidation(self.lead + ", ".join(errors))
        if errors:
            field.errors.extend(errors[:-1])
            raise StopValidation(errors[-1])


class BirthDate:
    """A birth date typed as 8 digits (YYYYMMDD), a real date not in the future; kept as the digits."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field) -> None:
        digits = normalize_digits(field.data or "")
        try:
            birth = dt.datetime.strptime(digits, "%Y%m%d").date() if len(digits) == 8 else None
        except ValueError:
            birth = None
        if birth is None or birth > dt.date.today():
            raise StopValidation(self.message)
        field.data = digits


class Digits:
    """rules.digits: exactly `size` digits once separators are dropped (a number typed in one box)."""

    def __init__(self, size: int, message: str):
        self.size, self.message = size, message

    def __call__(self, form, field) -> None:
        digits = normalize_digits(field.data or "")
        if len(digits) != self.size or not digits.isascii() or not digits.isdigit():
            raise StopValidation(self.message)
        field.data = digits
