"""Identity binding as Korean accredited certificates do it (KISA 식별번호를 이용한 본인확인 기술규격).

The certificate carries, in subjectAltName otherName 1.2.410.200004.10.1.1 (identifyData), the
holder's real name and a VID = H(H(RRN || R)), where R is a per-certificate random secret kept
with the private key. Whoever holds the key (and R) can prove the RRN; the certificate alone
does not reveal it.
"""
from __future__ import annotations

import hashlib
import hmac

from cryptography import x509
from cryptography.x509.oid import ObjectIdentifier

IDENTIFY_DATA = ObjectIdentifier("1.2.410.200004.10.1.1")
_SHA256_OID = bytes.fromhex("0609608648016503040201")  # DER OID 2.16.840.1.101.3.4.2.1


class BindingError(ValueError):
    """The certificate carries no readable identity binding."""


def virtual_id(rrn_digits: str, secret: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(rrn_digits.encode() + secret).digest()).digest()


def matches(vid: bytes, rrn_digits: str, secret: bytes) -> bool:
    return hmac.compare_digest(vid, virtual_id(rrn_digits, secret))


def _tlv(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + body


def encode_identify_data(real_name: str, vid: bytes) -> bytes:
    """IdentifyData ::= SEQUENCE { realName UTF8String, userInfos SEQUENCE OF VID }
    VID ::= SEQUENCE { hashAlg [0] EXPLICIT AlgorithmIdentifier, virtualID [1] EXPLICIT OCTET STRING }"""
    alg = _tlv(0x30, _SHA256_OID + b"\x05\x00")
    one = _tlv(0x30, _tlv(0xA0, alg) + _tlv(0xA1, _tlv(0x04, vid)))
    return _tlv(0x30, _tlv(0x0C, real_name.encode()) + _tlv(0x30, one))


def _read(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """One TLV at pos: (tag, value, next position). Raises BindingError on truncation."""
    if pos + 2 > len(data):
        raise BindingError("truncated")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first & 0x80:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise BindingError("bad length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    else:
        length = first
    if pos + length > len(data):
        raise BindingError("truncated")
    return tag, data[pos:pos + length], pos + length


def decode_identify_data(der: bytes) -> tuple[str, bytes]:
    """(realName, VID) from the DER value; BindingError when the structure is not what we issue."""
    tag, body, _ = _read(der, 0)
    if tag != 0x30:
        raise BindingError("not a sequence")
    tag, name, pos = _read(body, 0)
    if tag != 0x0C:
        raise BindingError("no realName")
    tag, infos, _ = _read(body, pos)
    tag2, vid_seq, _ = _read(infos, 0)
    if tag != 0x30 or tag2 != 0x30:
        raise BindingError("no VID")
    pos = 0
    while pos < len(vid_seq):
        tag, value, pos = _read(vid_seq, pos)
        if tag == 0xA1:
            inner_tag, vid, _ = _read(value, 0)
            if inner_tag == 0x04 and len(vid) == 32:
                try:
                    return name.decode(), vid
                except UnicodeDecodeError as exc:
                    raise BindingError("bad realName") from exc
    raise BindingError("no virtualID")


def binding_of(cert: x509.Certificate) -> tuple[str, bytes]:
    """The (realName, VID) a certificate carries; BindingError when it has none."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound as exc:
        raise BindingError("no subjectAltName") from exc
    except (ValueError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType) as exc:   # bench/fuzz.py
        raise BindingError("unreadable extensions") from exc
    for other in san.get_values_for_type(x509.OtherName):
        if other.type_id == IDENTIFY_DATA:
            # cryptography hands back the [0] EXPLICIT wrapper's content: the IdentifyData TLV.
            return decode_identify_data(other.value)
    raise BindingError("no identifyData")
