"""Coverage-guided fuzzing of esop's parsers (reliability.md S8, bench): atheris (libFuzzer for Python)
over the RRN and phone/code parsers, the signed-cookie loaders the app uses (the Flask session, which
carries the sign-up and 추가인증 flow keys, and the 자동연결 device token), and the certificate parsing
the login path does (PEM/DER load, identity-binding decoder, signature check).

    python bench/fuzz.py                       # every target, 600 s each
    python bench/fuzz.py --seconds 60 --target rrn --target pki

Each target runs in its own process (libFuzzer stops the process at the first crash or at the time
limit). A crash is any exception other than the target's declared ones; its input is kept as
bench/out/fuzz/<target>/crash-*. Figures (executions, crashes) go to bench/out/fuzz.txt and .json.
Without atheris (no wheel for this Python) a plain random-bytes loop stands in, and says so.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
for p in (ROOT, ROOT / "tests"):
    sys.path.insert(0, str(p))

TARGETS = ("rrn", "phone", "tokens", "pki", "ocsp")


def _text(data: bytes, parts: int) -> list[str]:
    """`parts` strings from the input: split on NUL, decoded leniently (any Unicode can arrive in a form)."""
    chunks = data.split(b"\x00", parts - 1)
    chunks += [b""] * (parts - len(chunks))
    return [c.decode("utf-8", "replace") for c in chunks]


# --- targets: each returns (one_input(data), seeds, declared exceptions) ---------------------------

def target_rrn():
    from esop.rules.rrn import CHECK_DIGIT_BEFORE_YEAR, check_digit, mask_rrn, parse_rrn, spoken_mask

    def one(data: bytes) -> None:
        front, back = _text(data, 2)
        result = parse_rrn(front, back)
        if result.ok:   # 13 ASCII digits; the check digit right for births before October 2020's change
            digits = result.digits
            assert len(digits) == 13 and digits.isascii() and digits.isdigit(), digits
            assert result.birth_date.year >= CHECK_DIGIT_BEFORE_YEAR or \
                int(digits[12]) == check_digit(digits[:12], foreigner=result.foreigner), digits
            mask_rrn(digits), spoken_mask(digits)
    return one, [b"850702\x001234567", b"900101\x003000001", "８５０７０２\x00１".encode()], ()


def target_phone():
    from esop.rules.codes import check_numeric_code
    from esop.rules.digits import normalize_digits
    from esop.rules.phone import mask_phone, normalize_mobile, normalize_phone

    def one(data: bytes) -> None:
        text, = _text(data, 1)
        for value in (normalize_mobile(text), normalize_phone(text), normalize_phone(text, allow_mobile=True)):
            if value is not None:
                assert re.fullmatch(r"0\d{1,2}-\d{3,4}-\d{4}|1\d{3}-\d{4}", value), value   # 1588-…: 대표번호
                mask_phone(value)
        mask_phone(text)
        normalize_digits(text)
        check_numeric_code(text, 6, 8, label="인증번호")
    return one, [b"010-1234-5678", b"02 3770 8800", "０１０１２３４５６７８".encode()], ()


def _app():
    from esop import create_app
    from testenv import TEST_ENV
    tmp = tempfile.mkdtemp(prefix="esop-fuzz-")
    return create_app({"ENV": dict(TEST_ENV, DATABASE_URL=f"sqlite:///{tmp}/esop.db"),
                       "INSTANCE_PATH": tmp, "TESTING": True})


def target_tokens():
    """The app reads both cookies itself; an odd cookie must end in 'no session' or 'not connected'.
    Half the inputs are raw cookie text, half are payloads signed with the app's own key, which reach
    the code after the signature check: any JSON for the device token, and for the session the shape
    esop itself writes (string flow keys) — other session shapes need the secret key to forge."""
    from flask import session
    from itsdangerous import URLSafeTimedSerializer

    from esop.certcenter import cloud
    from esop.db import db
    from esop.signup import flowctx
    from esop.verify import flows as verify_flows
    app = _app()
    session_signer = app.session_interface.get_signing_serializer(app)
    device_signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="esop.cloud.device")

    def one(data: bytes) -> None:
        mode, text = (data[:1] or b"\x00")[0] % 4, data[1:].decode("utf-8", "replace")
        if mode >= 2:
            try:
                value = json.loads(text)
            except ValueError:
                value = text
            if mode == 2:   # what esop signs into the session: flow keys are strings, by purpose
                key = value if isinstance(value, str) else json.dumps(value)
                value = {"signup": key, "verify": {key[:20]: key, "recovery": key}}
            text = (session_signer if mode == 2 else device_signer).dumps(value)
        cookie = "".join(c for c in text if 0x20 < ord(c) < 0x7f and c not in ';,"\\')
        name = "esop_session" if mode in (0, 2) else "esop_cloud_joint"
        with app.test_request_context("/certcenter/", headers={"Cookie": f"{name}={cookie}"}), \
                db.connection_context():
            assert isinstance(dict(session), dict)   # the session loader
            flowctx._current_flow()                   # the sign-up flow key
            verify_flows.load("recovery")              # the 추가인증 flow keys
            wallet = cloud.auto_wallet("joint")        # the device token
            assert wallet is None or isinstance(wallet, int)
    seeds = [b"\x00eyJzaWdudXAiOiJhYmMifQ.Z0.sig", b"\x02{\"signup\": \"k\", \"verify\": {\"recovery\": 1}}",
             b"\x03{\"k\": \"joint\", \"t\": \"tok\"}", b"\x03{\"k\": \"joint\", \"t\": 5}"]
    return one, seeds, ()


def _seed_certificate(with_key: bool = False):
    """A certificate shaped like the sandbox CAs' (identifyData in subjectAltName), self-made here:
    (DER, PEM), or (DER, PEM, certificate, key) with_key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from esop.pki import binding
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "김한국()0012345678")])
    vid = binding.virtual_id("8507021234567", b"r" * 20)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(12345).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName([x509.OtherName(
                binding.IDENTIFY_DATA, binding.encode_identify_data("김한국", vid))]), critical=False)
            .sign(key, hashes.SHA256()))
    der, pem = cert.public_bytes(serialization.Encoding.DER), cert.public_bytes(serialization.Encoding.PEM).decode()
    return (der, pem, cert, key) if with_key else (der, pem)


class _SelfAnsweredOcsp:
    """The seed certificate is its own CA: its responder answers in process (the real OCSP code)."""

    def __init__(self, key):
        self.key = key

    def status(self, cert, issuer):
        from esop.pki import ocsp
        body, nonce = ocsp.build_request(cert, issuer)
        return ocsp.read_response(ocsp.answer(body, issuer, self.key, lambda serial: None), cert, issuer, nonce)


def target_pki():
    """DER or PEM (first byte chooses) → x509 load (ValueError declared) → the identity-binding decoder
    (BindingError declared) → verify_assertion as the login does it (CertRefused declared)."""
    from cryptography import x509

    from esop.pki import binding
    from esop.pki.verifier import CertRefused, SignedAssertion, verify_assertion
    der, pem, _, key = _seed_certificate(with_key=True)
    roots = [x509.load_der_x509_certificate(der)]
    revocation = _SelfAnsweredOcsp(key)

    def one(data: bytes) -> None:
        mode, body = (data[:1] or b"\x00")[0] % 3, data[1:]
        if mode == 0:
            try:
                binding.decode_identify_data(body)
            except binding.BindingError:
                pass
            return
        try:
            cert = x509.load_der_x509_certificate(body) if mode == 1 else x509.load_pem_x509_certificate(body)
        except (ValueError, x509.InvalidVersion):   # cryptography's documented refusals
            return
        try:
            binding.binding_of(cert)
        except binding.BindingError:
            pass
        try:
            pem_text = body.decode() if mode == 2 else \
                "-----BEGIN CERTIFICATE-----\n" + __import__("base64").encodebytes(body).decode() + \
                "-----END CERTIFICATE-----\n"
            verify_assertion(SignedAssertion(pem_text, body[-64:], b""), "00" * 32, roots, revocation=revocation)
        except (CertRefused, UnicodeDecodeError):
            pass
    seeds = [b"\x01" + der, b"\x02" + pem.encode(), b"\x00" + binding.encode_identify_data("김한국", b"v" * 32)]
    return one, seeds, ()


# --- running ----------------------------------------------------------------------------------------

def target_ocsp():
    """First byte chooses: bytes as an OCSP response about the seed certificate (read_response:
    OcspError declared), or as a request to the sandbox responder (answer: never raises)."""
    from esop.pki import ocsp
    _, _, cert, key = _seed_certificate(with_key=True)
    request, nonce = ocsp.build_request(cert, cert)

    def one(data: bytes) -> None:
        mode, body = (data[:1] or b"\x00")[0] % 2, data[1:]
        if mode == 1:
            ocsp.answer(body, cert, key, lambda serial: None)
            return
        try:
            ocsp.read_response(body, cert, cert, nonce)
        except ocsp.OcspError:
            pass
    good = ocsp.answer(request, cert, key, lambda serial: None)
    revoked = ocsp.answer(request, cert, key, lambda serial: dt.datetime.now(dt.timezone.utc))
    return one, [b"\x00" + good, b"\x00" + revoked, b"\x01" + request], ()


def run_one(name: str, seconds: int) -> None:
    """In the child process: fuzz one target until the time limit or the first crash."""
    workdir = OUT / "fuzz" / name
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    try:
        import atheris
    except ImportError:
        atheris = None
    if atheris is not None:
        with atheris.instrument_imports(include=["esop"]):
            one, seeds, _ = globals()[f"target_{name}"]()
    else:
        one, seeds, _ = globals()[f"target_{name}"]()
    for n, seed in enumerate(seeds):
        (corpus / f"seed-{n}").write_bytes(seed)
    if atheris is None:   # fallback: random bytes and seed mutations, no coverage guidance
        import random
        rng, runs, deadline = random.Random(8), 0, time.monotonic() + seconds
        while time.monotonic() < deadline:
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(0, 8)):
                data[rng.randrange(len(data) or 1):] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 8)))
            one(bytes(data))
            runs += 1
        print(f"stat::number_of_executed_units: {runs}\nfallback: random bytes, atheris not installed", file=sys.stderr)
        return
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-print_final_stats=1", "-timeout=20",
                   f"-artifact_prefix={workdir}/", "-rss_limit_mb=4096", str(corpus)], one)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=600, help="per target (default 600)")
    parser.add_argument("--target", action="append", choices=TARGETS, help="repeatable; default: all")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.child, args.seconds)
        return 0
    rows = []
    for name in args.target or TARGETS:
        started = time.monotonic()
        proc = subprocess.run([sys.executable, __file__, "--child", name, "--seconds", str(args.seconds)],
                              cwd=ROOT, capture_output=True, text=True, timeout=args.seconds + 300)
        log = proc.stdout + proc.stderr
        (OUT / "fuzz").mkdir(parents=True, exist_ok=True)
        (OUT / "fuzz" / f"{name}.log").write_text(log[-200_000:])
        execs = re.findall(r"stat::number_of_executed_units: (\d+)", log)
        crashed = proc.returncode != 0 or "Uncaught Python exception" in log
        artifacts = sorted(str(p.relative_to(ROOT)) for p in (OUT / "fuzz" / name).glob("crash-*"))
        rows.append({"target": name, "seconds": round(time.monotonic() - started), "execs": int(execs[-1]) if execs else 0,
                     "crashes": 1 if crashed else 0, "exit": proc.returncode, "artifacts": artifacts,
                     "engine": "random fallback" if "fallback:" in log else "atheris"})
        if crashed:
            print(log[-4000:], file=sys.stderr)
    lines = [f"{'target':8} {'engine':16} {'seconds':>7} {'execs':>10} {'crashes':>7}"]
    lines += [f"{r['target']:8} {r['engine']:16} {r['seconds']:>7} {r['execs']:>10,} {r['crashes']:>7}" for r in rows]
    print("\n".join(lines))
    (OUT / "fuzz.txt").write_text("\n".join(lines) + "\n")
    (OUT / "fuzz.json").write_text(json.dumps(rows, indent=1))
    return 1 if any(r["crashes"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
