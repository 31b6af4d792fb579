"""Field types that keep personal data encrypted at rest, so no view can forget to."""
from __future__ import annotations

from peewee import TextField

from ..security import crypto


class EncryptedField(TextField):
    """AES-256-GCM on write, decrypt on read; `context` binds the value to its column."""

    def __init__(self, context: str, *args, **kwargs):
        self.context = context
        super().__init__(*args, **kwargs)

    def db_value(self, value):
        if value is None:
            return None
        return crypto.keyring().encrypt(str(value), self.context)

    def python_value(self, value):
        if value is None:
            return None
        return crypto.keyring().decrypt(value, self.context)
