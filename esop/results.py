"""The one shape of "this failed, on this field" (STYLE.md 16, warehouse's exceptions that carry data):
services raise FieldError; views put it on the form, where it shows beside the field and in the
error summary, and answer 429 with Retry-After when it carries a wait."""
from __future__ import annotations


class FieldError(Exception):
    """`field`: the form field the message belongs beside ("" until a caller names it: the code
    service and the named limits do not know the form). `retry_after`: seconds, set only when a
    named limit refused (the view answers 429 with Retry-After)."""

    def __init__(self, field: str, message: str, retry_after: int = 0):
        super().__init__(message)
        self.field, self.message, self.retry_after = field, message, retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}

    def at(self, field: str) -> "FieldError":
        """The same refusal, beside `field` (raise it `from` this one)."""
        return FieldError(field, self.message, self.retry_after)
