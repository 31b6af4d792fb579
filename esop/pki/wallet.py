"""Sealing a certificate's private key and binding secret under its 6-digit PIN.

key = HMAC-SHA256(server secret, argon2id(PIN, salt)): a stolen table alone cannot be brute-forced
over the 10^6 PINs without the server secret, and the server secret alone opens nothing.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..security import crypto

# The KDF cost follows the password hasher's settings (ESOP_ARGON2_MEMORY_KIB / _TIME_COST).
_COST = {"memory_kib": 19456, "time_cost": 2}


class WrongPin(Exception):
    pass


def configure(memory_kib: int, time_cost: int) -> None:
    _COST.update(memory_kib=memory_kib, time_cost=time_cost)


def _server_secret() -> bytes:
    # Domain-separated from the blind-index key; the sandbox cloud's own secret.
    return hmac.new(crypto.keyring().index_key, b"certcloud.wallet.v1", hashlib.sha256).digest()


def _key(pin: str, salt: bytes) -> bytes:
    stretched = hash_secret_raw(pin.encode(), salt, time_cost=_COST["time_cost"],
                                memory_cost=_COST["memory_kib"], parallelism=1, hash_len=32, type=Type.ID)
    return hmac.new(_server_secret(), stretched, hashlib.sha256).digest()


def seal(pin: str, key_pem: bytes, secret: bytes, context: str) -> tuple[str, str]:
    """(salt, sealed) as text columns."""
    salt = os.urandom(16)
    nonce = os.urandom(12)
    payload = json.dumps({"key": key_pem.decode(), "r": secret.hex()}).encode()
    sealed = AESGCM(_key(pin, salt)).encrypt(nonce, payload, context.encode())
    return base64.b64encode(salt).decode(), base64.b64encode(nonce + sealed).decode()


def unseal(pin: str, salt: str, sealed: str, context: str) -> tuple[bytes, bytes]:
    """(private key PEM, binding secret); WrongPin when the PIN does not open it."""
    raw = base64.b64decode(sealed)
    try:
        payload = AESGCM(_key(pin, base64.b64decode(salt))).decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag as exc:
        raise WrongPin() from exc
    data = json.loads(payload)
    return data["key"].encode(), bytes.fromhex(data["r"])
