"""AES-256-GCM for personal data at rest, under rotating key ids, and keyed blind indexes."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_FORMAT = "g1"  # bump when the token layout changes
# "g1:<key id>:<urlsafe base64 of nonce + sealed text>"; anything else is refused before decrypting.
_TOKEN = re.compile(rf"{_FORMAT}:(?P<kid>[^:,\s]+):(?P<body>[A-Za-z0-9_-]+={{0,2}})")
_NONCE = 12


class CryptoError(RuntimeError):
    pass


def _b64decode(text: str) -> bytes:
    """Strict urlsafe base64, padding optional; b"" for anything else, so a typo in a key setting fails
    its length check instead of being skipped over (the lenient decoder drops stray characters)."""
    text = text.strip()
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except binascii.Error:
        return b""


class Keyring:
    """Data keys by id; the first is used to encrypt, all can decrypt (so keys can rotate)."""

    def __init__(self, data_keys: str, index_key: str):
        self.keys: dict[str, bytes] = {}
        for part in data_keys.split(","):
            kid, _, b64 = part.strip().partition(":")
            key = _b64decode(b64)
            # AES-GCM would take 16 or 24 bytes too; the setting promises AES-256, so exactly 32.
            if not kid or len(key) != 32 or kid in self.keys:
                raise CryptoError("ESOP_DATA_KEYS must be 'id:base64-of-32-bytes[,id:...]' with distinct ids")
            self.keys[kid] = key
        self.active = next(iter(self.keys))
        self.index_key = _b64decode(index_key)
        if len(self.index_key) < 32:
            raise CryptoError("ESOP_INDEX_KEY must be base64 of at least 32 bytes")

    def encrypt(self, plaintext: str, context: str) -> str:
        """Encrypt; `context` (e.g. 'member.rrn') is bound as AAD so values cannot be moved between columns."""
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext.encode(), context.encode())
        return f"{_FORMAT}:{self.active}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        kid, raw = self._parse(token)
        if kid not in self.keys:
            raise CryptoError(f"unknown key id or format: {_FORMAT}:{kid}")
        try:
            return AESGCM(self.keys[kid]).decrypt(raw[:_NONCE], raw[_NONCE:], context.encode()).decode()
        except (InvalidTag, ValueError) as exc:  # tampered, moved to another column, or too short
            raise CryptoError("token does not decrypt under its key and context") from exc

    def key_id(self, token: str) -> str:
        return self._parse(token)[0]

    @staticmethod
    def _parse(token: str) -> tuple[str, bytes]:
        match = _TOKEN.fullmatch(token)
        if not match:
            fmt, _, rest = token.partition(":")
            raise CryptoError(f"unknown key id or format: {fmt}:{rest.partition(':')[0]}")
        return match["kid"], _b64decode(match["body"])

    def blind_index(self, value: str, purpose: str) -> str:
        """HMAC-SHA256 under a separate key: equality lookups without decrypting anything."""
        msg = purpose.encode() + b"\x00" + value.encode()
        return hmac.new(self.index_key, msg, hashlib.sha256).hexdigest()


_keyring: Keyring | None = None


def install(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise CryptoError("keyring not installed; create the app first")
    return _keyring


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()
