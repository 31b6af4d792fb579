"""The two WebAuthn ceremonies through py_webauthn (Duo Labs): CBOR, COSE keys, attestation and
signature checks are the library's; this module only says which RP, origin and rules apply.

Decisions (README, 패스키):
  * discoverable credentials (residentKey required) and an empty allowCredentials at login: the member
    types nothing, not even the ID — the gain for screen-reader and keyboard users (issue 16) — and
    the login page cannot be asked which IDs have passkeys;
  * userVerification required: the device's PIN or biometric makes a passkey two factors on its own,
    so it may stand in for the password (ASVS v5 6.2, NIST SP 800-63B AAL2 multi-factor authenticator);
  * attestation "none": members use the authenticator they have; we trust the key, not the vendor.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request
from webauthn import (generate_authentication_options, generate_registration_options, options_to_json,
                      verify_authentication_response, verify_registration_response)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (AuthenticatorSelectionCriteria, AuthenticatorTransport,
                                      PublicKeyCredentialDescriptor, ResidentKeyRequirement,
                                      UserVerificationRequirement)

RP_NAME = "esop 우리사주뱅킹"
KNOWN_TRANSPORTS = {t.value for t in AuthenticatorTransport}


class CeremonyFailed(Exception):
    """The browser's answer did not verify (wrong origin or RP, bad signature, stale counter …)."""


@dataclass(frozen=True)
class RelyingParty:
    rp_id: str
    origin: str


def relying_party() -> RelyingParty | None:
    """ESOP_PUBLIC_URL's host and origin; without it, outside production, this request's own
    (development, tests); None in production without it: no passkeys (fail closed)."""
    public = current_app.config.get("PUBLIC_URL") or ""
    if not public:
        if current_app.config["PRODUCTION"]:
            return None
        public = request.host_url.rstrip("/")
    parts = urlsplit(public)
    return RelyingParty(parts.hostname or "", public)


def registration_options(rp: RelyingParty, *, user_handle: bytes, user_name: str, display_name: str,
                         challenge: bytes, exclude: list[str], timeout_ms: int) -> str:
    options = generate_registration_options(
        rp_id=rp.rp_id, rp_name=RP_NAME, user_id=user_handle, user_name=user_name,
        user_display_name=display_name, challenge=challenge, timeout=timeout_ms,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=_bytes(c)) for c in exclude])
    return options_to_json(options)


def authentication_options(rp: RelyingParty, *, challenge: bytes, timeout_ms: int) -> str:
    options = generate_authentication_options(
        rp_id=rp.rp_id, challenge=challenge, timeout=timeout_ms,
        user_verification=UserVerificationRequirement.REQUIRED)
    return options_to_json(options)


@dataclass(frozen=True)
class NewCredential:
    credential_id: str
    public_key: bytes
    sign_count: int
    transports: str


def verify_registration(rp: RelyingParty, credential: dict, challenge: bytes) -> NewCredential:
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp.rp_id,
            expected_origin=rp.origin, require_user_verification=True)
    except (InvalidRegistrationResponse, ValueError, TypeError, KeyError) as exc:
        raise CeremonyFailed(str(exc)) from None
    hints = (credential.get("response") or {}).get("transports") or []
    transports = ",".join(t for t in hints if isinstance(t, str) and t in KNOWN_TRANSPORTS)
    return NewCredential(bytes_to_base64url(verified.credential_id), verified.credential_public_key,
                         verified.sign_count, transports)


def verify_assertion(rp: RelyingParty, credential: dict, challenge: bytes, *, public_key: bytes,
                     sign_count: int) -> int:
    """The authenticator's new sign count, or CeremonyFailed. The library refuses a count that did
    not grow (a cloned authenticator, WebAuthn §6.1.1) unless both are 0 (a passkey keeping none)."""
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp.rp_id,
            expected_origin=rp.origin, credential_public_key=public_key,
            credential_current_sign_count=sign_count, require_user_verification=True)
    except (InvalidAuthenticationResponse, ValueError, TypeError, KeyError) as exc:
        raise CeremonyFailed(str(exc)) from None
    return verified.new_sign_count


def credential_id_of(credential) -> str:
    """The credential ID the browser names (base64url), "" when the body has none."""
    if not isinstance(credential, dict):
        return ""
    value = credential.get("id")
    return value if isinstance(value, str) and 0 < len(value) <= 1400 else ""


def parse_body(raw: bytes) -> dict:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _bytes(b64url: str) -> bytes:
    from webauthn.helpers import base64url_to_bytes
    return base64url_to_bytes(b64url)
