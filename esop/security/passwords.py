"""Password and PIN hashing with argon2id (OWASP's first choice of KDF)."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def configure(memory_kib: int, time_cost: int) -> None:
    global _hasher, _DUMMY
    _hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost, parallelism=1)
    _DUMMY = None  # re-made at the configured cost on first use


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


# A hash of nothing anyone knows, checked against when the account does not exist, so a
# failed login takes the same time whether or not the ID exists.
def dummy_verify(password: str) -> None:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = _hasher.hash("esop-no-such-member")  # same parameters as real hashes, so same time
    verify_password(_DUMMY, password)


_DUMMY: str | None = None
