"""AES-256-GCM for personal data at rest, under rotating key ids, and keyed blind indexes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_FORMAT = "g1"  # bump when the token layout changes


class CryptoError(RuntimeError):
    pass


def _b64decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Keyring:
    """Data keys by id; the first is used to encrypt, all can decrypt (so keys can rotate)."""

    def __init__(self, data_keys: str, index_key: str):
        self.keys: dict[str, bytes] = {}
        for part in data_keys.split(","):
            kid, _, b64 = part.strip().partition(":")
            key = _b64decode(b64)
            if not kid or len(key) != 32:
                raise CryptoError("ESOP_DATA_KEYS must be 'id:base64-of-32-bytes[,id:...]'")
            self.keys[kid] = key
        self.active = next(iter(self.keys))
        self.index_key = _b64decode(index_key)
        if len(self.index_key) < 32:
            raise CryptoError("ESOP_INDEX_KEY must be base64 of at least 32 bytes")

    def encrypt(self, plaintext: str, context: str) -> str:
        """Encrypt; `context` (e.g. 'member.rrn') is bound as AAD so values cannot be moved between columns."""
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext.encode(), context.encode())
        return f"{_FORMAT}:{self.active}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        fmt, kid, b64 = token.split(":", 2)
        if fmt != _FORMAT or kid not in self.keys:
            raise CryptoError(f"unknown key id or format: {fmt}:{kid}")
        raw = _b64decode(b64)
        return AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], context.encode()).decode()

    def key_id(self, token: str) -> str:
        return token.split(":", 2)[1]

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
