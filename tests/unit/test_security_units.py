"""The rest of esop/security/ tested directly, without the app (make mutate runs only tests/unit):
log masking, password hashing settings, untypable input, security headers and key rotation."""
from __future__ import annotations

import logging
import sys

import pytest
from flask import Flask, request
from peewee import IntegerField, SqliteDatabase, TextField
from werkzeug.datastructures import ImmutableMultiDict

from esop.db import BaseModel, db
from esop.models.fields import EncryptedField
from esop.security import crypto, headers, inputs, logmask, passwords, rotation

# --- log masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, masked", [
    ("rrn 7103211234567 end", "rrn 710321-1****** end"),
    ("710321-1234567", "710321-1******"),
    ("710321 1234567", "710321-1******"),
    ("710321–1234567", "710321-1******"),
    ("x17103211234567", "x17103211234567"),       # 14 digits is not an RRN
    ("71032112345678", "71032112345678"),
    ("710321--1234567", "710321--1234567"),
    ("a 710321-1234567 b 8001012345678", "a 710321-1****** b 800101-2******"),
])
def test_rrn_shapes_are_masked_in_log_text(text, masked):
    assert logmask.mask_rrns(text) == masked


def record(msg, args=(), exc_info=None, stack_info=None):
    rec = logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, exc_info)
    rec.stack_info = stack_info
    return rec


def test_filter_formats_masks_and_drops_the_arguments():
    rec = record("member %s signed up", ("7103211234567",))
    assert logmask.RrnMaskingFilter().filter(rec) is True
    assert (rec.msg, rec.args, rec.getMessage()) == ("member 710321-1****** signed up", None, "member 710321-1****** signed up")


def test_a_bad_format_string_keeps_the_line_masked():
    rec = record("rrn %s %s 7103211234567", ("only one",))
    logmask.RrnMaskingFilter().filter(rec)
    assert rec.msg == "rrn %s %s 710321-1******" and rec.args is None


def test_tracebacks_and_stacks_are_masked():
    try:
        raise ValueError("bad 7103211234567")
    except ValueError:
        rec = record("failed", exc_info=sys.exc_info(), stack_info="Stack: 7103211234567")
    logmask.RrnMaskingFilter().filter(rec)
    assert "ValueError: bad 710321-1******" in rec.exc_text and "1234567" not in rec.exc_text
    assert rec.exc_text.startswith("Traceback (most recent call last):\n  File ")
    assert rec.stack_info == "Stack: 710321-1******"
    rec = record("already formatted")
    rec.exc_text = "Traceback 7103211234567"
    logmask.RrnMaskingFilter().filter(rec)
    assert rec.exc_text == "Traceback 710321-1******" and rec.stack_info is None


@pytest.fixture
def clean_logging(monkeypatch):
    factory = logging.getLogRecordFactory()
    configured = []
    monkeypatch.setattr(logging, "basicConfig", lambda **kw: configured.append(kw))
    yield configured
    logging.setLogRecordFactory(factory)


def install_without_handlers():
    """logmask.install() with no root handler (pytest adds its own while a test runs)."""
    root = logging.getLogger()
    saved, root.handlers[:] = root.handlers[:], []
    try:
        logmask.install()
    finally:
        root.handlers[:] = saved


def test_install_masks_every_record_once_and_leaves_handlers_to_requestlog(clean_logging):
    logging.setLogRecordFactory(logging.LogRecord)
    install_without_handlers()
    factory = logging.getLogRecordFactory()
    install_without_handlers()                          # a second install keeps the first factory
    assert logging.getLogRecordFactory() is factory and factory._esop_masking is True
    rec = factory("t", logging.INFO, __file__, 1, "rrn %s", ("7103211234567",), None)
    assert rec.getMessage() == "rrn 710321-1******"
    rec = factory("t", logging.INFO, __file__, 1, "m", (), None, sinfo="Stack 7103211234567")
    assert rec.stack_info == "Stack 710321-1******"
    assert clean_logging == []   # logging itself is configured by requestlog.configure_logging


def test_masking_and_request_ids_wrap_the_factory_once_however_many_apps_start(clean_logging):
    from esop import requestlog
    logging.setLogRecordFactory(logging.LogRecord)
    for _ in range(3):   # one create_app after another, as the test suite does
        install_without_handlers()
        requestlog._install_record_factory()
    depth, factory = 0, logging.getLogRecordFactory()
    while factory is not logging.LogRecord:
        depth += 1
        factory = next(c.cell_contents for c in factory.__closure__ if callable(c.cell_contents))
    assert depth == 2


def test_install_leaves_configured_handlers_alone(clean_logging, monkeypatch):
    logging.setLogRecordFactory(logging.LogRecord)
    monkeypatch.setattr(logging.getLogger(), "handlers", [logging.NullHandler()])
    logmask.install()
    assert clean_logging == []


# --- password hashing -----------------------------------------------------------------------------

@pytest.fixture
def cheap_hasher(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", passwords._hasher)
    monkeypatch.setattr(passwords, "_DUMMY", passwords._DUMMY)
    passwords.configure(memory_kib=8, time_cost=1)


def test_configure_sets_memory_time_and_one_lane(cheap_hasher):
    stored = passwords.hash_password("x9k2m#ab")
    assert stored.startswith("$argon2id$") and "m=8,t=1,p=1" in stored
    assert passwords.verify_password(stored, "x9k2m#ab") and not passwords.verify_password(stored, "x9k2m#ac")
    assert not passwords.verify_password("not a hash", "x9k2m#ab")
    assert not passwords.needs_rehash(stored)
    passwords.configure(memory_kib=16, time_cost=2)
    assert passwords.needs_rehash(stored)


def test_the_dummy_hash_follows_the_configured_cost(cheap_hasher):
    passwords.dummy_verify("anything")
    assert "m=8,t=1,p=1" in passwords._DUMMY
    passwords.configure(memory_kib=16, time_cost=2)
    assert passwords._DUMMY is None
    passwords.dummy_verify("anything")
    assert "m=16,t=2,p=1" in passwords._DUMMY


# --- untypable input ------------------------------------------------------------------------------

def test_clean_input_is_passed_through_untouched():
    data = ImmutableMultiDict([("name", "홍길동\t\n"), ("name", "둘")])
    assert inputs._without_untypable(data) is data


@pytest.mark.parametrize("pairs, cleaned", [
    ([("na\x00me", "ok")], [("name", "ok")]),
    ([("name", "a\x00b"), ("name", "c\ufffe")], [("name", "ab"), ("name", "c")]),
    ([("x", "ok"), ("y", "\x7fz\U0010ffff")], [("x", "ok"), ("y", "z")]),
])
def test_untypable_characters_are_dropped_from_keys_and_values(pairs, cleaned):
    assert list(inputs._without_untypable(ImmutableMultiDict(pairs)).items(multi=True)) == cleaned


def test_requests_see_cleaned_query_and_form():
    app = Flask(__name__)
    inputs.init_app(app)
    assert app.request_class is inputs.EsopRequest
    with app.test_request_context("/?q=a%00b", method="POST", data={"name": "홍\x00길동"}):
        assert request.args["q"] == "ab" and request.form["name"] == "홍길동"
        assert request.form.getlist("name") == ["홍길동"]


# --- security headers -----------------------------------------------------------------------------

def header_app(production: bool) -> Flask:
    app = Flask(__name__)
    app.config["PRODUCTION"] = production
    headers.init_app(app)
    app.add_url_rule("/page", "page", lambda: "<p>hi</p>")
    app.add_url_rule("/json", "json", lambda: {"a": 1})
    app.add_url_rule("/own", "own", lambda: ("x", 200, {"X-Frame-Options": "SAMEORIGIN"}))
    return app


def test_every_response_carries_the_security_headers():
    r = header_app(False).test_client().get("/json")
    assert r.headers["Content-Security-Policy"] == headers.CSP
    assert "script-src 'self'" in headers.CSP and "frame-ancestors 'none'" in headers.CSP
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert r.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"
    assert "Cache-Control" not in r.headers and "Vary" not in r.headers
    assert "Strict-Transport-Security" not in r.headers


def test_pages_are_not_cached_and_vary_by_htmx():
    r = header_app(False).test_client().get("/page")
    assert r.headers["Cache-Control"] == "no-store" and r.headers.getlist("Vary")[-1] == "HX-Request"


def test_hsts_only_in_production_and_a_view_may_set_its_own():
    client = header_app(True).test_client()
    assert client.get("/json").headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/own").headers["X-Frame-Options"] == "SAMEORIGIN"


# --- key rotation ---------------------------------------------------------------------------------

def key(n: int) -> str:
    import base64
    return base64.urlsafe_b64encode(bytes([n]) * 32).decode()


class RotSecret(BaseModel):
    label = TextField()
    secret = EncryptedField("rot.secret", null=True)
    other = EncryptedField("rot.other", null=True)


class RotChild(RotSecret):       # found through its parent: rotation walks subclasses of subclasses
    pass


class RotPlain(BaseModel):
    n = IntegerField()


class RotMissing(BaseModel):    # no table: skipped
    secret = EncryptedField("rot.missing")


@pytest.fixture
def rotation_db(monkeypatch):
    previous_db, previous_ring = db.obj, crypto._keyring
    database = SqliteDatabase(":memory:")
    db.initialize(database)
    database.create_tables([RotSecret, RotChild, RotPlain])
    yield database
    database.close()
    db.initialize(previous_db)
    crypto._keyring = previous_ring


def raw(model):
    return [tuple(row) for row in db.execute_sql(f'SELECT id, secret, other FROM "{model._meta.table_name}" ORDER BY id')]


def test_rotation_reencrypts_only_what_an_older_key_wrote(rotation_db):
    index = key(9)
    crypto.install(crypto.Keyring(f"old:{key(1)}", index))
    for i in range(5):
        RotSecret.create(label=f"r{i}", secret=f"s{i}", other=None if i == 2 else f"o{i}")
    RotChild.create(label="c", secret="child", other="x")
    RotPlain.create(n=1)
    crypto.install(crypto.Keyring(f"new:{key(2)},old:{key(1)}", index))
    RotSecret.create(label="fresh", secret="already new", other=None)
    before = raw(RotSecret)

    assert rotation.rotate(batch=2) == {"rotsecret": 5, "rotchild": 1}

    after = raw(RotSecret)
    assert after[-1] == before[-1]                              # already under the active key: untouched
    assert all(t is None or t.startswith("g1:new:") for row in after + raw(RotChild) for t in row[1:])
    assert [(r.secret, r.other) for r in RotSecret.select().order_by(RotSecret.id)] == [
        ("s0", "o0"), ("s1", "o1"), ("s2", None), ("s3", "o3"), ("s4", "o4"), ("already new", None)]
    assert RotChild.get().secret == "child"
    assert rotation.rotate() == {"rotsecret": 0, "rotchild": 0}


def test_a_row_is_stale_when_any_of_its_columns_is():
    ring = crypto.Keyring(f"new:{key(2)},old:{key(1)}", key(9))
    old = crypto.Keyring(f"old:{key(1)}", key(9))
    assert ring.key_id(old.encrypt("a", "c")) == "old" and ring.active == "new"
