"""Form base: validation on submit, Korean messages, values kept, errors ordered for the summary."""
from __future__ import annotations

from flask_wtf import FlaskForm


class EsopForm(FlaskForm):
    """Adds `add_error` for service-level errors and `error_list` for the error summary."""

    # Field name → the id the summary links to, where the field is a group whose inputs carry
    # their own ids (a radio group's first radio): a link must land on an element that exists.
    error_anchors: dict[str, str] = {}

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
