"""esop/security/crypto.py without an app: keys are exactly what the setting says, tokens are parsed
strictly, and every failure is a CryptoError (issue 13: mutation testing found 16- and 24-byte keys,
a skipped format check and a wrong split of the rotation key list going unnoticed)."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from esop.security import crypto
from esop.security.crypto import CryptoError, Keyring


def b64(raw: bytes, pad: bool = True) -> str:
    text = base64.urlsafe_b64encode(raw).decode()
    return text if pad else text.rstrip("=")


K1, K2, INDEX = b64(b"\x01" * 32), b64(b"\x02" * 32, pad=False), b64(b"\x03" * 32)


def ring(keys: str = f"new:{K1}, old:{K2}") -> Keyring:
    return Keyring(keys, INDEX)


KEYS_MESSAGE = "^ESOP_DATA_KEYS must be 'id:base64-of-32-bytes\\[,id:...\\]' with distinct ids$"


@pytest.mark.parametrize("size", [16, 24, 31, 33, 0])
def test_only_32_byte_data_keys_are_accepted(size):
    with pytest.raises(CryptoError, match=KEYS_MESSAGE):
        Keyring(f"k1:{b64(bytes(size))}", INDEX)


@pytest.mark.parametrize("keys", [
    f"k1:{K1[:10]}!{K1[10:]}",      # a character that is not base64 is an error, not skipped
    f"k1:{K1}x",                     # 45 characters: not a whole number of base64 groups
    f"k1:{K1},",                     # an empty entry
    f":{K1}",                        # no id
    f"k1:{K1},k1:{K2}",              # the same id twice: one of the keys would be lost
    f"k:1:{K1}",                     # an id ends at the first colon
])
def test_malformed_key_lists_are_refused(keys):
    with pytest.raises(CryptoError, match=KEYS_MESSAGE):
        Keyring(keys, INDEX)


def test_index_key_needs_at_least_32_bytes():
    with pytest.raises(CryptoError, match="^ESOP_INDEX_KEY must be base64 of at least 32 bytes$"):
        Keyring(f"k1:{K1}", b64(bytes(31)))
    with pytest.raises(CryptoError, match="ESOP_INDEX_KEY"):
        Keyring(f"k1:{K1}", "not base64!")
    assert Keyring(f"k1:{K1}", b64(bytes(32))).index_key == bytes(32)


def test_rotation_list_first_key_encrypts_every_key_decrypts():
    keyring = ring()
    assert keyring.active == "new" and keyring.keys == {"new": b"\x01" * 32, "old": b"\x02" * 32}
    old_token = Keyring(f"old:{K2}", INDEX).encrypt("710321-1123450", "member.rrn")
    assert keyring.decrypt(old_token, "member.rrn") == "710321-1123450"
    new_token = keyring.encrypt("홍길동", "member.name")
    assert new_token.startswith("g1:new:") and keyring.key_id(new_token) == "new" and keyring.key_id(old_token) == "old"
    assert keyring.decrypt(new_token, "member.name") == "홍길동"


def test_token_layout_is_format_key_id_nonce_and_sealed_text():
    token = ring().encrypt("abc", "ctx")
    fmt, kid, body = token.split(":")
    raw = base64.urlsafe_b64decode(body)
    assert (fmt, kid) == ("g1", "new") and len(raw) == 12 + 3 + 16   # nonce, text, GCM tag
    assert ring().encrypt("abc", "ctx") != token                         # a fresh nonce every time


@pytest.mark.parametrize("mangle", [
    lambda t: t.replace("g1:", "g2:", 1),             # another format
    lambda t: t.replace(":new:", ":gone:", 1),        # a key id nobody has
    lambda t: t.replace(":new:", "::", 1),
    lambda t: t + ":extra",
    lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1],   # tampered ciphertext
    lambda t: t.split(":", 1)[1],                     # format missing
    lambda t: "g1:new:!!!!",
    lambda t: "g1:new:AAAA",                          # too short to hold a nonce and a tag
    lambda t: "",
])
def test_anything_but_an_intact_token_is_a_crypto_error(mangle):
    token = ring().encrypt("abc", "ctx")
    with pytest.raises(CryptoError):
        ring().decrypt(mangle(token), "ctx")


def test_a_value_cannot_be_moved_to_another_column():
    token = ring().encrypt("abc", "member.rrn")
    with pytest.raises(CryptoError, match="^token does not decrypt under its key and context$"):
        ring().decrypt(token, "member.phone")


def test_unknown_key_or_format_names_what_was_found():
    token = ring().encrypt("abc", "ctx").replace(":new:", ":gone:")
    with pytest.raises(CryptoError, match="unknown key id or format: g1:gone"):
        ring().decrypt(token, "ctx")


def test_a_malformed_token_names_its_format_and_key_id():
    with pytest.raises(CryptoError, match="^unknown key id or format: g2:new$"):
        ring().decrypt("g2:new:AAAA:BBBB", "ctx")


def test_key_id_of_a_malformed_token_is_a_crypto_error():
    with pytest.raises(CryptoError):
        ring().key_id("plaintext")


def test_blind_index_is_hmac_sha256_of_purpose_nul_value():
    expected = hmac.new(b"\x03" * 32, b"rrn\x00710321", hashlib.sha256).hexdigest()
    assert ring().blind_index("710321", "rrn") == expected


def test_keyring_must_be_installed(monkeypatch):
    monkeypatch.setattr(crypto, "_keyring", None)
    with pytest.raises(CryptoError, match="^keyring not installed; create the app first$"):
        crypto.keyring()
    keyring = ring()
    crypto.install(keyring)
    assert crypto.keyring() is keyring


def test_generated_keys_are_32_random_bytes():
    first, second = crypto.generate_key(), crypto.generate_key()
    assert first != second and len(base64.urlsafe_b64decode(first)) == 32
    assert Keyring(f"k1:{first}", second).keys["k1"] == base64.urlsafe_b64decode(first)
