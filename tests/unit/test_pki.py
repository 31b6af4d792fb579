"""Sandbox PKI: issuance, identity binding (VID), wallet sealing and PIN lockout, challenge replay."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from esop.adapters import ProviderError
from esop.adapters.revocation import SandboxOcsp
from esop.db import db
from esop.models.sandbox import SandboxRevocation, set_switch
from esop.pki import binding, ca, wallet
from esop.pki.verifier import CertRefused, SignedAssertion, check_binding, verify_assertion

RRN = "7103211234568"
OCSP = SandboxOcsp()


def test_identify_data_roundtrip_and_garbage():
    vid = binding.virtual_id(RRN, b"r" * 20)
    name, decoded = binding.decode_identify_data(binding.encode_identify_data("홍길동", vid))
    assert (name, decoded) == ("홍길동", vid)
    assert binding.matches(vid, RRN, b"r" * 20)
    assert not binding.matches(vid, "7103211234569", b"r" * 20)
    assert not binding.matches(vid, RRN, b"s" * 20)
    for junk in (b"", b"\x30", b"\x30\x85\x00", b"\x04\x00", os.urandom(64), b"\x30\x02\x0c\x00"):
        with pytest.raises(binding.BindingError):
            binding.decode_identify_data(junk)


@pytest.fixture
def ctx(app):
    with app.app_context(), db.connection_context():
        yield app


def _rrn():
    import random

    from esop.rules.rrn import generate_valid_rrn
    return generate_valid_rrn(dt.date(1971, 3, 21), "M", rng=random.Random(1))


def test_issued_certificate_has_name_serial_validity_and_binding_but_no_rrn(ctx):
    rrn = _rrn()
    cert, key, secret = ca.issue("financial", name="홍길동", rrn_digits=rrn, institution="모의은행")
    assert ca.holder_name(cert).startswith("홍길동()")
    assert cert.not_valid_after_utc > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=300)
    der = cert.public_bytes(__import__("cryptography.hazmat.primitives.serialization", fromlist=["x"]).Encoding.DER)
    assert rrn.encode() not in der and rrn[:6].encode() + rrn[6:].encode() not in der
    name, vid = binding.binding_of(cert)
    assert name == "홍길동" and binding.matches(vid, rrn, secret)
    root = x509.load_pem_x509_certificate(ca.sandbox_ca("financial").cert_pem.encode())
    cert.verify_directly_issued_by(root)
    # The CA is generated once and kept.
    assert ca.sandbox_ca("financial").cert_pem == ca.sandbox_ca("financial").cert_pem


def _assertion(cert, key, secret, nonce):
    from cryptography.hazmat.primitives import serialization
    return SignedAssertion(cert.public_bytes(serialization.Encoding.PEM).decode(),
                           key.sign(nonce.encode(), padding.PKCS1v15(), hashes.SHA256()), secret)


def test_verifier_accepts_good_and_refuses_each_fault(ctx):
    rrn = _rrn()
    roots = ca.trusted_roots(ctx.config)
    good = ca.issue("joint", name="홍길동", rrn_digits=rrn, institution="모의증권")
    a = _assertion(*good, "n1")
    cert, fingerprint = verify_assertion(a, "n1", roots, revocation=OCSP)
    check_binding(a.cert_pem, rrn, a.binding_secret)
    with pytest.raises(CertRefused) as e:
        verify_assertion(a, "another nonce", roots, revocation=OCSP)
    assert e.value.reason == "signature"
    with pytest.raises(CertRefused) as e:
        check_binding(a.cert_pem, "8507021234567", a.binding_secret)
    assert e.value.reason == "other_person"
    with pytest.raises(CertRefused) as e:
        verify_assertion(_assertion(*ca.issue("joint", name="홍길동", rrn_digits=rrn, institution="x", expired=True),
                                    "n2"), "n2", roots, revocation=OCSP)
    assert e.value.reason == "expired"
    with pytest.raises(CertRefused) as e:
        verify_assertion(_assertion(*ca.issue("rogue", name="홍길동", rrn_digits=rrn, institution="x"), "n3"),
                         "n3", roots, revocation=OCSP)
    assert e.value.reason == "untrusted"
    with pytest.raises(CertRefused) as e:
        verify_assertion(a, "n1", [], revocation=OCSP)   # nothing trusted (sandbox off, no CA file)
    assert e.value.reason == "untrusted"


def test_a_certificate_its_ca_revoked_is_refused_and_no_answer_refuses_for_now(ctx):
    roots = ca.trusted_roots(ctx.config)
    cert, key, secret = ca.issue("financial", name="홍길동", rrn_digits=_rrn(), institution="모의은행")
    a = _assertion(cert, key, secret, "n4")
    assert verify_assertion(a, "n4", roots, revocation=OCSP)[0] == cert
    set_switch("ocsp_down", True)
    with pytest.raises(ProviderError) as e:
        verify_assertion(a, "n4", roots, revocation=OCSP)
    assert "폐지 여부를 확인하지 못했습니다" in e.value.message
    set_switch("ocsp_down", False)
    SandboxRevocation.create(ca_kind="financial", serial=format(cert.serial_number, "x"))
    with pytest.raises(CertRefused) as e:
        verify_assertion(a, "n4", roots, revocation=OCSP)
    assert e.value.reason == "revoked" and "폐지된 인증서입니다" in e.value.message
    other = ca.issue("financial", name="홍길동", rrn_digits=_rrn(), institution="모의은행")
    assert verify_assertion(_assertion(*other, "n5"), "n5", roots, revocation=OCSP)  # only that one


def test_wallet_seal_opens_only_with_the_pin():
    salt, sealed = wallet.seal("135790", b"KEY", b"R" * 20, "ctx")
    assert wallet.unseal("135790", salt, sealed, "ctx") == (b"KEY", b"R" * 20)
    for pin, context in (("135791", "ctx"), ("135790", "other")):
        with pytest.raises(wallet.WrongPin):
            wallet.unseal(pin, salt, sealed, context)


def test_pin_lockout_at_five_then_even_the_right_pin_fails(ctx):
    from esop.adapters.certcloud import PinRefused, SandboxCertCloud, sandbox_issue
    from esop.adapters.sms import SandboxSms
    row = sandbox_issue(cloud="financial", name="홍길동", rrn_digits=_rrn(), phone="010-1111-2222", pin="135790")
    cloud = SandboxCertCloud("financial", SandboxSms())
    assert cloud.sign(row.wallet_id, row.id, "135790", "n").cert_pem == row.cert_pem
    remaining = []
    for _ in range(5):
        with pytest.raises(PinRefused) as e:
            cloud.sign(row.wallet_id, row.id, "000000", "n")
        remaining.append(e.value.remaining)
    assert remaining == [4, 3, 2, 1, 0]
    with pytest.raises(PinRefused) as e:
        cloud.sign(row.wallet_id, row.id, "135790", "n")
    assert e.value.remaining == 0


def test_right_pin_resets_the_counter(ctx):
    from esop.adapters.certcloud import PinRefused, SandboxCertCloud, sandbox_issue
    from esop.adapters.sms import SandboxSms
    from esop.models.certcloud import WalletCertificate
    row = sandbox_issue(cloud="joint", name="홍길동", rrn_digits=_rrn(), phone="010-1111-2222", pin="135790")
    cloud = SandboxCertCloud("joint", SandboxSms())
    for _ in range(4):
        with pytest.raises(PinRefused):
            cloud.sign(row.wallet_id, row.id, "000000", "n")
    cloud.sign(row.wallet_id, row.id, "135790", "n")
    assert WalletCertificate.get_by_id(row.id).pin_failures == 0


def test_challenge_is_single_use_and_expires(ctx):
    from esop.models.cert import CertChallenge, consume_challenge, new_challenge
    row, nonce = new_challenge("cert:login")
    assert len(nonce) == 64 and nonce not in row.nonce_hash
    assert not consume_challenge(nonce, "cert:fin31")      # bound to its purpose
    assert consume_challenge(nonce, "cert:login")
    assert not consume_challenge(nonce, "cert:login")      # replay
    row, nonce = new_challenge("cert:login")
    CertChallenge.update(expires_at=dt.datetime.now() - dt.timedelta(seconds=1)).where(CertChallenge.id == row.id).execute()
    assert not consume_challenge(nonce, "cert:login")


def test_signup_identity_api(ctx):
    from esop.certcenter.service import verify_identity_by_certificate
    from esop.models.cert import store_proof
    rrn = _rrn()
    cert, key, secret = ca.issue("joint", name="홍길동", rrn_digits=rrn, institution="모의증권")
    from cryptography.hazmat.primitives import serialization
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    token = store_proof("signup", "joint", ca.fingerprint(cert), pem, secret)
    wrong = verify_identity_by_certificate("8507021234567", token)
    assert not wrong.ok and "본인 명의" in wrong.message
    token = store_proof("signup", "joint", ca.fingerprint(cert), pem, secret)
    ok = verify_identity_by_certificate(rrn, token)
    assert ok.ok and ok.holder.startswith("홍길동()")
    again = verify_identity_by_certificate(rrn, token)
    assert not again.ok and "이미 사용" in again.message
    assert not verify_identity_by_certificate(rrn, "").ok
