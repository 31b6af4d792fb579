"""OCSP (RFC 6960) as esop reads it: a signed answer about exactly this certificate, fresh, from its
issuer or the issuer's delegated responder — anything else is no answer. And OcspOverHttp against a
responder on a real socket."""
from __future__ import annotations

import base64
import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp as x509_ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from esop.adapters import ProviderError
from esop.adapters.revocation import OcspOverHttp
from esop.pki import ocsp

NOW = dt.datetime.now(dt.timezone.utc)
NONE_REVOKED = lambda serial: None  # noqa: E731


def _cert(name, key, issuer=None, issuer_key=None, ca=False, ocsp_signing=False, url=None):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.subject if issuer else subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ocsp_signing:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False)
    if url:
        builder = builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(url))]), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki():
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _cert("CA", ca_key, ca=True)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = _cert("leaf", leaf_key, ca, ca_key)
    return ca, ca_key, leaf


def _ask(pki, revoked=NONE_REVOKED, **kw):
    ca, ca_key, leaf = pki
    request, nonce = ocsp.build_request(leaf, ca)
    return ocsp.read_response(ocsp.answer(request, ca, ca_key, revoked, **kw), leaf, ca, nonce)


def test_good_and_revoked_from_the_issuer(pki):
    assert _ask(pki) == "good"
    assert _ask(pki, revoked=lambda serial: NOW - dt.timedelta(hours=1)) == "revoked"


def test_sha256_cert_ids_are_understood_too(pki):
    ca, ca_key, leaf = pki
    request = x509_ocsp.OCSPRequestBuilder().add_certificate(leaf, ca, hashes.SHA256()).build()
    assert ocsp.read_response(ocsp.answer(request.public_bytes(Encoding.DER), ca, ca_key, NONE_REVOKED),
                              leaf, ca, None) == "good"


def test_a_responder_answers_unknown_for_another_cas_certificate(pki):
    ca, ca_key, leaf = pki
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = _cert("Other CA", other_key, ca=True)
    foreign = _cert("foreign", ec.generate_private_key(ec.SECP256R1()), other, other_key)
    request, nonce = ocsp.build_request(foreign, other)
    der = ocsp.answer(request, ca, ca_key, lambda serial: NOW)   # asked the wrong CA
    with pytest.raises(ocsp.OcspError):   # signed by ca, not by foreign's issuer
        ocsp.read_response(der, foreign, other, nonce)


def test_an_answer_signed_by_anyone_but_the_issuer_is_no_answer(pki):
    ca, ca_key, leaf = pki
    impostor_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    impostor = _cert("CA", impostor_key, ca=True)     # same name, other key
    request, nonce = ocsp.build_request(leaf, ca)
    with pytest.raises(ocsp.OcspError, match="not signed"):
        ocsp.read_response(ocsp.answer(request, impostor, impostor_key, NONE_REVOKED), leaf, ca, nonce)


def _delegated_answer(pki, responder, responder_key, status=x509_ocsp.OCSPCertStatus.GOOD):
    ca, _, leaf = pki
    return (x509_ocsp.OCSPResponseBuilder()
            .add_response(leaf, ca, hashes.SHA1(), status, NOW, NOW + dt.timedelta(hours=1), None, None)
            .responder_id(x509_ocsp.OCSPResponderEncoding.HASH, responder).certificates([responder])
            .sign(responder_key, hashes.SHA256()).public_bytes(Encoding.DER))


def test_a_delegated_responder_counts_only_with_the_ocsp_signing_purpose(pki):
    ca, ca_key, leaf = pki
    key = ec.generate_private_key(ec.SECP256R1())
    delegated = _cert("OCSP responder", key, ca, ca_key, ocsp_signing=True)
    assert ocsp.read_response(_delegated_answer(pki, delegated, key), leaf, ca, None) == "good"
    plain = _cert("not a responder", key, ca, ca_key)
    with pytest.raises(ocsp.OcspError, match="not signed"):
        ocsp.read_response(_delegated_answer(pki, plain, key), leaf, ca, None)
    self_made = _cert("OCSP responder", key, ocsp_signing=True)   # not issued by the CA
    with pytest.raises(ocsp.OcspError, match="not signed"):
        ocsp.read_response(_delegated_answer(pki, self_made, key), leaf, ca, None)


def test_stale_future_and_foreign_answers_are_no_answer(pki):
    with pytest.raises(ocsp.OcspError, match="stale"):
        _ask(pki, now=NOW - dt.timedelta(hours=2))          # nextUpdate (1 h) long past
    with pytest.raises(ocsp.OcspError, match="future"):
        _ask(pki, now=NOW + dt.timedelta(hours=1))
    ca, ca_key, leaf = pki
    sibling = _cert("sibling", ec.generate_private_key(ec.SECP256R1()), ca, ca_key)
    request, _ = ocsp.build_request(sibling, ca)
    with pytest.raises(ocsp.OcspError, match="no answer about this certificate"):
        ocsp.read_response(ocsp.answer(request, ca, ca_key, NONE_REVOKED), leaf, ca, None)


def test_an_echoed_nonce_must_be_ours(pki):
    ca, ca_key, leaf = pki
    request, _ = ocsp.build_request(leaf, ca)
    with pytest.raises(ocsp.OcspError, match="nonce"):
        ocsp.read_response(ocsp.answer(request, ca, ca_key, NONE_REVOKED), leaf, ca, b"another request")


def test_unreadable_or_unsuccessful_answers_are_no_answer(pki):
    ca, _, leaf = pki
    for der in (b"", b"\x30\x03\x0a\x01\x00", x509_ocsp.OCSPResponseBuilder.build_unsuccessful(
            x509_ocsp.OCSPResponseStatus.TRY_LATER).public_bytes(Encoding.DER)):
        with pytest.raises(ocsp.OcspError):
            ocsp.read_response(der, leaf, ca, None)


# Requests bench/fuzz.py (S8) found to crash the responder: an unknown CertID hash (1.3.14.3.2.46),
# a negative serial number. Each must get 'malformedRequest', never an exception.
FUZZ_CRASHES = [
    "MGgwZjA/MD0wOzAJBgUrDgMCLgUABBS+oPKB7INEgnT+sYJZs1HisfuhzgQUkDRtt5EMQ7y3eWSn4O3di/e8Lf0CAjA5oiMwITAf"
    "BgkrBgEFBQcwAQIEEgQQ+eY9ZxosIUHkgHAhdO4ouw==",
    "MGgwZjA/MD0wOzAJBgUrDgMCGgUABBS+oPKB7INEgHT+sYJZs1HisfuhzgQU3x4MvrstqT8AFLR2CYlmC5zSJ4wCArA5oiMwITAf"
    "BgkrBgEFBQcwAQIEEgQQGW6tP3i1z2N9yD0XEdSzeg==",
]


def test_requests_the_fuzzer_found_are_refused_as_malformed(pki):
    ca, ca_key, _ = pki
    for text in FUZZ_CRASHES:
        der = ocsp.answer(base64.b64decode(text), ca, ca_key, NONE_REVOKED)
        assert x509_ocsp.load_der_ocsp_response(der).response_status == \
            x509_ocsp.OCSPResponseStatus.MALFORMED_REQUEST


# --- OcspOverHttp: the production adapter, against a responder on loopback ----------------------

@pytest.fixture
def responder(pki):
    ca, ca_key, _ = pki
    state = {"revoked": False, "seen": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["seen"].append(self.headers["Content-Type"])
            der = ocsp.answer(body, ca, ca_key, lambda serial: NOW if state["revoked"] else None,
                              now=state.get("now"))
            self.send_response(200)
            self.send_header("Content-Type", "application/ocsp-response")
            self.end_headers()
            self.wfile.write(der)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ocsp", state
    server.shutdown()
    server.server_close()


def test_over_http_the_certificates_responder_says_good_then_revoked(pki, responder):
    ca, ca_key, _ = pki
    url, state = responder
    leaf = _cert("leaf", ec.generate_private_key(ec.SECP256R1()), ca, ca_key, url=url)
    assert OcspOverHttp(timeout=2).status(leaf, ca) == "good"
    state["revoked"] = True
    assert OcspOverHttp(timeout=2).status(leaf, ca) == "revoked"
    assert state["seen"] == ["application/ocsp-request"] * 2


def test_over_http_an_answer_is_kept_until_its_next_update(pki, responder):
    """Issue 14: one round trip per certificate per nextUpdate (the sandbox responder answers for 1 h)."""
    ca, ca_key, _ = pki
    url, state = responder
    leaf = _cert("leaf", ec.generate_private_key(ec.SECP256R1()), ca, ca_key, url=url)
    checker = OcspOverHttp(timeout=2)
    checker.clock = lambda: NOW
    state["now"] = NOW
    assert checker.status(leaf, ca) == "good"
    state["revoked"] = True
    checker.clock = lambda: NOW + dt.timedelta(minutes=59)
    assert checker.status(leaf, ca) == "good"           # the CA vouched for this hour
    assert len(state["seen"]) == 1
    checker.clock = lambda: NOW + dt.timedelta(minutes=61)
    state["now"] = NOW + dt.timedelta(minutes=61)
    assert checker.status(leaf, ca) == "revoked"        # past nextUpdate: asked again
    assert len(state["seen"]) == 2
    other = _cert("leaf2", ec.generate_private_key(ec.SECP256R1()), ca, ca_key, url=url)
    assert checker.status(other, ca) == "revoked" and len(state["seen"]) == 3   # per certificate


def test_over_http_no_responder_no_url_or_another_scheme_refuses_for_now(pki):
    from serverkit import free_port
    ca, ca_key, _ = pki
    for url in (f"http://127.0.0.1:{free_port()}/ocsp", "file:///etc/passwd", None):
        leaf = _cert("leaf", ec.generate_private_key(ec.SECP256R1()), ca, ca_key, url=url)
        with pytest.raises(ProviderError) as e:
            OcspOverHttp(timeout=1).status(leaf, ca)
        assert "폐지 여부를 확인하지 못했습니다" in e.value.message
